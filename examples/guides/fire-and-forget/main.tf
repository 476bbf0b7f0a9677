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

data "testsigma_test_plan" "regression" {
  name = "Regression - payments"
}

# Starts the nightly regression plan and returns at once: the apply does not wait for it.
resource "testsigma_plan_run" "regression" {
  test_plan_id        = data.testsigma_test_plan.regression.id
  build_number        = var.release
  wait_for_completion = false
  # A new release replaces this resource (see triggers). Without this, the replacement
  # would stop the previous release's run if it is still going.
  stop_on_destroy = false

  triggers = {
    release = var.release
  }
}

output "regression_run" {
  description = "Where to follow the run."
  value       = testsigma_plan_run.regression.app_url
}

# Checked at the end of every plan and apply. A check never blocks anything: a failed
# assertion, or a run that cannot be read, is a warning.
check "regression_result" {
  data "testsigma_run_result" "regression" {
    run_id = testsigma_plan_run.regression.id
  }

  assert {
    # A run still going is not a failure yet.
    condition     = !data.testsigma_run_result.regression.finished || data.testsigma_run_result.regression.passed
    error_message = "Regression run ${data.testsigma_run_result.regression.id} finished with ${coalesce(data.testsigma_run_result.regression.result, "no result")}; failed: ${join(", ", data.testsigma_run_result.regression.failed_tests)}. ${data.testsigma_run_result.regression.app_url}"
  }
}
