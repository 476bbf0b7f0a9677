terraform {
  required_providers {
    testsigma = {
      source = "testsigma/testsigma"
    }
  }
}

# All saved execution configs ("Test Plan Favourites") of the account.
data "testsigma_saved_configs" "all" {}

# Refer to a config by its name instead of a magic number.
resource "testsigma_plan_run" "chrome" {
  test_plan_id    = 1001
  saved_config_id = data.testsigma_saved_configs.all.by_name["Chrome smoke"]
}

# Or narrow the list down with a regular expression.
data "testsigma_saved_configs" "nightly" {
  name_regex = "(?i)nightly"
}

output "nightly_config_ids" {
  value = data.testsigma_saved_configs.nightly.ids
}
