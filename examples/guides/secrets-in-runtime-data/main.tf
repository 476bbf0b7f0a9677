# A test user's password for the smoke tests. `ephemeral = true` (Terraform 1.10+) keeps it
# out of the plan and state; only write-only arguments may take it.

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

variable "test_user_password" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "release" {
  type        = string
  description = "Version being deployed, e.g. a git tag."
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id = 1001
  build_number = var.release

  # Stored in state like every input: nothing secret here.
  runtime_data = {
    username = "qa-bot"
  }

  # Sent with the trigger, merged with runtime_data, and never stored anywhere.
  runtime_data_wo = {
    password = var.test_user_password
  }
  # Terraform cannot see a write-only value change. Raise this number when the password
  # changes, to run the plan again with the new one.
  runtime_data_wo_version = 1

  triggers = {
    release = var.release
  }
}
