package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Rule 8.1.6 (harm 6) through the real CLI: the plan re-runs failed runs by itself, and its
// automatic re-run appears 10 s after the first run reads COMPLETED/FAILURE (the emulator's
// AutoRerunDelay, a guess: api-evidence row 29). The apply waits for it and passes on its
// verdict, and rerun_failed_tests sends no manual re-run next to it.
func TestAutoRerunGrace_applyPassesOnTheDelayedAutomaticRerun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock, AutoRerunDelay: 10 * time.Second})
	emu.AddPlan(emulator.Plan{ID: planAutoRerun, Name: "Self re-running", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", AutoReruns: 1,
		Cases: []emulator.Case{
			{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
			{ID: 2, Name: "Pay now", FlakyRuns: 1, SuiteName: "Checkout"},
		}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "test_plan_id = 3004\nrerun_failed_tests = 2"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(0)),
			},
		}},
	})
	if n, runs := rerunPOSTs(emu), len(emu.Runs()); n != 0 || runs != 2 {
		t.Errorf("%d manual re-run POSTs and %d runs: want none, and the run with its automatic re-run", n, runs)
	}
}
