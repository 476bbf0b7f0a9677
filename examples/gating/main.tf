# A deployment gated on a smoke test, small enough to copy: run a test plan, and apply the
# next step only once it has passed. gating.tftest.hcl next to it tests the gate with
# `terraform test`; `make test-gating` runs that against the local API emulator.

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

variable "base_url" {
  type        = string
  default     = null
  description = "Testsigma URL. Null falls back to TESTSIGMA_BASE_URL, then https://app.testsigma.com."
}

variable "test_plan_id" {
  type        = number
  description = "The smoke test plan to run (the Test Plan ID on its CI/CD Integration tab)."
}

variable "on_failure" {
  type        = string
  default     = "error"
  description = "What a failed run does to the apply: \"error\" stops it there; \"warning\" lets it go on, and the precondition of deploy_next closes the gate."
}

# The API key comes from the TESTSIGMA_API_KEY environment variable.
provider "testsigma" {
  base_url = var.base_url
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id = var.test_plan_id
  on_failure   = var.on_failure
}

# Stands in for the next step of the deployment (a module works the same way).
resource "terraform_data" "deploy_next" {
  input = testsigma_plan_run.smoke.id

  depends_on = [testsigma_plan_run.smoke]

  lifecycle {
    # With on_failure = "error" a failed run has already stopped the apply; this keeps the
    # gate closed when on_failure is "warning" too.
    precondition {
      condition     = testsigma_plan_run.smoke.passed
      error_message = "Smoke run ${testsigma_plan_run.smoke.id} did not pass (${coalesce(testsigma_plan_run.smoke.result, "no result")}): ${testsigma_plan_run.smoke.app_url}"
    }
  }
}

output "run_id" {
  value = testsigma_plan_run.smoke.id
}

output "passed" {
  value = testsigma_plan_run.smoke.passed
}

output "result" {
  value = testsigma_plan_run.smoke.result
}

output "failed_count" {
  description = "Null when Testsigma reports no counts."
  value       = testsigma_plan_run.smoke.failed_count
}

output "failed_tests" {
  value = testsigma_plan_run.smoke.failed_tests
}

output "app_url" {
  value = testsigma_plan_run.smoke.app_url
}

output "deployed" {
  description = "The run that let the next step through."
  value       = terraform_data.deploy_next.output
}
