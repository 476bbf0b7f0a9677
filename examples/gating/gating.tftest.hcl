# `terraform test` for the gate in main.tf. Each run block is a real apply, so point it at a
# Testsigma account with a passing and a failing plan, or run `make test-gating`, which uses
# the local API emulator (plan 1001 passes, plan 1002 fails). Set TESTSIGMA_API_KEY, and
# base_url for anything but app.testsigma.com (TF_VAR_base_url). Change the two test_plan_id
# values to a passing and a failing plan of yours. (They are set in each run block and not
# in a file-level variables block: OpenTofu only lets a run refer to variables the module
# declares.)
#
# gating_mock.tftest.hcl next to this file tests the same gate offline, with a mocked
# provider; `terraform test -filter=gating_mock.tftest.hcl` runs only that one.

run "passing_plan_opens_the_gate" {
  variables {
    test_plan_id = 1001 # a plan that passes
  }

  assert {
    condition     = output.passed
    error_message = "Run ${output.run_id} did not pass: ${coalesce(output.result, "no result")}."
  }

  assert {
    condition     = output.result == "SUCCESS"
    error_message = "Result is ${coalesce(output.result, "null")}, want SUCCESS."
  }

  assert {
    condition     = output.failed_count == 0
    error_message = "failed_count is ${coalesce(output.failed_count, -1)}, want 0 (-1 means null)."
  }

  assert {
    condition     = length(output.failed_tests) == 0
    error_message = "Failed tests: ${join(", ", output.failed_tests)}."
  }

  assert {
    condition     = startswith(output.app_url, "${trimsuffix(coalesce(var.base_url, "https://app.testsigma.com"), "/")}/ui/td/runs/")
    error_message = "app_url ${output.app_url} does not link to the run in Testsigma."
  }

  assert {
    condition     = output.deployed == output.run_id
    error_message = "deploy_next was not applied after the passing run."
  }
}

# A failed run is an error of the apply when on_failure = "error" (the default). Terraform
# 1.11's expect_failures cannot expect that: it only covers custom conditions (variable
# validations, pre- and postconditions, check blocks), and a provider error always fails the
# test. So this run says on_failure = "warning", checks what the failed run recorded, and
# expects the precondition of deploy_next to keep the gate closed.
run "failing_plan_closes_the_gate" {
  variables {
    test_plan_id = 1002 # a plan that fails
    on_failure   = "warning"
  }

  expect_failures = [terraform_data.deploy_next]

  assert {
    condition     = testsigma_plan_run.smoke.passed == false
    error_message = "Run ${testsigma_plan_run.smoke.id} of the failing plan passed."
  }

  assert {
    condition     = testsigma_plan_run.smoke.result == "FAILURE"
    error_message = "Result is ${coalesce(testsigma_plan_run.smoke.result, "null")}, want FAILURE."
  }

  assert {
    condition     = coalesce(testsigma_plan_run.smoke.failed_count, 0) > 0
    error_message = "failed_count is ${coalesce(testsigma_plan_run.smoke.failed_count, -1)}, want more than 0 (-1 means null)."
  }

  assert {
    condition     = length(testsigma_plan_run.smoke.failed_tests) > 0
    error_message = "The failed run names no failed test."
  }
}
