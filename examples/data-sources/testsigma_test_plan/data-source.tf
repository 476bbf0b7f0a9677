# Exactly one test plan must have this name: none is an error that suggests the close names,
# several are an error that lists their ids (then set id instead of name).
data "testsigma_test_plan" "smoke" {
  name = "Smoke - checkout"

  lifecycle {
    # Gate on the plan's settings: this pipeline expects Testsigma not to re-run failures.
    postcondition {
      condition     = self.rerun_type == null || self.rerun_type == "NONE"
      error_message = "Test plan ${self.name} (${self.id}) re-runs failed tests by itself (rerun_type ${self.rerun_type}); this pipeline counts each failure once."
    }
  }
}

resource "testsigma_plan_run" "smoke" {
  test_plan_id = data.testsigma_test_plan.smoke.id
}
