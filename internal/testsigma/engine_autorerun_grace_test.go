package testsigma

import (
	"context"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// selfRerunning is flakyPlan (its "Pay now" fails once) on a plan that re-runs failed runs
// by itself: the run object says so with execution.reRunType ONLY_FAILED_TESTS and
// isReRunEnabled true (spec 1.6, 8.2).
func selfRerunning(id int64) emulator.Plan {
	p := flakyPlan(id, 1)
	p.AutoReruns = 1
	return p
}

// Rule 8.1.6 (harm 6): the automatic re-run appears 10 s after the first run reads
// COMPLETED/FAILURE (emulator option AutoRerunDelay, a guess: api-evidence row 29, E17).
// The first run is not judged red meanwhile, and no manual re-run is sent next to the
// automatic one: the automatic re-run passes and decides.
func TestAutoRerunGrace_waitsForTheAutomaticRerun(t *testing.T) {
	for _, reruns := range []int{0, 2} {
		emu, c, _ := newEmu(t, emulator.Options{AutoRerunDelay: 10 * time.Second}, Options{}, selfRerunning(40))
		o, we, _ := triggerAndFollow(t, c, 40, Policy{Reruns: reruns})
		if we != nil {
			t.Fatal(we)
		}
		if !o.Passed || o.Final.RerunID == nil || len(o.Runs) != 1 {
			t.Errorf("rerun_failed_tests %d: passed %v, automatic re-run %v, %d attempts: want the automatic re-run's pass", reruns, o.Passed, o.Final.RerunID, len(o.Runs))
		}
		if n := len(rerunPosts(t, emu)); n != 0 {
			t.Errorf("rerun_failed_tests %d: %d manual re-runs sent next to the automatic one", reruns, n)
		}
	}
}

// The window is bounded: when the plan says it re-runs by itself but no re-run shows within
// autoRerunGrace, the run is judged as it reads, and a manual re-run follows.
func TestAutoRerunGrace_isBounded(t *testing.T) {
	emu, c, clock := newEmu(t, emulator.Options{AutoRerunDelay: time.Hour}, Options{}, selfRerunning(41))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 41})
	if err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	var completedAt time.Time
	o, we := c.Follow(context.Background(), run, Policy{Reruns: 1, OnEvent: func(e Event) {
		if e.Kind == EventPolled && e.Run.ID == run.ID && e.Run.Status == StatusCompleted && completedAt.IsZero() {
			completedAt = clock.Now()
		}
	}})
	if we != nil {
		t.Fatal(we)
	}
	if len(o.Runs) != 2 || !o.Passed || len(rerunPosts(t, emu)) != 1 {
		t.Errorf("%d attempts, passed %v, %d manual re-runs: want the manual re-run after the window", len(o.Runs), o.Passed, len(rerunPosts(t, emu)))
	}
	if held := o.Runs[1].StartedAt.Sub(completedAt); completedAt.IsZero() || held < autoRerunGrace || held > autoRerunGrace+20*time.Second {
		t.Errorf("the manual re-run started %v after the run read completed (started %v): want the %v window, not much more", held, start, autoRerunGrace)
	}
}

// A plan with reRunType NONE is never held: the read that sees the run completed ends the
// wait, with no poll after it.
func TestAutoRerunGrace_costsNothingWithoutAutomaticReruns(t *testing.T) {
	emu, c, _ := newEmu(t, emulator.Options{AutoRerunDelay: 10 * time.Second}, Options{}, flakyPlan(42, 1))
	o, we, _ := triggerAndFollow(t, c, 42, Policy{})
	if we != nil || o.Passed || o.Final.Result != ResultFailure {
		t.Fatalf("wait error %v, final %+v", we, o.Final)
	}
	// QueuedPolls 1, RunningPolls 1: the third read sees it completed, and is the last.
	if n := statusReads(emu); n != 3 {
		t.Errorf("%d status reads, want 3", n)
	}
}

// The roll-ups alone are enough: a run whose plan object is missing (execution null) but
// whose isReRunEnabled is true is held too; a pass or a stop never is.
func TestAutoRerunGrace_rules(t *testing.T) {
	failed := Run{Finished: true, Result: ResultFailure, SelfRerun: true}
	rerun := int64(7)
	tests := []struct {
		name string
		run  Run
		want bool
	}{
		{"failed first run of a self-re-running plan", failed, true},
		{"aborted", Run{Finished: true, Result: ResultAborted, SelfRerun: true}, true},
		{"passed", Run{Finished: true, Result: ResultSuccess, SelfRerun: true}, false},
		{"stopped", Run{Finished: true, Result: ResultStopped, SelfRerun: true}, false},
		{"plan does not re-run", Run{Finished: true, Result: ResultFailure}, false},
		{"is a re-run", Run{Finished: true, Result: ResultFailure, SelfRerun: true, RerunOf: &rerun}, false},
		{"names its re-run", Run{Finished: true, Result: ResultFailure, SelfRerun: true, RerunID: &rerun}, false},
		{"not finished", Run{Result: ResultFailure, SelfRerun: true}, false},
	}
	for _, tt := range tests {
		if got := awaitsAutoRerun(tt.run); got != tt.want {
			t.Errorf("%s: awaitsAutoRerun = %v, want %v", tt.name, got, tt.want)
		}
	}
	for body, want := range map[string]bool{
		`{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":3,"reRunType":"ONLY_FAILED_TESTS"}}`:                            true,
		`{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","execution":null,"isReRunEnabled":true}`:                                          true,
		`{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":3,"reRunType":"NONE"},"isReRunEnabled":false}`:                  false,
		`{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":3,"reRunType":"NONE"},"isReRunEnabled":true,"reRunParentId":9}`: false,
	} {
		r, err := decodeRun([]byte(body))
		if err != nil || awaitsAutoRerun(r) != want {
			t.Errorf("%s: decoded %+v (%v), awaits %v, want %v", body, r, err, awaitsAutoRerun(r), want)
		}
	}
}

// A plain plan's run completes and passes by its own status and result, but its roll-ups
// stay at their creation values (consolidatedStatus STATUS_CREATED, consolidatedResult
// QUEUED: emulator option RollupsStayAtCreation, a guess). The roll-up is believed for
// autoRerunGrace at most: then the run's own fields decide, so the wait ends with its pass
// instead of a timeout, and no stop is sent (one would end another run of the plan).
func TestFollow_rollupThatLagsACompletedRunIsBelievedOnlyForAWhile(t *testing.T) {
	plan := emulator.Plan{ID: 42, Name: "Plain plan", Running: 10 * time.Second, Result: "SUCCESS",
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}}
	emu, c, clock := newEmu(t, emulator.Options{RollupsStayAtCreation: true}, Options{}, plan)
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: plan.ID})
	if err != nil {
		t.Fatal(err)
	}
	start := clock.Now()
	ctx := newExpiringCtx() // a 20-minute timeout on the simulated clock
	clock.OnAfter(func(int, time.Duration) bool {
		if clock.Now().Sub(start) < 20*time.Minute {
			return false
		}
		ctx.expire(context.DeadlineExceeded)
		return true
	})
	o, we := c.Follow(ctx, run, Policy{StopOnTimeout: true})
	if we != nil || !o.Passed || o.Final.Result != ResultSuccess || stopCalls(emu) != 0 {
		t.Fatalf("wait error %v, passed %v, final %+v, %d PUTs: want the run's own pass", we, o.Passed, o.Final, stopCalls(emu))
	}
	if took := clock.Now().Sub(start); took > 10*time.Second+autoRerunGrace+30*time.Second {
		t.Errorf("the pass was seen after %s: the roll-up was believed beyond its bound", took)
	}
}

// A judgement without a wait (a refresh) holds a failed first run of a self re-running
// plan unfinished only within the grace after its end: after it, with no re-run shown, the
// failure is the verdict.
func TestJudgeAttempts_holdsAFailedRunOnlyWithinTheAutoRerunGrace(t *testing.T) {
	clock := newFakeClock()
	c := &Client{opts: Options{Clock: clock}}
	end := clock.Now()
	run := Run{ID: 1, Status: StatusCompleted, Result: ResultFailure, Finished: true, SelfRerun: true, FinishedAt: &end}
	if got := c.heldForAutoRerun(run); got.Finished {
		t.Error("finished at once, before the automatic re-run could show")
	}
	clock.Advance(autoRerunGrace)
	if got := c.heldForAutoRerun(run); !got.Finished {
		t.Error("still held after the grace")
	}
	run.SelfRerun = false
	clock.Advance(-autoRerunGrace)
	if got := c.heldForAutoRerun(run); !got.Finished {
		t.Error("a plan that does not re-run by itself was held")
	}
}

// A roll-up that says the family goes on while no re-run shows is bounded by the same
// window: the failed run is judged as it reads after it, not waited on until the timeout
// (here, a bound of 100 polls ends the wait if it is not).
func TestAutoRerunGrace_boundsALaggingRollup(t *testing.T) {
	emu, c, clock := newEmu(t, emulator.Options{AutoRerunDelay: time.Hour}, Options{}, selfRerunning(43))
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"consolidatedStatus":"STATUS_CREATED","consolidatedResult":"QUEUED"}`))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 43})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls, start := 0, clock.Now()
	o, we := c.Follow(ctx, run, Policy{OnEvent: func(e Event) {
		if polls += boolInt(e.Kind == EventPolled); polls > 100 {
			cancel()
		}
	}})
	if we != nil || o.Passed || o.Final.Result != ResultFailure || !o.Final.Finished {
		t.Fatalf("wait error %v, final %+v: want the failure judged", we, o.Final)
	}
	if waited := clock.Now().Sub(start); waited > autoRerunGrace+time.Minute {
		t.Errorf("judged after %v: want about the %v window", waited, autoRerunGrace)
	}
}
