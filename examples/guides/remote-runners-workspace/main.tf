# The workspace's Testsigma settings, managed from another configuration with the
# hashicorp/tfe provider (the same can be done by hand under Workspace > Variables).
terraform {
  required_providers {
    tfe = {
      source = "hashicorp/tfe"
    }
  }
}

variable "testsigma_api_key" {
  type        = string
  sensitive   = true
  description = "Testsigma API key (Settings > API Keys), e.g. from TF_VAR_testsigma_api_key."
}

data "tfe_workspace" "staging" {
  organization = "example"
  name         = "shop-staging"
}

# An environment variable, not a Terraform variable: the provider reads it itself, so the
# configuration declares nothing. Sensitive: once saved, neither the UI nor the API shows
# it again; it can only be replaced.
resource "tfe_variable" "testsigma_api_key" {
  workspace_id = data.tfe_workspace.staging.id
  category     = "env"
  key          = "TESTSIGMA_API_KEY"
  value        = var.testsigma_api_key
  sensitive    = true
  description  = "Testsigma API key for the testsigma provider."
}

# Only for an on-premise Testsigma; not a secret.
resource "tfe_variable" "testsigma_base_url" {
  workspace_id = data.tfe_workspace.staging.id
  category     = "env"
  key          = "TESTSIGMA_BASE_URL"
  value        = "https://testsigma.example.internal"
  description  = "Testsigma on-premise URL for the testsigma provider."
}
