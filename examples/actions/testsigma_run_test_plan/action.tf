# Terraform 1.14 or later. Every time the deployment changes, the smoke tests run once, and
# their progress shows in the apply's output. Before Terraform 1.16 a failed action fails the
# apply but does not hold back what depends on terraform_data.deploy. On 1.16, the default
# on_failure = halt holds it back for one apply only; on_failure = taint holds it until the
# tests pass. On any version, gate with testsigma_plan_run.

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

action "testsigma_run_test_plan" "smoke" {
  config {
    test_plan_id = data.testsigma_test_plan.smoke.id
    build_number = var.release

    timeouts {
      invoke = "20m"
    }
  }
}

variable "release" {
  type    = string
  default = "2026.11.1"
}

resource "terraform_data" "deploy" {
  input = var.release

  # Deploy var.release here (a provisioner, or the real resources that ship it).

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.testsigma_run_test_plan.smoke]
    }
  }
}
