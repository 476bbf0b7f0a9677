data "testsigma_test_plan" "regression" {
  name = "Regression - full"
}

# Every night at 01:30 New York time, with a saved config.
resource "testsigma_schedule" "nightly" {
  test_plan_id      = data.testsigma_test_plan.regression.id
  name              = "Nightly regression"
  schedule_type     = "DAILY"
  next_interval     = "2026-12-24T01:30:00"
  timezone          = "EST"
  saved_config_name = "Chrome smoke"
}

# Switched off over the holidays: `enabled = false` sends status INACTIVE, which the
# API docs do not list; the apply fails if Testsigma does not take it.
resource "testsigma_schedule" "weekly" {
  test_plan_id  = data.testsigma_test_plan.regression.id
  name          = "Weekly full run"
  schedule_type = "WEEKLY"
  next_interval = "2026-12-27T06:00:00"
  timezone      = "PST"
  enabled       = false
}
