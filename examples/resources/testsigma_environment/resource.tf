# The password comes from an ephemeral variable (Terraform 1.10+), so it is never in the
# plan or state; only write-only arguments may take it.
variable "qa_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "testsigma_environment" "staging" {
  name        = "Staging"
  description = "Pre-production, managed by Terraform"

  # Stored in state and refreshed: an edit made in Testsigma shows in the plan.
  variables = {
    base_url = "https://staging.shop.example.com"
    username = "qa-bot@example.com"
  }

  # Encrypted in Testsigma, never stored by Terraform. Raise the version to send new values.
  secret_variables_wo = {
    password = var.qa_password
  }
  secret_variables_wo_version = 1
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id   = 1001
  environment_id = testsigma_environment.staging.id
}
