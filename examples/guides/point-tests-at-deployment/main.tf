# Deploy, point the tests at what was just deployed, run them, and let nothing downstream
# apply on red: one `terraform apply`. `make test` applies this module against the local
# API emulator (scripts/test-guides.sh).

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

# The API key comes from TESTSIGMA_API_KEY (and the URL, if not the SaaS, from
# TESTSIGMA_BASE_URL).
provider "testsigma" {}

variable "release" {
  type        = string
  default     = "v1.4.2"
  description = "Version being deployed."
}

variable "smoke_test_plan_id" {
  type        = number
  default     = 1001
  description = "The test plan that checks a deployment."
}

# The test user's password. `ephemeral = true` (Terraform 1.10+) keeps it out of the plan
# and state; only write-only arguments, such as secret_variables_wo, may take it.
variable "test_user_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

# Stands in for the real deployment (a Helm release, an ECS service, a Cloud Run
# revision): what matters is the URL the new version answers on.
resource "terraform_data" "deploy" {
  input = "https://${replace(var.release, ".", "-")}.preview.example.com"
}

# The environment the tests run against, pointed at this deployment. Destroy leaves it in
# Testsigma (its API cannot delete environments); the plan says so.
resource "testsigma_environment" "preview" {
  name        = "Preview ${var.release}"
  description = "Managed by Terraform: the preview deployment of ${var.release}"
  variables = {
    base_url = terraform_data.deploy.output
    username = "qa-bot"
  }
  secret_variables_wo = {
    password = var.test_user_password
  }
  # Raise it when the password changes, to send the new one.
  secret_variables_wo_version = 1
}

# Runs the smoke tests against that environment and fails the apply if they do not pass.
resource "testsigma_plan_run" "smoke" {
  test_plan_id   = var.smoke_test_plan_id
  environment_id = testsigma_environment.preview.id
  build_number   = var.release

  # A new deployment is a new run, even if the URL happens to stay the same.
  triggers = {
    deployment = terraform_data.deploy.id
  }
}

# Downstream: applied only after the smoke tests passed (switch the traffic, promote the
# release, notify).
resource "terraform_data" "promote" {
  input      = var.release
  depends_on = [testsigma_plan_run.smoke]
}

output "tested_url" {
  value = testsigma_environment.preview.variables["base_url"]
}

output "smoke_result" {
  value = testsigma_plan_run.smoke.result
}
