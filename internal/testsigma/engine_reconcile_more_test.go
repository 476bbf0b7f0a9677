package testsigma

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// noListing: a server without the runs listing (404 on v1 and v2); the plan's lastRunId is
// then the one thing to look at.
var noListing = emulator.Options{NoRunsListV1: true, NoRunsListV2: true}

// Harm 3 (Demo C): no listing answers, the trigger is refused before anything runs, and at
// that moment a schedule starts a run of the plan, which becomes its lastRunId. It is not
// adopted (its v1 object says SCHEDULED), and nothing is re-sent: the newest run alone
// cannot show that no other was made.
func TestTrigger_lastRunIDOfAScheduleIsNotAdopted(t *testing.T) {
	emu, c := recEmu(t, noListing)
	emu.Fault(triggerRoute, emulator.Status(504).Once())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			emu.StartRun(20)
		}
	})
	_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || len(te.Found) != 0 || posts(emu) != 1 {
		t.Fatalf("err %v, %d POSTs: want an honest error, the scheduled run not adopted, no retry", err, posts(emu))
	}
	if !strings.Contains(err.Error(), "could not all be read") || !strings.Contains(err.Error(), "Look in Testsigma for a run of test plan 20") {
		t.Errorf("the error does not say why nothing could be shown, or what to look for: %v", err)
	}
}

// Without a listing, the plan's lastRunId still finds this trigger's own run: it is newer
// than the watermark and its v1 object says it is the one asked for.
func TestTrigger_reconcilesThroughLastRunID(t *testing.T) {
	emu, c := recEmu(t, noListing)
	emu.StartRun(20) // an older run: below the watermark
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 || run.ID != emu.Runs()[1].ID {
		t.Errorf("run %+v, err %v, %d POSTs", run, err, posts(emu))
	}
}

// Without a watermark (the plan and its runs could not be read before the trigger), no run
// can be shown to be newer than the request: a matching run is named, never adopted, and
// nothing is re-sent.
func TestTrigger_withoutAWatermarkNothingIsAdopted(t *testing.T) {
	emu, c := realEmu(t, documented)
	for _, route := range []string{"GET /api/v1/test_plans", "GET /api/v1/test_plans/{id}", "GET /api/v2/test_runs", "GET /api/v1/test_runs"} {
		emu.Fault(route, emulator.Status(400).Once())
	}
	emu.Fault(triggerRoute, emulator.After(502).Once())
	_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || len(te.Found) != 1 || posts(emu) != 1 {
		t.Errorf("err %v, %d POSTs: want the run named as a candidate, not adopted, no retry", err, posts(emu))
	}
}

// Two triggers of one plan that differ only in runtime data, which no run object shows, so
// a run cannot be told for either. A foreign run of another trigger with the same inputs
// (the same build number, which the user set), from another process, made after this one's
// watermark: several candidates, an honest error. (Without a build number each trigger
// carries its own generated one, and the two runs are told apart.)
func TestTrigger_twoRunsThatCouldEachBeItAreNamed(t *testing.T) {
	emu, c := recEmu(t, documented)
	elsewhere, err := New(emu.URL(), emu.APIKey(), Options{Clock: c.opts.Clock})
	if err != nil {
		t.Fatal(err)
	}
	emu.Fault(triggerRoute, emulator.After(503).Once())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && r.Status == 503 {
			if _, err := elsewhere.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "1.4.2"}); err != nil {
				t.Error(err)
			}
		}
	})
	_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "1.4.2"})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || len(te.Found) != 2 || posts(emu) != 2 {
		t.Fatalf("err %v, %d POSTs: want both candidates listed and no retry", err, posts(emu))
	}
}

// D2 (R05): a for_each of two that differ only in runtime_data. One trigger gets a genuine
// 503 (nothing made); the other's answer comes 3 s late. The sibling's run is never taken
// for the first one's: the sibling records its own run, run with its own runtime data, and
// the one whose answer was lost is not sent again but says a run may have started.
func TestTrigger_siblingsNeverShareARun(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.Status(503).Once())
	emu.Fault(triggerRoute, emulator.HangAfter(3*time.Second).Once())
	var wg sync.WaitGroup
	got, errs := map[string]Run{}, map[string]error{}
	var mu sync.Mutex
	for _, region := range []string{"eu", "us"} {
		wg.Go(func() {
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, RuntimeData: map[string]string{"region": region}})
			mu.Lock()
			got[region], errs[region] = run, err
			mu.Unlock()
		})
	}
	wg.Wait()
	if posts(emu) != 2 || len(emu.Runs()) != 1 {
		t.Fatalf("%d POSTs, %d runs: want one POST each and the one run the sibling made", posts(emu), len(emu.Runs()))
	}
	lost, made := "eu", "us"
	if errs["eu"] == nil {
		lost, made = "us", "eu"
	}
	if errs[made] != nil || got[lost].ID != 0 {
		t.Fatalf("%s: run %d, err %v; %s: run %d: want one run recorded and one error", made, got[made].ID, errs[made], lost, got[lost].ID)
	}
	if te := wantMayHaveStarted(t, errs[lost], ""); len(te.Found) != 0 {
		t.Errorf("%s names runs %v: the sibling's run is not a candidate", lost, te.Found)
	}
	if st, _ := emu.Run(got[made].ID); st.RuntimeData["region"] != made {
		t.Errorf("%s records run %d, which ran with %v", made, got[made].ID, st.RuntimeData)
	}
}

// D13 (R12, R62, old #5): Ctrl-C while the trigger's answer is late (8 s, beyond the old
// grace of 4 s): the answer is still awaited, so the run is recorded and can be stopped.
func TestTrigger_interruptDuringALateAnswerKeepsTheRun(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.HangAfter(8*time.Second).Once())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for posts(emu) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		cancel()
	}()
	run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 20})
	if err != nil || run.ID == 0 {
		t.Fatalf("run %+v, err %v: the run made during Ctrl-C was lost", run, err)
	}
}

// D13: Ctrl-C while the lost answer is being reconciled and the listing hangs: the plan's
// newest run, confirmed to be this one, is adopted within seconds, so it is not orphaned.
func TestTrigger_interruptDuringASlowReconcileKeepsTheRun(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(503).Once())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			emu.Fault("GET /api/v2/test_runs", emulator.Hang(35*time.Second))
			cancel()
		}
	})
	start := time.Now()
	run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		t.Fatalf("run %+v, err %v, %d POSTs: want the run adopted, not orphaned", run, err, posts(emu))
	}
	if d := time.Since(start); d > interruptLook+2*time.Second {
		t.Errorf("answered %s after Ctrl-C; want within %s", d, interruptLook)
	}
}
