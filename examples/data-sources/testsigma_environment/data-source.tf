# Look an environment up by name instead of copying its id from a URL. Only the variables'
# keys are read, never their values.
data "testsigma_environment" "staging" {
  name = "Staging"

  lifecycle {
    postcondition {
      condition     = contains(self.variable_keys, "base_url")
      error_message = "Environment ${self.name} (${self.id}) has no base_url variable; the smoke tests need one."
    }
  }
}

data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"
}

resource "testsigma_plan_run" "smoke_on_staging" {
  test_plan_id   = data.testsigma_test_plan.smoke.id
  environment_id = data.testsigma_environment.staging.id
}
