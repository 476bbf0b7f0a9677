package provider

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// lostTrigger makes the next trigger's answer a 502 sent after the server made the run.
func lostTrigger(emu *emulator.Server) {
	emu.Fault("POST /api/v1/execution_results", emulator.After(502).Once())
}

// adoptsTheNewestRun applies body once with the trigger's answer lost and expects what the
// user must see when the run is found: the apply passes, state holds the run that trigger
// made (the emulator's newest, API-triggered), and that trigger was sent once.
func adoptsTheNewestRun(t *testing.T, emu *emulator.Server, body string, posts int) {
	t.Helper()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, body),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
					runs := emu.Runs()
					if newest := runs[len(runs)-1]; id != itoa64(newest.ID) || newest.TriggeredType != "API" {
						return fmt.Errorf("state has run %s, not the run this apply started (%d)", id, newest.ID)
					}
					return nil
				})),
			},
		}},
	})
	expectTriggers(t, emu, posts)
}

// A listing that shows a run only 45 s or 5 min after it was made, longer than the look
// after a lost answer: the last read, of the plan's lastRunId, names the run, so it is
// adopted; no second run is started.
func TestLostAnswer_listingLaggingBeyondTheLookStartsNoSecondRun(t *testing.T) {
	t.Parallel()
	for _, lag := range []time.Duration{45 * time.Second, 5 * time.Minute} {
		t.Run(lag.String(), func(t *testing.T) {
			t.Parallel()
			emu := planRunEmulator(t, emulator.Options{Clock: testClock, ListingLag: lag})
			lostTrigger(emu)
			adoptsTheNewestRun(t, emu, "test_plan_id = "+itoa64(planPass), 1)
			onlyRun(t, emu)
		})
	}
}

// A server that answers the narrowed runs query (id above the plan's newest run before
// the trigger) empty, and whose plans listing lacks lastRunId: the whole listing, read last,
// shows the run, which is adopted; no second run is started.
func TestLostAnswer_emptyNarrowedListingIsCheckedAgainstTheWholeOne(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock, IDAboveAnswersEmpty: true, PlansWithoutLastRunID: true})
	triggerElsewhere(t, emu, planPass) // an older run, so the look narrows to runs above it
	lostTrigger(emu)
	adoptsTheNewestRun(t, emu, "test_plan_id = "+itoa64(planPass), 2) // theirs, and ours once
	if n := len(emu.Runs()); n != 2 {
		t.Errorf("the emulator has %d runs, want the older one and ours", n)
	}
}

// The one read of the run that confirms it is this trigger's fails once (a 500): it is read
// again within the look, so the run is adopted rather than left running outside state.
func TestLostAnswer_oneFailedConfirmReadIsReadAgain(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	lostTrigger(emu)
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(500).Once())
	adoptsTheNewestRun(t, emu, "test_plan_id = "+itoa64(planPass)+"\n  build_number = \"b042\"", 1)
	onlyRun(t, emu)
	if failed := firstRunRead(emu); failed != 500 {
		t.Errorf("the first read of the run answered %d, want the failed one (500)", failed)
	}
}

// A busy plan (more runs than one walk of the listing reads) whose plans listing lacks
// lastRunId: the plan's newest run id before the trigger comes from a run's own
// execution.lastRunId, so a lost answer is still reconciled and the run adopted.
func TestLostAnswer_busyPlanWithoutLastRunIDInTheListingReconciles(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock, PlansWithoutLastRunID: true})
	for range 1001 { // one more than a walk keeps
		emu.StartRun(planPass)
	}
	lostTrigger(emu)
	adoptsTheNewestRun(t, emu, "test_plan_id = "+itoa64(planPass)+"\n  build_number = \"unique-b1\"", 1)
}

// Three resources of one apply with the very same trigger (count over one plan and build
// number); the answers of two are lost after the server made their runs. Each resource
// takes a different run: none is left out of state, none is in state twice, and each
// trigger was sent once.
func TestLostAnswer_identicalTriggersEachTakeADistinctRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	emu.Fault("POST /api/v1/execution_results", emulator.After(503).Next(2))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "count = 3\n  test_plan_id = "+itoa64(planPass)+"\n  build_number = \"1.4.2\""),
			Check:  eachRunTakenOnce(emu, 3),
		}},
	})
	expectTriggers(t, emu, 3)
	if n := statusCount(emu, "POST", "/api/v1/execution_results", 503); n != 2 {
		t.Errorf("%d trigger answers were lost, want 2", n)
	}
}

// eachRunTakenOnce checks that the n instances of runAddr hold the emulator's n runs, one
// each.
func eachRunTakenOnce(emu *emulator.Server, n int) func(*terraform.State) error {
	return func(s *terraform.State) error {
		var held, made []string
		for i := range n {
			rs, ok := s.RootModule().Resources[fmt.Sprintf("%s.%d", runAddr, i)]
			if !ok || rs.Primary == nil {
				return fmt.Errorf("%s[%d] is not in state", runAddr, i)
			}
			held = append(held, rs.Primary.ID)
		}
		for _, r := range emu.Runs() {
			made = append(made, itoa64(r.ID))
		}
		slices.Sort(held)
		slices.Sort(made)
		if !slices.Equal(held, made) {
			return fmt.Errorf("state holds runs %v, Testsigma has %v: want each run held once", held, made)
		}
		return nil
	}
}

// firstRunRead is the status of the first read of a run by id.
func firstRunRead(emu *emulator.Server) int {
	for _, r := range emu.Requests() {
		if r.Method == "GET" && runPath.MatchString(r.Path) {
			return r.Status
		}
	}
	return 0
}
