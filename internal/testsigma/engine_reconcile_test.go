package testsigma

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Reconciliation is tested on the documented runs listing (api/test-results-at-all-levels.md,
// revision ad26c61e): items {id, testPlanId, buildNo, result, startTime, endTime, duration,
// executor, triggeredType, metrics}, no promised order, pagination {page, pageSize, isLast,
// totalElements}. The emulator serves exactly that by default. Its clock is the tests'
// simulated one (2024), years behind this machine's: a server clock far from the client's
// (D4 c, R13) changes nothing once the watermark decides what is new.
var documented = emulator.Options{}

var (
	smoke = emulator.Plan{ID: 20, Name: "Smoke", QueuedPolls: 1, RunningPolls: 1, Result: "SUCCESS",
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}}
	other = emulator.Plan{ID: 21, Name: "Other", RunningPolls: 1, Result: "SUCCESS"}
)

// recEmu is an emulator and a client of it on one simulated clock: the look for a lost
// run (lookWindow) passes in microseconds.
func recEmu(t *testing.T, opts emulator.Options) (*emulator.Server, *Client) {
	t.Helper()
	emu, c, _ := newEmu(t, opts, Options{}, smoke, other)
	return emu, c
}

// realEmu is the same on the real clock, for what compares the server's start times with
// this machine's (reconciliation without a watermark).
func realEmu(t *testing.T, opts emulator.Options) (*emulator.Server, *Client) {
	t.Helper()
	opts.Clock = RealClock()
	emu, c, _ := newEmu(t, opts, Options{Clock: RealClock()}, smoke, other)
	return emu, c
}

func posts(emu *emulator.Server) int { return emu.Count("POST", "/api/v1/execution_results") }

// gatewayAfter is a load balancer's 500 after the server made the run: only `message`, which
// no Testsigma error body has (api-evidence row 5).
var gatewayAfter = emulator.Fault{Status: 500, AfterHandle: true, Body: `{"message": "Internal server error"}`}

// An answer lost after the server made the run is reconciled: the run is found and adopted,
// and no second one is started. Harm 1 (Demo A): with environment_id and a build number set,
// the documented listing shows neither environment nor config, and the run is still found.
// Harm 4: a gateway's {"message"} 500 is no refusal.
func TestTrigger_ambiguousAnswersAdoptTheRun(t *testing.T) {
	env := int64(21)
	for name, f := range map[string]emulator.Fault{
		"502 after": emulator.After(502), "503 after": emulator.After(503), "504 after": emulator.After(504),
		"dropped after": emulator.DropAfter(), "gateway 500 after": gatewayAfter,
	} {
		t.Run(name, func(t *testing.T) {
			emu, c := recEmu(t, documented)
			foreign, _ := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 21}) // another plan's run
			emu.Fault(triggerRoute, f.Once())
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "v1.2", EnvironmentID: &env})
			if err != nil {
				t.Fatal(err)
			}
			runs := emu.Runs()
			if len(runs) != 2 || posts(emu) != 2 || !run.Adopted || run.ID == foreign.ID || run.ID != runs[1].ID {
				t.Errorf("run %+v; emulator has %d runs after %d POSTs, want the second adopted", run, len(runs), posts(emu))
			}
		})
	}
}

// Harm 2 (Demo B, R06, R07): the plan already has 25 runs, the listing answers oldest first
// 20 to a page and ignores sort; another plan's runs crowd a listing that ignores the query.
// The run is still found: the listing is walked to its documented end.
func TestTrigger_findsItsRunOnABusyPlan(t *testing.T) {
	for name, opts := range map[string]emulator.Options{
		"oldest first, 20 a page":  documented,
		"query ignored, crowded":   {IgnoreQuery: true},
		"Spring page, size capped": {SpringRunsPage: true, MaxPageSize: 7},
	} {
		t.Run(name, func(t *testing.T) {
			emu, c := recEmu(t, opts)
			for range 25 {
				emu.StartRun(20)
				emu.StartRun(21)
			}
			emu.Fault(triggerRoute, emulator.After(504).Once())
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "b05"})
			if err != nil || !run.Adopted || posts(emu) != 1 {
				t.Fatalf("run %+v, err %v, %d POSTs: want the run adopted with one POST", run, err, posts(emu))
			}
			if st, _ := emu.Run(run.ID); st.BuildNo != "b05" || st.TriggeredType != "API" {
				t.Errorf("adopted run %d is %+v, not the one asked for", run.ID, st)
			}
		})
	}
}

// D1 (R01, R02, R04): a genuine gateway error before the server did anything, while another
// pipeline's API run of the same plan (same empty build number) exists from seconds or
// minutes ago, or the run being replaced does: it is never adopted, nor named as a
// candidate (it is below the watermark). Complete reads show nothing newer, and the trigger
// is not sent again: one POST of its own, no second run, a "may have started" error.
func TestTrigger_neverAdoptsARunItDidNotStart(t *testing.T) {
	for name, before := range map[string]time.Duration{"5 s before": 5 * time.Second, "45 s before, finished": 45 * time.Second} {
		t.Run(name, func(t *testing.T) {
			emu, c := recEmu(t, documented)
			pipeline, err := New(emu.URL(), emu.APIKey(), Options{Clock: c.opts.Clock})
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := pipeline.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
			if err != nil {
				t.Fatal(err)
			}
			c.opts.Clock.(*fakeClock).Advance(before)
			emu.Fault(triggerRoute, emulator.Status(503).Once())
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
			if run.ID != 0 || posts(emu) != 2 || len(emu.Runs()) != 1 {
				t.Fatalf("run %+v, err %v, %d POSTs, %d runs: want no run recorded, not run %d, and no second POST", run, err, posts(emu), len(emu.Runs()), theirs.ID)
			}
			if te := wantMayHaveStarted(t, err, ""); len(te.Found) != 0 || te.Above != theirs.ID {
				t.Errorf("candidates %v, above %d: want none, and run ids above %d to look at", te.Found, te.Above, theirs.ID)
			}
		})
	}
}

// Harm 4 (rule 1): a listing that shows a run only 20 s after it was made. The look lasts
// long enough: the run is found, not started again.
func TestTrigger_laggingListingStillFindsTheRun(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{ListingLag: 20 * time.Second})
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 || len(emu.Runs()) != 1 {
		t.Errorf("run %+v, err %v, %d POSTs, %d runs: want the lagging run adopted", run, err, posts(emu), len(emu.Runs()))
	}
}

// Nothing was made after all, behind a load balancer's {"message"} 500: complete reads over
// the whole look find nothing, and the trigger is not sent again. The error says the runs
// were read for the look and none carried the build number; a second ambiguous answer is
// the same, with no POST beyond its own.
func TestTrigger_nothingFoundIsNotSentAgain(t *testing.T) {
	emu, c := recEmu(t, documented)
	mine, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil {
		t.Fatal(err)
	}
	emu.Fault(triggerRoute, emulator.StatusBody(500, "application/json", `{"message":"Internal server error"}`).Once())
	start := c.opts.Clock.Now()
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "2024.06.1"})
	if run.ID != 0 {
		t.Fatalf("run %+v: want none recorded, not the one already owned (%d)", run, mine.ID)
	}
	if n, waited := posts(emu), c.opts.Clock.Now().Sub(start); n != 2 || len(emu.Runs()) != 1 || waited < lookWindow {
		t.Errorf("%d POSTs, %d runs after %s: want 2 POSTs and 1 run, the error after a look of %s", n, len(emu.Runs()), waited, lookWindow)
	}
	if te := wantMayHaveStarted(t, err, "2024.06.1"); te.Above != mine.ID || !strings.Contains(err.Error(), "read for 30 seconds and none carried its build number") {
		t.Errorf("above %d, error %q: want runs above %d to look at, and how long they were read", te.Above, err, mine.ID)
	}
	emu.Fault(triggerRoute, emulator.Status(503).Once())
	_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	_ = wantMayHaveStarted(t, err, "")
	if posts(emu) != 3 || len(emu.Runs()) != 1 {
		t.Errorf("after a second ambiguous answer: %d POSTs, %d runs; want one POST more and no run", posts(emu), len(emu.Runs()))
	}
}

// Rule 4: a 500 in Testsigma's own error shape is a refusal, yet the run may have been made
// and stopped: the plan's runs are looked at once. Made: adopted. Not made: "no run".
func TestTrigger_refusalInTestsigmasShapeLooksOnce(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(500).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		t.Errorf("made, then 500: run %+v, err %v, %d POSTs; want it adopted", run, err, posts(emu))
	}
	emu.Fault(triggerRoute, emulator.Status(500).Once())
	_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || te.MayHaveStarted || posts(emu) != 2 || len(emu.Runs()) != 1 {
		t.Errorf("refused: %v, %d POSTs, %d runs; want 'no run was started' and no retry", err, posts(emu), len(emu.Runs()))
	}
}

// A build number that reads back neutralised (escapes removed, cut at 200 characters)
// still identifies the run: a lost trigger answer is reconciled and the run adopted, and
// the run read back by its recorded id still fits.
func TestTrigger_hostileBuildNumberStillIdentifiesTheRun(t *testing.T) {
	build := "1.0\x1b[2J\u202e" + strings.Repeat("Z", 300)
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(504).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: build})
	if err != nil || !run.Adopted {
		t.Fatalf("run %+v, err %v: want the run adopted", run, err)
	}
	if strings.ContainsAny(run.BuildNumber, "\x1b\u202e") || len(run.BuildNumber) > 260 {
		t.Errorf("build number read back raw: %q", run.BuildNumber)
	}
	if !Fits(Run{TestPlanID: 20, BuildNumber: build}, run) || !Fits(Run{TestPlanID: 20, BuildNumber: run.BuildNumber}, run) {
		t.Error("the run does not fit the build number recorded for it")
	}
}
