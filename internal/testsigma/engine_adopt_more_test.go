package testsigma

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A listing that shows a run only 45 s or 5 min after it was made, longer than the look:
// the plan's lastRunId, read last before reporting, names the run, which is adopted.
func TestTrigger_listingLaggingBeyondTheLookStartsNoSecondRun(t *testing.T) {
	for _, lag := range []time.Duration{45 * time.Second, 5 * time.Minute} {
		t.Run(lag.String(), func(t *testing.T) {
			emu, c := recEmu(t, emulator.Options{ListingLag: lag})
			emu.Fault(triggerRoute, emulator.After(502).Once())
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
			if posts(emu) != 1 || len(emu.Runs()) != 1 {
				t.Fatalf("%d POSTs, %d runs (err %v): want no second run", posts(emu), len(emu.Runs()), err)
			}
			if err != nil || !run.Adopted || run.ID != emu.Runs()[0].ID {
				t.Errorf("run %+v, err %v: want the one run adopted", run, err)
			}
		})
	}
}

// A server that answers the id> narrowing empty though a newer run exists: the whole
// listing (and lastRunId) is read last before reporting, and the run is found.
func TestTrigger_emptyNarrowedListingIsCheckedAgainstTheWholeOne(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{IDAboveAnswersEmpty: true, PlansWithoutLastRunID: true})
	finishedRun(t, c, TriggerRequest{TestPlanID: 20, BuildNumber: "old"})
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if posts(emu) != 2 || len(emu.Runs()) != 2 || err != nil || !run.Adopted {
		t.Errorf("run %+v, err %v, %d POSTs, %d runs: want the new run adopted, no second POST", run, err, posts(emu)-1, len(emu.Runs()))
	}
}

// Spring Boot's default 500 body has an `error` key, but it is not Testsigma's refusal: the
// run it followed is looked for (through a listing that lags 20 s) and adopted, and the
// next trigger starts no duplicate of it.
func TestTrigger_springDefaultErrorBodyIsNotARefusal(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{ListingLag: 20 * time.Second})
	emu.Fault(triggerRoute, emulator.SpringDefaultError(500).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 || len(emu.Runs()) != 1 {
		t.Errorf("run %+v, err %v, %d POSTs, %d runs: want the run made adopted", run, err, posts(emu), len(emu.Runs()))
	}
}

// Two resources of one apply with the very same trigger (same plan, same build number)
// both lose their answer after the server made their runs: the runs are interchangeable,
// and each resource takes a different one; none is lost and nothing is sent again.
func TestTrigger_identicalTriggersEachTakeADistinctRun(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(503).Next(2))
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int64]bool{}
	for range 2 {
		wg.Go(func() {
			run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "1.4.2"})
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			got[run.ID] = true
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(got) != 2 || got[0] || posts(emu) != 2 {
		t.Errorf("runs taken %v after %d POSTs: want two distinct runs, two POSTs", got, posts(emu))
	}
}

// A busy plan (more runs than a walk reads) whose listing items lack lastRunId, as the docs'
// sample has them: the watermark comes from a run's own `execution.lastRunId`, so a lost
// answer is still reconciled and the run adopted.
func TestTrigger_busyPlanWithoutLastRunIDInTheListingReconciles(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{PlansWithoutLastRunID: true})
	for range 1050 {
		emu.StartRun(20)
	}
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "unique-b1"})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		var te *TriggerError
		errors.As(err, &te)
		t.Errorf("run %+v, err %v, %d POSTs: want the run adopted", run, err, posts(emu))
	}
}

// A re-run of a run that carries a generated build number carries the same one, so the
// re-run tests what the first run tested and is as distinguishable.
func TestRerunTarget_rerunKeepsTheGeneratedBuildNumber(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(52, 1))
	req := TriggerRequest{TestPlanID: 52}
	run, err := c.Trigger(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	o, we := c.Follow(context.Background(), run, Policy{Reruns: 1, Target: req.Target()})
	if we != nil || len(o.Runs) != 2 {
		t.Fatalf("wait error %v, %d attempts", we, len(o.Runs))
	}
	st, _ := emu.Run(o.Runs[1].ID)
	if !IsGeneratedBuildNumber(run.BuildNumber) || st.BuildNo != run.BuildNumber {
		t.Errorf("re-run build %q, first run's %q: want the same generated build number", st.BuildNo, run.BuildNumber)
	}
}

// A listing lagging beyond the look, and another pipeline's run made during it: the plan's
// lastRunId is theirs, and the listing does not show even that, so it cannot prove this
// trigger made nothing. No second POST: an honest error instead.
func TestTrigger_staleListingBehindLastRunIDProvesNothing(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{ListingLag: 5 * time.Minute})
	pipeline := anotherPipeline(t, emu, c)
	emu.Fault(triggerRoute, emulator.After(502).Once())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && r.Status == 502 {
			if _, err := pipeline.Trigger(context.Background(), TriggerRequest{TestPlanID: 20}); err != nil {
				t.Error(err)
			}
		}
	})
	_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || posts(emu) != 2 {
		t.Errorf("err %v, %d POSTs: want 'may have started' and no second POST of this trigger", err, posts(emu))
	}
}

// The same lag on a server whose plans listing lacks lastRunId: a listed run's own
// execution.lastRunId names the newest run, which is this trigger's, so it is adopted.
func TestTrigger_laggingListingWithoutLastRunIDInThePlanStartsNoSecondRun(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{ListingLag: 45 * time.Second, PlansWithoutLastRunID: true})
	finishedRun(t, c, TriggerRequest{TestPlanID: 20, BuildNumber: "old"})
	c.opts.Clock.(*fakeClock).Advance(time.Minute) // the old run is listed by now
	emu.Fault(triggerRoute, emulator.After(502).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 2 || len(emu.Runs()) != 2 {
		t.Errorf("run %+v, err %v, %d POSTs, %d runs: want the new run adopted, no second POST", run, err, posts(emu), len(emu.Runs()))
	}
}
