# Terraform 1.14 or later. Every time the deployment changes, the smoke tests run once, and
# their progress shows in the apply's output.
action "testsigma_run_test_plan" "smoke" {
  config {
    test_plan_id = 1001
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
