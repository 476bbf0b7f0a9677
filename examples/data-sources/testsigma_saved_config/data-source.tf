# Exactly one saved execution config must have this name: none, or several, is an error
# (several list their ids; pick one with testsigma_saved_configs then).
data "testsigma_saved_config" "chrome" {
  name = "Chrome smoke"
}

resource "testsigma_plan_run" "chrome" {
  test_plan_id    = 1001
  saved_config_id = data.testsigma_saved_config.chrome.id
}
