package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Through a real Terraform CLI: actions need 1.14 or later, so these skip on older CLIs
// (the 1.11 of these machines included). Run them with TF_ACC_TERRAFORM_PATH naming a 1.14+
// binary: TF_ACC_TERRAFORM_PATH=/path/to/terraform go test ./internal/provider -run TestAction_cli

// deployWithSmokeTests is a deployment (terraform_data) whose creation triggers the action.
func deployWithSmokeTests(emu *emulator.Server, actionConfig string) string {
	return providerBlock(emu) + fmt.Sprintf(`
action "testsigma_run_test_plan" "smoke" {
  config {
%s
  }
}

resource "terraform_data" "deploy" {
  input = "release-1"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.testsigma_run_test_plan.smoke]
    }
  }
}
`, actionConfig)
}

var actionCLIVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// after_create invokes the action once: one run is triggered and followed to its end.
func TestAction_cliActionTriggerRunsThePlanOnce(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: deployWithSmokeTests(emu, "    test_plan_id = 1001\n    build_number = \"release-1\""),
			PostApplyFunc: func() {
				expectTriggers(t, emu, 1)
				run := onlyRun(t, emu)
				if run.Status != "STATUS_COMPLETED" || run.Result != "SUCCESS" || run.BuildNo != "release-1" {
					t.Errorf("run %d: %s %s, build %q; want a completed SUCCESS of release-1", run.ID, run.Status, run.Result, run.BuildNo)
				}
				if emu.Count("GET", "/api/v1/execution_results/{id}") == 0 {
					t.Error("the action never followed the run")
				}
			},
		}},
	})
}

// A failing run fails the apply with the action's error; the run was triggered once.
func TestAction_cliFailingRunFailsTheApply(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      deployWithSmokeTests(emu, "    test_plan_id = 1002"),
			ExpectError: words("Testsigma run did not pass", "Failed tests:", `- Pay by card \(Payments, Chrome\)`, `- Refund \(Payments, Chrome\)`),
		}},
	})
	expectTriggers(t, emu, 1)
}
