# Quickstart: find the "Smoke - checkout" plan and the Staging environment by name, run the
# plan there with one of the saved configs and show the result. `make demo` applies this
# against the local API emulator.

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

variable "build_number" {
  type        = string
  default     = "quickstart-1"
  description = "Build number to show on the run. Changing it starts a new run."
}

# The API key comes from the TESTSIGMA_API_KEY environment variable.
provider "testsigma" {
  base_url = var.base_url
}

# Names, not ids copied from Testsigma: a name no plan (or environment) has is an error
# that suggests the close ones.
data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

data "testsigma_environment" "staging" {
  name = "Staging"
}

data "testsigma_saved_configs" "all" {}

resource "testsigma_plan_run" "smoke" {
  test_plan_id    = data.testsigma_test_plan.smoke.id
  environment_id  = data.testsigma_environment.staging.id
  saved_config_id = data.testsigma_saved_configs.all.by_name["Chrome smoke"]
  build_number    = var.build_number
}

output "saved_configs" {
  description = "Saved config ids by name."
  value       = data.testsigma_saved_configs.all.by_name
}

output "test_plan" {
  description = "The plan that ran, found by name."
  value       = { id = data.testsigma_test_plan.smoke.id, name = data.testsigma_test_plan.smoke.name }
}

output "run_id" {
  value = testsigma_plan_run.smoke.id
}

output "status" {
  value = testsigma_plan_run.smoke.status
}

output "result" {
  value = testsigma_plan_run.smoke.result
}

output "passed" {
  value = testsigma_plan_run.smoke.passed
}

output "counts" {
  description = "Test case counts by outcome; null where Testsigma reports none."
  value = {
    total        = testsigma_plan_run.smoke.total_count
    passed       = testsigma_plan_run.smoke.passed_count
    failed       = testsigma_plan_run.smoke.failed_count
    aborted      = testsigma_plan_run.smoke.aborted_count
    stopped      = testsigma_plan_run.smoke.stopped_count
    not_executed = testsigma_plan_run.smoke.not_executed_count
    queued       = testsigma_plan_run.smoke.queued_count
  }
}

output "app_url" {
  value = testsigma_plan_run.smoke.app_url
}

output "failed_tests" {
  value = testsigma_plan_run.smoke.failed_tests
}
