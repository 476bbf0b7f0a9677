terraform {
  # The workspace, e.g.:
  # cloud {
  #   organization = "example"
  #   workspaces {
  #     name = "shop-staging"
  #   }
  # }

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

# Nothing to configure here: the API key, and for an on-premise Testsigma its URL, come from
# the workspace's environment variables TESTSIGMA_API_KEY and TESTSIGMA_BASE_URL.
provider "testsigma" {}

data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id = data.testsigma_test_plan.smoke.id
  build_number = var.release

  # Let a failed run through to the report below; the precondition of the next step is
  # the gate.
  on_failure = "warning"

  triggers = {
    release = var.release
  }

  timeouts {
    # Below the runner's own limit on an apply, so the provider, not the runner, ends a
    # wait that is too long, and the run is stopped and recorded.
    create = "45m"
  }
}

# The JUnit report, read through the API: a file written on a remote runner would be gone
# with the runner.
data "testsigma_junit_report" "smoke" {
  run_id = testsigma_plan_run.smoke.id
}

resource "terraform_data" "deploy_next" {
  input = var.release

  lifecycle {
    precondition {
      condition     = testsigma_plan_run.smoke.passed
      error_message = "Smoke run ${testsigma_plan_run.smoke.id} did not pass: ${data.testsigma_junit_report.smoke.failures} of ${data.testsigma_junit_report.smoke.tests} test cases failed. ${testsigma_plan_run.smoke.app_url}"
    }
  }
}

output "smoke_junit_xml" {
  description = "JUnit XML of the smoke run, for `terraform output -raw smoke_junit_xml > smoke.xml`."
  value       = data.testsigma_junit_report.smoke.xml
}

output "smoke_summary" {
  value = "${testsigma_plan_run.smoke.result}: ${data.testsigma_junit_report.smoke.failures} of ${data.testsigma_junit_report.smoke.tests} test cases failed. ${testsigma_plan_run.smoke.app_url}"
}
