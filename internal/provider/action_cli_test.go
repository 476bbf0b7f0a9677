package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The action through the real CLI, several applies in a row: what Terraform does with the
// action's verdict is the point, so these assert on exit codes, the state and the triggers.

// gatedDeploy is a deploy whose action_trigger runs the tests of plan on create and update,
// with on_failure as given ("" leaves it out), and traffic, which depends on the deploy.
func gatedDeploy(plan int64, release, onFailure string) string {
	if onFailure != "" {
		onFailure = "\n      on_failure = " + onFailure
	}
	return fmt.Sprintf(`
action "testsigma_run_test_plan" "smoke" {
  config {
    test_plan_id = %d
  }
}

resource "terraform_data" "deploy" {
  input = %q

  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.testsigma_run_test_plan.smoke]%s
    }
  }
}

resource "terraform_data" "traffic" {
  input = terraform_data.deploy.output
}
`, plan, release, onFailure)
}

func triggers(emu *emulator.Server) int { return emu.Count("POST", "/api/v1/execution_results") }

// Terraform 1.16's on_failure with this action on a failing run, two plain applies each:
//   - halt (the default) fails the apply and holds traffic back, but the next apply creates
//     traffic without running the tests again: it gates one apply, not the deployment;
//   - taint fails the apply, holds traffic back and taints the deploy, so the next apply
//     replaces the deploy, runs the tests again, and holds traffic back again;
//   - continue warns and goes on.
func TestAction_cliOnFailureModes(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		mode                    string
		failed, tainted, held   bool
		secondFails, secondHeld bool
		secondTriggers          int
	}{
		{mode: "halt", failed: true, held: true, secondTriggers: 1},
		{mode: "taint", failed: true, tainted: true, held: true, secondFails: true, secondHeld: true, secondTriggers: 2},
		{mode: "continue", secondTriggers: 1},
	} {
		t.Run(c.mode, func(t *testing.T) {
			t.Parallel()
			emu := planRunEmulator(t, emulator.Options{})
			w := newCLIWorkdir(t, 16, emu, gatedDeploy(planFail, "release-1", c.mode))
			out, code := w.apply()
			_, tainted, deployed := w.stateOf("terraform_data.deploy")
			_, _, traffic := w.stateOf("terraform_data.traffic")
			if (code != 0) != c.failed || !deployed || tainted != c.tainted || traffic == c.held || triggers(emu) != 1 {
				t.Errorf("first apply: exit %d, deploy in state %v, tainted %v, traffic created %v, %d triggers; want failed %v, tainted %v, traffic held %v, 1 trigger",
					code, deployed, tainted, traffic, triggers(emu), c.failed, c.tainted, c.held)
			}
			if !strings.Contains(out, "Testsigma run did not pass") {
				t.Error("the first apply does not report the failing run")
			}
			_, code = w.apply()
			_, _, traffic = w.stateOf("terraform_data.traffic")
			if (code != 0) != c.secondFails || traffic == c.secondHeld || triggers(emu) != c.secondTriggers {
				t.Errorf("second apply: exit %d, traffic created %v, %d triggers; want failed %v, traffic held %v, %d triggers",
					code, traffic, triggers(emu), c.secondFails, c.secondHeld, c.secondTriggers)
			}
		})
	}
}

// Before Terraform 1.16 a failed action fails the apply, but what depends on the resource
// that triggered it is applied all the same: the action does not gate it there.
func TestAction_cliFailingRunDoesNotHoldBackDependentsBefore116(t *testing.T) {
	t.Parallel()
	if bin, version, minor := terraformMinor(t); minor >= 16 {
		t.Skipf("%s is %s: from 1.16 on_failure decides (TestAction_cliOnFailureModes)", bin, version)
	}
	emu := planRunEmulator(t, emulator.Options{})
	w := newCLIWorkdir(t, 14, emu, gatedDeploy(planFail, "release-1", ""))
	_, code := w.apply()
	if _, _, traffic := w.stateOf("terraform_data.traffic"); code == 0 || !traffic || triggers(emu) != 1 {
		t.Errorf("exit %d, traffic created %v, %d triggers; want a failed apply that created traffic anyway, 1 trigger", code, traffic, triggers(emu))
	}
}

// `terraform apply -invoke` runs the action alone: a passing plan completes the apply, a
// failing one fails it with the failed tests; each run is triggered once.
func TestAction_cliInvokePassingAndFailingPlans(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	w := newCLIWorkdir(t, 14, emu, `
action "testsigma_run_test_plan" "pass" {
  config {
    test_plan_id = 1001
  }
}

action "testsigma_run_test_plan" "fail" {
  config {
    test_plan_id = 1002
  }
}
`)
	out, code := w.apply("-invoke=action.testsigma_run_test_plan.pass")
	if code != 0 || !strings.Contains(out, "Apply complete!") || triggers(emu) != 1 {
		t.Errorf("invoking the passing plan: exit %d, %d triggers; want 0 and 1", code, triggers(emu))
	}
	out, code = w.apply("-invoke=action.testsigma_run_test_plan.fail")
	if code == 0 || !words("Testsigma run did not pass", "Failed tests:", "Pay by card").MatchString(out) || triggers(emu) != 2 {
		t.Errorf("invoking the failing plan: exit %d, %d triggers; want a failure naming the failed tests, and 2", code, triggers(emu))
	}
}

// An action_trigger on after_create and after_update runs the tests once per change of the
// resource, and not at all when a re-apply changes nothing.
func TestAction_cliTriggerRunsOncePerChange(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	w := newCLIWorkdir(t, 14, emu, gatedDeploy(planPass, "release-1", ""))
	for i, step := range []struct {
		release  string
		triggers int
	}{{"release-1", 1}, {"release-1", 1}, {"release-2", 2}, {"release-2", 2}} {
		if i > 0 {
			w = w.with(gatedDeploy(planPass, step.release, ""), emu)
		}
		if _, code := w.apply(); code != 0 || triggers(emu) != step.triggers {
			t.Errorf("apply %d (%s): exit %d, %d triggers in all; want 0 and %d", i+1, step.release, code, triggers(emu), step.triggers)
		}
	}
}

// A saved_config_name no saved config has fails `terraform plan -invoke` with the names
// that are close, as on testsigma_plan_run and testsigma_schedule: nothing is triggered.
func TestAction_cliUnknownSavedConfigNameFailsAtPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	w := newCLIWorkdir(t, 14, emu, `
action "testsigma_run_test_plan" "smoke" {
  config {
    test_plan_id      = 1001
    saved_config_name = "Chrome smoek"
  }
}
`)
	out, code := w.run("plan", "-input=false", "-invoke=action.testsigma_run_test_plan.smoke")
	if code == 0 || !words(`Saved config not found`, `Closest names: "Chrome smoke"`).MatchString(out) || triggers(emu) != 0 {
		t.Errorf("plan -invoke: exit %d, %d triggers; want a failure naming the close config, and none", code, triggers(emu))
	}
}
