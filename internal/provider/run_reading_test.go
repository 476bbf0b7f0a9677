package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A field the verdict does not need that Testsigma sends malformed (a count of "NaN", a
// fractional duration, a message object) is unknown: the passing run still passes, with
// those fields null, and nothing is stopped.
func TestPlanRun_passesDespiteAnUnreadableOptionalField(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"totalCount":"NaN","duration":4000.5,"message":{"text":"done"}}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "total_count", knownvalue.Null()),
				stateAttr(runAddr, "passed_count", knownvalue.Int64Exact(3)),
				stateAttr(runAddr, "duration_seconds", knownvalue.Null()),
			},
		}},
	})
	noStops(t, emu)
}

// noStops fails the test when any stop (PUT) was sent.
func noStops(t *testing.T, emu *emulator.Server) {
	t.Helper()
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("%d stops were sent, want none", n)
	}
}

// On a plan that does not re-run by itself, a run that reads COMPLETED with no re-run is
// finished, even when its roll-up (consolidatedStatus) lags at its creation value: the
// apply passes instead of waiting for the roll-up until the timeout, and the plan's other
// going run is not stopped.
func TestPlanRun_laggingRollupDoesNotHoldAFinishedRunOfAPlainPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	other := emu.StartRun(planPass) // nobody polls it, so it stays going
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"consolidatedStatus":"STATUS_CREATED","consolidatedResult":"QUEUED"}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
			},
		}},
	})
	noStops(t, emu)
	if st, _ := emu.Run(other); st.Result == "STOPPED" {
		t.Errorf("run %d, going next to ours, was stopped", other)
	}
}

// A fire-and-forget run of a plan that re-runs its failed runs by itself, refreshed after
// it failed but before its automatic re-run shows, is not frozen as a failure: it stays
// unfinished while the re-run may still appear, and the next refresh reports the re-run's
// pass. Provider and emulator share one clock the test moves.
func TestPlanRun_refreshDoesNotFreezeAFailureTheAutomaticRerunMayTurn(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock, AutoRerunDelay: 20 * time.Second})
	emu.AddPlan(emulator.Plan{ID: planAutoRerun, Name: "Self re-running", Queued: time.Second, Running: 2 * time.Second,
		Result: "FAILURE", AutoReruns: 1, Cases: []emulator.Case{
			{ID: 1, Name: "Login", Result: "SUCCESS"}, {ID: 2, Name: "Pay now", FlakyRuns: 1},
		}})
	cfg := runConfig(emu, fmt.Sprintf("test_plan_id = %d\nwait_for_completion = false", planAutoRerun))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{Clock: clock}),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				// The first run has failed; its automatic re-run is due 20 s after.
				PreConfig:    func() { clock.Advance(6 * time.Second) },
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(runAddr, "finished", "false"),
					resource.TestCheckResourceAttr(runAddr, "passed", "false"),
				),
			},
			{
				PreConfig:    func() { clock.Advance(25 * time.Second) },
				RefreshState: true,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttr(runAddr, "finished", "true"),
					resource.TestCheckResourceAttr(runAddr, "passed", "true"),
					resource.TestCheckResourceAttr(runAddr, "result", "SUCCESS"),
				),
			},
		},
	})
}

// When the v1 run object cannot be read at all (its status is a number), the v2 run object,
// which carries the result and the end, gives the verdict: the passing run passes.
func TestPlanRun_v2RunObjectGivesTheVerdictWhenV1CannotBeRead(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"status":12}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "total_count", knownvalue.Int64Exact(3)),
			},
		}},
	})
	noStops(t, emu)
}

// A run that v1 shows completed with no result is judged on the v2 run object's result,
// the second source: the passing run passes.
func TestPlanRun_v2ResultStandsInForANullV1ResultAtCompletion(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"result":null,"consolidatedResult":null}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
			},
		}},
	})
}

// On a plan that re-runs failed runs by itself, a run that passed is not re-run, so a
// roll-up lagging at its creation value cannot hold it either: the apply passes.
func TestPlanRun_laggingRollupDoesNotHoldAPassedRunOfASelfRerunningPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: planAutoRerun, Name: "Self re-running", QueuedPolls: 1, RunningPolls: 1, Result: "SUCCESS", AutoReruns: 1,
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"consolidatedStatus":"STATUS_CREATED","consolidatedResult":"QUEUED"}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planAutoRerun)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
			},
		}},
	})
	noStops(t, emu)
}
