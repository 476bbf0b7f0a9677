terraform {
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

# Stands in for the deployment the smoke tests check (a module works the same way).
resource "terraform_data" "deploy_staging" {
  input = var.release
}

# The plan by name: a typo fails the plan, with the close names.
data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id = data.testsigma_test_plan.smoke.id
  build_number = var.release

  # One run per release. Without triggers the run happens once, when the resource is
  # created, and later applies keep its result.
  triggers = {
    release = var.release
  }

  # Test what was just deployed: the run starts only after the deployment is applied.
  depends_on = [terraform_data.deploy_staging]

  # on_failure = "error" is the default: a run that does not pass fails the apply here.
  timeouts {
    create = "30m"
  }
}

# Applied only once the smoke run has passed: a failed run stops the apply before it.
resource "terraform_data" "promote_to_production" {
  input = var.release

  depends_on = [testsigma_plan_run.smoke]
}
