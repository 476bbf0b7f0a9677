package testsigma

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// A wait's end is reported whole: whether the policy left the run going (so a later wait may
// resume it) is the engine's to say, for every way a wait ends.
func TestWaitEnd_leftGoingIsThePolicysChoice(t *testing.T) {
	tests := []struct {
		name      string
		policy    Policy
		end       error // how the context ends; nil = the run's status reads fail with a 404
		wantLeft  bool
		wantStops int
	}{
		{"timeout, no stop", Policy{StopOnInterrupt: true}, context.DeadlineExceeded, true, 0},
		{"timeout, stopped", Policy{StopOnTimeout: true}, context.DeadlineExceeded, false, 1},
		{"interrupt, no stop", Policy{StopOnTimeout: true}, context.Canceled, true, 0},
		{"interrupt, stopped", Policy{StopOnInterrupt: true}, context.Canceled, false, 1},
		{"refused stop", Policy{StopOnTimeout: true}, context.DeadlineExceeded, false, 1},
		{"an answer waiting cannot change", Policy{}, nil, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, clock := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
			if tt.name == "refused stop" {
				emu.Fault(stopRoute, emulator.StatusBody(403, "text/plain", "Only admins can stop executions"))
			}
			ctx := newExpiringCtx()
			if tt.end == nil {
				afterFirstPoll(emu, emulator.StatusBody(404, "application/json", `{"error":"not found"}`))
			} else {
				endAfter(clock, emu, 2, func() { ctx.expire(tt.end) })
			}
			_, we := c.wait(ctx, testRun, tt.policy)
			if we == nil {
				t.Fatal("the wait ended without an error")
			}
			if we.LeftGoing != tt.wantLeft || stopCalls(emu) != tt.wantStops {
				t.Errorf("LeftGoing %v after %d stops (%v), want %v after %d", we.LeftGoing, stopCalls(emu), we, tt.wantLeft, tt.wantStops)
			}
		})
	}
}

// A wait that ended before its first status read still names the run it waited for, so a
// report never has to patch it in.
func TestWaitEnd_aRunNeverReadIsNamed(t *testing.T) {
	emu, c, clock := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
	ctx := newExpiringCtx()
	endAfter(clock, emu, 0, func() { ctx.expire(context.DeadlineExceeded) })
	_, we := c.wait(ctx, testRun, Policy{})
	if we == nil || we.Reason != WaitTimedOut || !we.LeftGoing {
		t.Fatalf("err = %v, want a timeout that left the run going", we)
	}
	if we.Last.ID != testRun.ID || we.Last.TestPlanID != testRun.TestPlanID || we.Last.Status != "" {
		t.Errorf("Last = %+v, want run %d of plan %d, with no status read", we.Last, testRun.ID, testRun.TestPlanID)
	}
}

// Policy.Timeout bounds the follow on the client's clock: a front door hands the timeout in
// and never builds the deadline itself. On scaled time the 10 minutes pass in well under a
// second of the wall clock.
func TestWaitEnd_policyTimeoutOnTheClientsClock(t *testing.T) {
	clock := simclock.NewScaled(2000)
	emu, c, _ := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{Clock: clock})
	began := clock.Now()
	o, we := c.Follow(context.Background(), testRun, Policy{Timeout: 10 * time.Minute, StopOnTimeout: true})
	took := clock.Now().Sub(began)
	if we == nil || we.Reason != WaitTimedOut || !errors.Is(we, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want a timeout", we)
	}
	if !we.Stopped || stopCalls(emu) != 1 || o.Final.Result != ResultStopped {
		t.Errorf("Stopped %v after %d stops, final %+v: want the run stopped once", we.Stopped, stopCalls(emu), o.Final)
	}
	if took < 10*time.Minute || took > 15*time.Minute {
		t.Errorf("the wait took %s of the client's time, want the 10m timeout (and the stop)", took)
	}
}
