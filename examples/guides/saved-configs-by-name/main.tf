# Three ways to name a saved execution config ("Test Plan Favourite") instead of using its id.
# The test plans are named too (data "testsigma_test_plan").

terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

data "testsigma_test_plan" "checkout" {
  name = "Smoke - checkout"
}

data "testsigma_test_plan" "payments" {
  name = "Regression - payments"
}

# 1. On the resource itself. The provider checks at plan time that a config has this name
#    (a typo fails the plan and suggests the close names) and Testsigma resolves it at trigger time.
resource "testsigma_plan_run" "checkout_chrome" {
  test_plan_id      = data.testsigma_test_plan.checkout.id
  saved_config_name = "Chrome smoke"
}

# 2. The id, looked up in the list of all configs. One request serves any number of lookups.
data "testsigma_saved_configs" "all" {}

locals {
  # Plan id and config name of each cross-browser run.
  cross_browser = {
    checkout = { plan = data.testsigma_test_plan.checkout.id, config = "Chrome smoke" }
    payments = { plan = data.testsigma_test_plan.payments.id, config = "Firefox nightly" }
  }
}

resource "testsigma_plan_run" "cross_browser" {
  for_each = local.cross_browser

  test_plan_id = each.value.plan
  # A name missing from by_name (it does not exist, or several configs share it) fails the
  # plan with "Invalid index"; the data source warns about shared names.
  saved_config_id = data.testsigma_saved_configs.all.by_name[each.value.config]
}

# 3. The strict lookup of exactly one: no config with the name is an error that suggests the
#    close names; several are an error that lists their ids.
data "testsigma_saved_config" "staging" {
  name = "Safari - staging"
}

resource "testsigma_plan_run" "staging" {
  test_plan_id    = data.testsigma_test_plan.checkout.id
  saved_config_id = data.testsigma_saved_config.staging.id
}

output "saved_config_ids" {
  description = "Every saved config id by name, to copy from."
  value       = data.testsigma_saved_configs.all.by_name
}
