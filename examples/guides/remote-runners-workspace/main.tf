# The workspace's Testsigma settings, managed from another configuration with the
# hashicorp/tfe provider (the same can be done by hand under Workspace > Variables).
terraform {
  required_providers {
    tfe = {
      source = "hashicorp/tfe"
      # value_wo_version, below, came in 0.75.0.
      version = ">= 0.75.0"
    }
  }
}

variable "testsigma_api_key" {
  type        = string
  sensitive   = true
  ephemeral   = true
  description = "Testsigma API key (Settings > API Keys), e.g. from TF_VAR_testsigma_api_key. Ephemeral: never stored in this configuration's plan or state."
}

variable "testsigma_api_key_version" {
  type        = number
  default     = 1
  description = "Raise it, with a new testsigma_api_key, to send the new key: Terraform cannot see a change of a write-only value."
}

data "tfe_workspace" "staging" {
  organization = "example"
  name         = "shop-staging"
}

# An environment variable, not a Terraform variable: the provider reads it itself, so the
# configuration declares nothing. value_wo is write-only: the key goes to HCP Terraform and
# never into this configuration's state. Sensitive: once saved, neither the UI nor the API
# shows it again; it can only be replaced.
resource "tfe_variable" "testsigma_api_key" {
  workspace_id     = data.tfe_workspace.staging.id
  category         = "env"
  key              = "TESTSIGMA_API_KEY"
  value_wo         = var.testsigma_api_key
  value_wo_version = var.testsigma_api_key_version
  sensitive        = true
  description      = "Testsigma API key for the testsigma provider."
}

# Only for an on-premise Testsigma; not a secret.
resource "tfe_variable" "testsigma_base_url" {
  workspace_id = data.tfe_workspace.staging.id
  category     = "env"
  key          = "TESTSIGMA_BASE_URL"
  value        = "https://testsigma.example.internal"
  description  = "Testsigma on-premise URL for the testsigma provider."
}
