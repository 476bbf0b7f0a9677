terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

variable "release" {
  type        = string
  description = "Version being deployed, e.g. a git tag."
}

# Plans are found by name, never by a number copied from a URL.
data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

# Runs the smoke plan once per release and waits for the verdict.
resource "testsigma_plan_run" "smoke" {
  test_plan_id      = data.testsigma_test_plan.smoke.id
  saved_config_name = "Chrome smoke"
  build_number      = var.release

  # A test that fails once and passes when re-run does not block the release: only the
  # failed tests are re-run, and the last attempt decides.
  rerun_failed_tests = 1

  # A new release means a new run; wait settings can change without starting one.
  triggers = {
    release = var.release
  }

  timeouts {
    create = "45m"
  }

  lifecycle {
    # on_failure = "error" (the default) already fails the apply when the run does not
    # pass. The postcondition states the gate in the configuration itself, and keeps it
    # if someone later switches on_failure to "warning".
    postcondition {
      condition     = self.passed && coalesce(self.failed_count, 0) == 0
      error_message = "Smoke run ${self.id} did not pass (${coalesce(self.result, "no result")}): ${self.app_url}"
    }
  }
}

# Stands in for the rest of the deployment (a module works the same way): it is applied
# only after the smoke run has passed.
resource "terraform_data" "promote" {
  input = var.release

  depends_on = [testsigma_plan_run.smoke]
}
