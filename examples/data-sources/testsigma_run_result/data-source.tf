# Warn, without failing the plan, when the latest nightly run did not pass. A data source
# inside a check block never blocks an apply: its errors and failed assertions are warnings.
variable "nightly_run_id" {
  description = "Id of the latest nightly run (the number at the end of its URL in Testsigma)."
  type        = number
}

check "nightly_tests" {
  data "testsigma_run_result" "nightly" {
    run_id = var.nightly_run_id
  }

  assert {
    condition     = data.testsigma_run_result.nightly.passed
    error_message = "Nightly run ${var.nightly_run_id} did not pass (${coalesce(data.testsigma_run_result.nightly.result, "no result")}); failed: ${join(", ", data.testsigma_run_result.nightly.failed_tests)}. ${data.testsigma_run_result.nightly.app_url}"
  }
}

# Gate the release on a run started elsewhere (e.g. by the CI job that built it): wait for it
# to finish and stop the apply unless it passed. Data sources are read on every plan, so the
# wait slows plans while the run is going.
variable "release_candidate_run_id" {
  description = "Id of the Testsigma run that tested the release candidate."
  type        = number
}

data "testsigma_run_result" "release_candidate" {
  run_id              = var.release_candidate_run_id
  wait_for_completion = true

  timeouts {
    read = "45m"
  }

  lifecycle {
    postcondition {
      condition     = self.passed
      error_message = "Run ${self.run_id} of ${coalesce(self.test_plan_name, "the test plan")} did not pass: ${self.failed_count == null ? "?" : self.failed_count} of ${self.total_count == null ? "?" : self.total_count} test cases failed (${join(", ", self.failed_tests)}). ${self.app_url}"
    }
  }
}

# Everything that depends on the data source waits for the gate.
resource "terraform_data" "release" {
  input = data.testsigma_run_result.release_candidate.id
}

# The data-driven iterations that failed, e.g. for a notification.
output "failed_data_sets" {
  value = flatten([
    for tc in data.testsigma_run_result.release_candidate.test_cases : [
      for it in tc.iterations : "${tc.name} [${it.set_name}]" if it.result != "SUCCESS"
    ]
  ])
}
