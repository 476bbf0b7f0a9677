# In the configuration that promotes the release: gate on the newest run of the regression
# plan, whoever started it (the fire-and-forget apply, a schedule, someone in the UI).

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

data "testsigma_test_plan" "regression" {
  name = "Regression - payments"
}

data "testsigma_run_result" "latest" {
  run_id              = data.testsigma_test_plan.regression.last_run_id
  wait_for_completion = true

  timeouts {
    read = "45m"
  }

  lifecycle {
    precondition {
      condition     = data.testsigma_test_plan.regression.last_run_id != null
      error_message = "Test plan ${data.testsigma_test_plan.regression.name} has never run: apply the fire-and-forget configuration first."
    }
    postcondition {
      condition     = self.passed
      error_message = "The latest regression run, ${self.run_id}, did not pass (${coalesce(self.result, "no result")}); failed: ${join(", ", self.failed_tests)}. ${self.app_url}"
    }
  }
}

# Waits for the gate: nothing here is applied unless the latest run passed.
resource "terraform_data" "promote" {
  input = data.testsigma_run_result.latest.id
}
