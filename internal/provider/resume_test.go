package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// hourLong adds a plan whose runs take an hour of emulator time, passing or failing.
func hourLong(emu *emulator.Server, id int64, result string) {
	emu.AddPlan(emulator.Plan{ID: id, Name: "Hour", Queued: time.Second, Running: time.Hour, Result: result,
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: result}}})
}

// A wait that times out with stop_on_timeout = false leaves the run going: the apply only
// warns and keeps it untainted and unjudged; the next apply resumes the wait for the same
// run (an in-place update, no new POST) and judges it as a first apply would.
func TestResume_timedOutWaitIsResumedNotReplaced(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "finished", knownvalue.Bool(false)), stateAttr(runAddr, "passed", knownvalue.Bool(false))},
				// The run is left unjudged: the next plan resumes the wait.
				ExpectNonEmptyPlan: true,
			},
			{
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "finished", knownvalue.Bool(true)), stateAttr(runAddr, "passed", knownvalue.Bool(true))},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	expectTriggers(t, emu, 1)
	if run := onlyRun(t, emu); run.StopRequests != 0 {
		t.Errorf("%d stops: want the one run never stopped", run.StopRequests)
	}
}

// Turning wait_for_completion on for a run still going waits for it in place, and a red
// verdict fails that apply and asks for a new run next time, as a taint would.
func TestResume_waitForCompletionTurnedOnWaitsAndJudges(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4002, "FAILURE")
	cfg := func(wait bool) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 4002\nwait_for_completion = %v", wait))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(false)},
			{
				PreConfig:   func() { clock.Advance(2 * time.Hour) },
				Config:      cfg(true),
				ExpectError: words(`Testsigma run did not pass`, `Run 5001 of test plan 4002`, `finished with FAILURE`),
			},
			{
				// Without waiting, so the new run's hour does not hold up the test.
				Config: cfg(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringExact("5002"))},
			},
		},
	})
}

// A run started by someone else and imported is never stopped by this provider: not when a
// change replaces the resource, whatever stop_on_destroy says.
func TestImport_replacementNeverStopsTheImportedRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	ci := emu.StartRun(planLong) // a CI job's run, an hour long
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:       runConfig(emu, "test_plan_id = 1005"),
				ResourceName: runAddr, ImportState: true, ImportStateId: itoa64(ci), ImportStatePersist: true,
			},
			{
				Config: runConfig(emu, "test_plan_id = 1005\nwait_for_completion = false\ntriggers = { release = \"2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	if st, _ := emu.Run(ci); st.StopRequests != 0 {
		t.Errorf("the imported CI run got %d stop requests, want none", st.StopRequests)
	}
}
