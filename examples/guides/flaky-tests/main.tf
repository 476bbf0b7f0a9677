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

data "testsigma_test_plan" "checkout" {
  name = "Smoke - checkout"
}

resource "testsigma_plan_run" "checkout" {
  test_plan_id = data.testsigma_test_plan.checkout.id
  build_number = var.release

  # Re-run only the tests that failed, at most twice, each time of the last attempt.
  rerun_failed_tests = 2

  triggers = {
    release = var.release
  }
}

output "flaky" {
  description = "Runs that had to be re-run to pass: worth a look even when the release went out."
  value       = testsigma_plan_run.checkout.rerun_ids
}

# Why each test of the deciding attempt failed, for a dashboard or a chat message.
output "why" {
  value = [for c in testsigma_plan_run.checkout.failed_test_cases :
  "${c.name} (${coalesce(c.suite, "?")}, ${coalesce(c.machine, "?")}): ${coalesce(c.step, "?")}: ${coalesce(c.message, c.result)}"]
}
