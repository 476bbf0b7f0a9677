package testsigma

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// realEmu is an emulator on the real clock (reconciliation compares the server's start
// times with this machine's), its runs moving by polls, and a client of it.
func realEmu(t *testing.T, opts emulator.Options) (*emulator.Server, *Client) {
	t.Helper()
	opts.Clock = RealClock()
	emu, c, _ := newEmu(t, opts, Options{},
		emulator.Plan{ID: 20, Name: "Smoke", QueuedPolls: 1, RunningPolls: 1, Result: "SUCCESS",
			Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}},
		emulator.Plan{ID: 21, Name: "Other", RunningPolls: 1, Result: "SUCCESS"})
	return emu, c
}

func posts(emu *emulator.Server) int { return emu.Count("POST", "/api/v1/execution_results") }

// An answer lost after the server made the run (a proxy's 502/503/504, a dropped
// connection) is reconciled: the run is found and adopted, and no second one is started.
func TestTrigger_ambiguousAnswersAdoptTheRun(t *testing.T) {
	for name, f := range map[string]emulator.Fault{
		"502 after": emulator.After(502), "503 after": emulator.After(503), "504 after": emulator.After(504),
		"dropped after": emulator.DropAfter(),
	} {
		t.Run(name, func(t *testing.T) {
			emu, c := realEmu(t, emulator.Options{})
			other, _ := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 21}) // another plan's run
			emu.Fault(triggerRoute, f.Once())
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "b7"})
			if err != nil {
				t.Fatal(err)
			}
			runs := emu.Runs()
			if len(runs) != 2 || posts(emu) != 2 || !run.Adopted || run.ID == other.ID || run.ID != runs[1].ID {
				t.Errorf("run %+v; emulator has %d runs after %d POSTs, want the second adopted", run, len(runs), posts(emu))
			}
		})
	}
}

// An answer that started nothing after all (the run is not there after a few looks) is
// sent once more; a run this client already owns is never adopted for another trigger.
func TestTrigger_nothingFoundIsRetriedOnce(t *testing.T) {
	emu, c := realEmu(t, emulator.Options{})
	mine, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil {
		t.Fatal(err)
	}
	emu.Fault(triggerRoute, emulator.Status(503).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || run.Adopted || run.ID == mine.ID {
		t.Fatalf("run %+v, err %v: want a new run, not the one already owned", run, err)
	}
	if n := posts(emu); n != 3 || len(emu.Runs()) != 2 {
		t.Errorf("%d POSTs and %d runs, want 3 POSTs (one refused, one retried) and 2 runs", n, len(emu.Runs()))
	}
	emu.Fault(triggerRoute, emulator.Status(503).Next(2))
	_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || posts(emu) != 5 {
		t.Errorf("after two ambiguous answers: %v, %d POSTs; want an honest error after exactly one retry", err, posts(emu))
	}
}

// Several runs that could be ours, or runs that cannot be looked at: an honest error that
// lists what was found, and no second POST.
func TestTrigger_ambiguityThatCannotBeResolved(t *testing.T) {
	emu, c := realEmu(t, emulator.Options{})
	elsewhere, err := New(emu.URL(), emu.APIKey(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Another process (a CI job, a colleague) starts the same plan with the same inputs.
	if _, err := elsewhere.Trigger(context.Background(), TriggerRequest{TestPlanID: 20}); err != nil {
		t.Fatal(err)
	}
	emu.Fault(triggerRoute, emulator.After(503).Once())
	_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || len(te.Found) != 2 || posts(emu) != 2 {
		t.Fatalf("err %v (found %d), %d POSTs: want both candidates listed and no retry", err, len(te.Found), posts(emu))
	}

	emu2, c2 := realEmu(t, emulator.Options{NoRunsListV1: true, NoRunsListV2: true})
	emu2.Fault("GET /api/v1/test_plans/{id}", emulator.Status(500))
	emu2.Fault(triggerRoute, emulator.After(504).Once())
	_, err = c2.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if !errors.As(err, &te) || !te.MayHaveStarted || te.LookErr == nil || posts(emu2) != 1 {
		t.Errorf("err %v, %d POSTs: want 'cannot check' and no retry", err, posts(emu2))
	}
}

// Without a runs listing, the plan's lastRunId still finds the run.
func TestTrigger_reconcilesThroughLastRunID(t *testing.T) {
	emu, c := realEmu(t, emulator.Options{NoRunsListV1: true, NoRunsListV2: true})
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		t.Errorf("run %+v, err %v, %d POSTs", run, err, posts(emu))
	}
}

// Ctrl-C while the trigger is in flight: the answer is still awaited (briefly), so the run
// is known, and can be recorded and stopped.
func TestTrigger_interruptDuringTheRequestKeepsTheRun(t *testing.T) {
	emu, c := realEmu(t, emulator.Options{})
	emu.Fault(triggerRoute, emulator.HangAfter(300*time.Millisecond).Once())
	ctx, cancel := context.WithCancel(context.Background())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			cancel()
		}
	})
	run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 20})
	if err != nil || run.ID == 0 {
		t.Fatalf("run %+v, err %v: the run made during Ctrl-C was lost", run, err)
	}
	_, we := c.Follow(ctx, run, Policy{StopOnInterrupt: true})
	if st, _ := emu.Run(run.ID); we == nil || !we.Stopped || st.StopRequests != 1 {
		t.Errorf("wait error %v; stop requests %d: want the run stopped", we, st.StopRequests)
	}
}
