package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// A genuine 503 (nothing made), and while the provider looks for the run another pipeline
// triggers the same plan, without a build number either. Its run is not adopted, judged or
// stopped, nor named as a candidate (its build number is another); the trigger is not sent
// again, and the apply says a run may have started and what to look for.
func TestLostAnswer_foreignRunAppearingDuringTheLookIsNotAdopted(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	emu.Fault("POST /api/v1/execution_results", emulator.Status(503).Once())
	var theirs atomic.Int64
	var started atomic.Bool
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" && strings.Contains(r.Path, "test_runs") && statusCount(emu, "POST", "/api/v1/execution_results", 503) == 1 && started.CompareAndSwap(false, true) {
			theirs.Store(triggerElsewhere(t, emu, planFail))
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = "+itoa64(planFail)+"\n  on_failure = \"warning\""),
			ExpectError: nothingFound(planFail, 0),
		}},
	})
	if theirs.Load() == 0 {
		t.Fatal("the other pipeline's run was never made")
	}
	if st, _ := emu.Run(theirs.Load()); st.StopRequests != 0 {
		t.Errorf("the other pipeline's run got %d stop requests", st.StopRequests)
	}
	expectTriggers(t, emu, 2) // the one whose answer was lost, and theirs
	if n := len(emu.Runs()); n != 1 {
		t.Errorf("the emulator has %d runs, want theirs alone", n)
	}
}

// Without build_number the trigger carries a generated one, which is what lets a lost
// answer adopt the run; the resource reports build_number null, and the run imports into a
// configuration without build_number with nothing to change.
func TestLostAnswer_withoutABuildNumberTheRunIsAdoptedAndImportsClean(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.After(503).Once())
	cfg := runConfig(emu, "test_plan_id = 1001")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "build_number", knownvalue.Null()),
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
			}},
			{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateVerify: true},
			{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
	expectTriggers(t, emu, 1)
	if st := onlyRun(t, emu); !testsigma.IsGeneratedBuildNumber(st.BuildNo) {
		t.Errorf("the run's build number is %q, not a generated one", st.BuildNo)
	}
}

// Another pipeline starts the plan, with the same build number, just before this trigger
// reaches a server that refuses a second run ("currently running"): nothing was made, so
// nothing is looked for and their run is not adopted. The apply says the plan is running.
func TestLostAnswer_currentlyRunningRefusalAdoptsNothing(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{RejectConcurrent: true})
	var started atomic.Bool
	emu.OnRequest(func(r emulator.Request) { // the watermark's read, answered before their run
		if r.Method == "GET" && strings.Contains(r.Path, "test_runs") && started.CompareAndSwap(false, true) {
			c, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{})
			if err == nil {
				_, err = c.Trigger(t.Context(), testsigma.TriggerRequest{TestPlanID: planLong, BuildNumber: "1.4.2"})
			}
			if err != nil {
				t.Error(err)
			}
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = "+itoa64(planLong)+"\n  build_number = \"1.4.2\""),
			ExpectError: words("Test plan is already running", "No run was started"),
		}},
	})
	expectTriggers(t, emu, 2) // theirs, and the refused one
}

// Spring Boot's default 500 body {timestamp, status, error, path} after the server made the
// run, through a listing that lags 20 s: it is no refusal, so the run is looked for over
// the whole look, found and adopted; no second run.
func TestLostAnswer_springDefaultErrorBodyIsNotARefusal(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock, ListingLag: 20 * time.Second})
	emu.Fault("POST /api/v1/execution_results", emulator.SpringDefaultError(500).Once())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, "test_plan_id = 1001"),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
	expectTriggers(t, emu, 1)
}

// Ctrl-C while a read of the look after a lost answer hangs: the short interrupt look still
// finds the run, so it is recorded in state and, with stop_on_interrupt, stopped once.
func TestLostAnswer_interruptDuringALookReadKeepsAndStopsTheRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.After(503).Once())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			emu.Fault("GET /api/v2/test_runs", emulator.Hang(35*time.Second).Once())
		}
	})
	proc, exited, _, dir := startApply(ctx, t, emu, "test_plan_id = 1005")
	waitFor(ctx, t, exited, "a read of the look hangs", func() bool {
		posted := false
		for _, r := range emu.Requests() {
			posted = posted || r.Method == "POST"
			if posted && r.Path == "/api/v2/test_runs" && r.Status == 0 {
				return true
			}
		}
		return false
	})
	if err := proc.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Error("an interrupted apply exited with status 0")
	}
	run := onlyRun(t, emu)
	expectTriggers(t, emu, 1)
	if run.StopRequests != 1 {
		t.Errorf("run %d: %d stops; want it stopped once", run.ID, run.StopRequests)
	}
	if id := stateRunID(t, filepath.Join(dir, "terraform.tfstate")); id != fmt.Sprint(run.ID) {
		t.Errorf("state has run id %q, want %d", id, run.ID)
	}
}
