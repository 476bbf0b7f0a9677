# The gate in main.tf tested offline: no Testsigma account, no API key, no network. The
# testsigma provider is mocked, so no run is triggered; each run block says what the run
# recorded, and the test checks what the gate does with it. For OpenTofu 1.11 and later;
# `tofu test -filter=gating_mock.tofutest.hcl` runs only this file.
#
# OpenTofu reads this file instead of gating_mock.tftest.hcl, which Terraform reads. They
# differ in one line, because the two mock differently: OpenTofu knows a mocked resource's
# values when it plans, so the precondition fails in the plan and the failing run block says
# `command = plan`; Terraform learns them only in the apply, so its file applies. (Either
# tool refuses a failure it expected in the other phase.)
#
# A mock runs none of the provider's code, so on_failure has no effect here: what is tested
# is the precondition of deploy_next and the module's outputs. gating.tftest.hcl tests the
# same gate against Testsigma itself.

mock_provider "testsigma" {
  # What every mocked testsigma_plan_run records unless a run block overrides it: a run
  # that passed.
  mock_resource "testsigma_plan_run" {
    defaults = {
      id           = "5001"
      status       = "STATUS_COMPLETED"
      result       = "SUCCESS"
      finished     = true
      passed       = true
      total_count  = 5
      passed_count = 5
      failed_count = 0
      failed_tests = []
      app_url      = "https://app.testsigma.com/ui/td/runs/5001"
    }
  }
}

variables {
  test_plan_id = 1001
}

run "passed_run_opens_the_gate" {
  assert {
    condition     = output.passed && output.result == "SUCCESS"
    error_message = "The mocked run did not pass: ${coalesce(output.result, "no result")}."
  }

  assert {
    condition     = output.failed_count == 0 && length(output.failed_tests) == 0
    error_message = "The mocked passing run reports failed tests."
  }

  assert {
    condition     = output.deployed == output.run_id
    error_message = "deploy_next was not applied after the passing run."
  }
}

run "failed_run_closes_the_gate" {
  # The run blocks of a file share one state, and a mock runs none of the provider's plan
  # logic, so nothing would replace the passed run of the block above: ask for a new run, as
  # a new release would start one.
  command = plan
  plan_options {
    replace = [testsigma_plan_run.smoke]
  }

  override_resource {
    target = testsigma_plan_run.smoke
    values = {
      id           = "5002"
      status       = "STATUS_COMPLETED"
      result       = "FAILURE"
      finished     = true
      passed       = false
      total_count  = 6
      passed_count = 4
      failed_count = 2
      failed_tests = ["3-D Secure challenge", "Partial refund"]
      app_url      = "https://app.testsigma.com/ui/td/runs/5002"
    }
  }

  # The precondition of deploy_next keeps the next step from being applied.
  expect_failures = [terraform_data.deploy_next]

  assert {
    condition     = testsigma_plan_run.smoke.passed == false
    error_message = "The mocked failed run passed."
  }

  assert {
    condition     = testsigma_plan_run.smoke.failed_count == 2
    error_message = "failed_count is ${coalesce(testsigma_plan_run.smoke.failed_count, -1)}, want 2."
  }
}
