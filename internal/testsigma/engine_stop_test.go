package testsigma

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// hourPlan's runs go on for an hour of emulator time unless stopped.
var hourPlan = emulator.Plan{Running: time.Hour, Result: "SUCCESS", Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}}

// endOnce ends ctx (through end) at the first sleep after the emulator has answered n status
// reads, and blocks only that sleep, so that the stop's own retries still run.
func endOnce(clock *fakeClock, emu *emulator.Server, n int, end func()) {
	done := false
	clock.OnAfter(func(int, time.Duration) bool {
		if done || statusReads(emu) < n {
			return false
		}
		done = true
		end()
		return true
	})
}

// A stop's first answer is lost after Testsigma stopped the run (a 503). The stop is not
// sent again (a second stop would end the plan's next going run); the run reads STOPPED
// after it, so the wait ended as the timeout or interrupt it was, with the run stopped:
// never an ordinary "did not pass".
func TestStop_lostStopAnswerKeepsTheTimeoutOrInterrupt(t *testing.T) {
	for _, tt := range []struct {
		reason WaitReason
		cause  error
	}{{WaitTimedOut, context.DeadlineExceeded}, {WaitInterrupted, context.Canceled}} {
		t.Run(string(tt.reason), func(t *testing.T) {
			emu, c, clock := waitEmu(t, hourPlan, Options{})
			emu.Fault(stopRoute, emulator.After(503).Once())
			ctx := newExpiringCtx()
			endOnce(clock, emu, 2, func() { ctx.expire(tt.cause) })
			o, we := c.Follow(ctx, testRun, Policy{StopOnTimeout: true, StopOnInterrupt: true})
			if we == nil || we.Reason != tt.reason || !we.Stopped || we.StopErr != nil {
				t.Fatalf("wait error %v (%+v): want %s with the run stopped", we, we, tt.reason)
			}
			if o.Final.Result != ResultStopped || o.Passed || !strings.HasSuffix(we.Error(), "; the run was stopped") {
				t.Errorf("final %+v, error %q", o.Final, we.Error())
			}
			if st, _ := emu.Run(testRun.ID); st.Result != "STOPPED" || stopCalls(emu) != 1 {
				t.Errorf("run %s after %d PUTs: want STOPPED after the one stop, never sent again", st.Result, stopCalls(emu))
			}
		})
	}
}

// Another pipeline's run of the plan starts while our stop is on its way, and the stop's
// answer is lost after Testsigma took it. The stop is not sent again: a second one would
// end that other run (the stop names no run for certain). Ours reads STOPPED, theirs goes.
func TestRelease_stopWhoseAnswerIsLostIsSentOnceAndEndsNoOtherRun(t *testing.T) {
	emu, c, _ := waitEmu(t, hourPlan, Options{})
	emu.Fault(stopRoute, emulator.After(502).Once())
	var theirs int64
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == http.MethodPut && theirs == 0 {
			theirs = emu.StartRun(testRun.TestPlanID)
		}
	})
	got, stopped, err := c.Release(context.Background(), testRun)
	other, _ := emu.Run(theirs)
	if err != nil || !stopped || got.Result != ResultStopped || stopCalls(emu) != 1 || other.Status == "STATUS_COMPLETED" {
		t.Errorf("Release = %+v, %v, %v after %d PUTs; their run %s %s: want ours stopped by one PUT, theirs going",
			got, stopped, err, stopCalls(emu), other.Status, other.Result)
	}
}

// A stop that got no answer (a 502 the client cannot place) while our run still goes may
// have been taken: it is not sent again, and the error says another run may have stopped.
func TestRelease_stopWithoutAnAnswerIsNotSentAgainAndSaysAnotherRunMayHaveStopped(t *testing.T) {
	emu, c, _ := waitEmu(t, hourPlan, Options{})
	emu.Fault(stopRoute, emulator.Status(502).Once())
	_, stopped, err := c.Release(context.Background(), testRun)
	if stopped || !IsStopMissed(err) || stopCalls(emu) != 1 {
		t.Fatalf("Release = %v, %v after %d PUTs: want one PUT and a missed stop", stopped, err, stopCalls(emu))
	}
	for _, want := range []string{"may have stopped another run of test plan 301", "/ui/td/runs/5001", "did not send the stop again"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err.Error(), want)
		}
	}
}

// Rule 8.1.5: a stop that Testsigma takes while this run goes on (here a 200 with the
// documented stopped run object, and nothing stopped) is said loudly, and not sent again.
func TestStop_tookTheStopButThisRunGoesOn(t *testing.T) {
	emu, c, clock := waitEmu(t, hourPlan, Options{})
	emu.Fault(stopRoute, emulator.Malformed(`{"id":5001,"executionId":301,"status":"STATUS_COMPLETED","result":"STOPPED","message":"User stopped the Test Plan"}`).Once())
	ctx := newExpiringCtx()
	endOnce(clock, emu, 1, func() { ctx.expire(context.DeadlineExceeded) })
	_, we := c.Follow(ctx, testRun, Policy{StopOnTimeout: true})
	if we == nil || we.Reason != WaitTimedOut || we.Stopped || !IsStopMissed(we.StopErr) {
		t.Fatalf("wait error %v: want a timeout whose stop missed", we)
	}
	for _, want := range []string{"Testsigma may have stopped another run of test plan 301: run 5001 is still going (STATUS_IN_PROGRESS)", "/ui/td/runs/5001", "did not send the stop again"} {
		if !strings.Contains(we.Error(), want) {
			t.Errorf("error %q lacks %q", we.Error(), want)
		}
	}
	if we.Last.Finished || stopCalls(emu) != 1 {
		t.Errorf("last %+v after %d PUTs: want the run going, one stop", we.Last, stopCalls(emu))
	}
}

// Release, as the resource's destroy uses it: a run going is stopped and read back stopped;
// a finished run, or one Testsigma does not know, gets no stop at all.
func TestRelease(t *testing.T) {
	t.Run("going", func(t *testing.T) {
		emu, c, _ := waitEmu(t, hourPlan, Options{})
		got, stopped, err := c.Release(context.Background(), testRun)
		if err != nil || !stopped || got.Result != ResultStopped || !got.Finished {
			t.Fatalf("Release = %+v, %v, %v", got, stopped, err)
		}
		if statusReads(emu) != 2 || stopCalls(emu) != 1 {
			t.Errorf("%d GETs and %d PUTs, want a read, the stop, a read", statusReads(emu), stopCalls(emu))
		}
	})
	t.Run("finished", func(t *testing.T) {
		emu, c, _ := waitEmu(t, emulator.Plan{Result: "FAILURE"}, Options{})
		got, stopped, err := c.Release(context.Background(), testRun)
		if err != nil || stopped || got.Result != ResultFailure || stopCalls(emu) != 0 {
			t.Errorf("Release = %+v, %v, %v after %d PUTs: want the finished run, no stop", got, stopped, err, stopCalls(emu))
		}
	})
	t.Run("unknown", func(t *testing.T) {
		emu, c, _ := newEmu(t, emulator.Options{}, Options{}, longPlan)
		_, stopped, err := c.Release(context.Background(), testRun)
		if !IsNotFound(err) || stopped || stopCalls(emu) != 0 {
			t.Errorf("Release = %v, %v after %d PUTs: want not found, no stop", stopped, err, stopCalls(emu))
		}
	})
	t.Run("status reads failing", func(t *testing.T) {
		emu, c, _ := waitEmu(t, hourPlan, Options{})
		emu.Fault(statusRoute, emulator.Status(400))
		_, stopped, err := c.Release(context.Background(), testRun)
		if err == nil || stopped || stopCalls(emu) != 0 || !strings.Contains(err.Error(), "could not be read to check that it was still going, so it was not stopped") {
			t.Errorf("Release = %v, %v after %d PUTs: no blind stop", stopped, err, stopCalls(emu))
		}
	})
}

// A run whose automatic re-run is going is released by stopping the re-run, the attempt
// that runs; the completed parent gets no stop.
func TestRelease_automaticRerunGoingStopsTheRerun(t *testing.T) {
	plan := emulator.Plan{Running: 10 * time.Second, Result: "FAILURE", AutoReruns: 1,
		Cases: []emulator.Case{{ID: 1, Name: "Pay now", Result: "FAILURE"}}}
	emu, c, clock := waitEmu(t, plan, Options{})
	clock.Advance(15 * time.Second) // the run failed at 10 s; its re-run goes until 20 s
	got, stopped, err := c.Release(context.Background(), testRun)
	parent, _ := emu.Run(testRun.ID)
	if parent.ReRunID == 0 {
		t.Fatalf("no automatic re-run: %+v", parent)
	}
	child, _ := emu.Run(parent.ReRunID)
	if parent.StopRequests != 0 || child.StopRequests != 1 || !stopped || err != nil {
		t.Errorf("stop requests: parent %d (want 0), re-run %d (want 1); Release = %+v, %v, %v", parent.StopRequests, child.StopRequests, got, stopped, err)
	}
}

// Testsigma's stop may end the plan's oldest going run whatever run it names (the
// open-source stop, the emulator's default). With another run of the plan going, older or
// newer than ours, our timeout sends no stop at all: neither run is stopped, and the error
// says so with our run's link. The same holds under StopByRunID (a guess), since the
// provider cannot tell which reading the server follows.
func TestStop_anotherRunOfThePlanGoingWithholdsTheStop(t *testing.T) {
	for _, tt := range []struct {
		name        string
		theirsFirst bool
		byRunID     bool
	}{{"older run going", true, false}, {"newer run going", false, false}, {"older run going, stop by run id", true, true}} {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, clock := newEmu(t, emulator.Options{StopByRunID: tt.byRunID}, Options{}, longPlan)
			var theirs int64
			if tt.theirsFirst {
				theirs = emu.StartRun(longPlan.ID)
			}
			ours, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: longPlan.ID})
			if err != nil {
				t.Fatal(err)
			}
			if !tt.theirsFirst {
				theirs = emu.StartRun(longPlan.ID)
			}
			ctx := newExpiringCtx()
			endOnce(clock, emu, 1, func() { ctx.expire(context.DeadlineExceeded) })
			_, we := c.Follow(ctx, ours, Policy{StopOnTimeout: true})
			other, _ := emu.Run(theirs)
			mine, _ := emu.Run(ours.ID)
			if we == nil || we.Stopped || !IsStopWithheld(we.StopErr) || stopCalls(emu) != 0 || other.Status == "STATUS_COMPLETED" || mine.Status == "STATUS_COMPLETED" {
				t.Fatalf("wait error %v after %d PUTs; ours %s, theirs %s: want no stop, both going", we, stopCalls(emu), mine.Status, other.Status)
			}
			for _, want := range []string{"did not stop run " + itoa(ours.ID), "other runs of test plan 301 are going (" + itoa(theirs) + ")", "/ui/td/runs/" + itoa(ours.ID)} {
				if !strings.Contains(we.Error(), want) {
					t.Errorf("error %q lacks %q", we.Error(), want)
				}
			}
		})
	}
}

// A run whose own status is completed, while its roll-up still says it goes (roll-ups that
// lag, or stay at creation values), is never stopped: the stop could only end another run
// of the plan, here one that another pipeline started.
func TestRelease_runWhoseOwnStatusIsCompletedIsNeverStopped(t *testing.T) {
	plan := emulator.Plan{ID: 301, Name: "Smoke plan", Running: 10 * time.Second, Result: "SUCCESS"}
	emu, c, clock := newEmu(t, emulator.Options{RollupsStayAtCreation: true}, Options{}, plan)
	ours := emu.StartRun(plan.ID)
	clock.Advance(12 * time.Second) // ours completed at 10 s
	theirs := emu.StartRun(plan.ID)
	cur, stopped, err := c.Release(context.Background(), Run{ID: ours, TestPlanID: plan.ID})
	other, _ := emu.Run(theirs)
	if stopped || err != nil || !cur.Finished || stopCalls(emu) != 0 || other.Status == "STATUS_COMPLETED" {
		t.Fatalf("Release = %+v, %v, %v after %d PUTs; theirs %s: want our run read as finished and no stop", cur, stopped, err, stopCalls(emu), other.Status)
	}
}

// The status reads fail from some point on, and meanwhile our run completes and another
// pipeline's run of the plan starts. At the timeout the last good read (or the trigger's
// answer) still shows ours going, but nothing newer confirms it: no stop is sent, so the
// other run is not ended.
func TestStop_timeoutWhileStatusReadsFailNeverStopsFromAnOlderRead(t *testing.T) {
	plan := emulator.Plan{Running: 20 * time.Second, Result: "SUCCESS", Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}}
	emu, c, clock := waitEmu(t, plan, Options{})
	afterFirstPoll(emu, emulator.Status(500))
	ctx := newExpiringCtx()
	var theirs int64
	start := clock.Now()
	clock.OnAfter(func(int, time.Duration) bool {
		if theirs != 0 || clock.Now().Sub(start) < 30*time.Second {
			return false
		}
		theirs = emu.StartRun(testRun.TestPlanID)
		ctx.expire(context.DeadlineExceeded)
		return true
	})
	_, we := c.Follow(ctx, testRun, Policy{StopOnTimeout: true})
	other, _ := emu.Run(theirs)
	if we == nil || we.Reason != WaitTimedOut || we.Stopped || we.StopErr == nil || stopCalls(emu) != 0 || other.Status == "STATUS_COMPLETED" {
		t.Fatalf("wait error %v after %d PUTs; theirs %s: want a timeout with no stop sent", we, stopCalls(emu), other.Status)
	}
}
