package testsigma

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// starvedLimiter lets allow requests through, then refuses every other at once, as
// rate.Limiter does when its next slot is after the context's deadline.
// After refusals refusals it ends the wait's context as its deadline would (the test's
// stand-in for the 15 s create timeout, on no wall clock).
type starvedLimiter struct {
	mu       sync.Mutex
	allow    int
	refusals int
	deadline *expiringCtx
}

func (l *starvedLimiter) Wait(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.allow > 0 {
		l.allow--
		return nil
	}
	if l.refusals--; l.refusals <= 0 && l.deadline != nil {
		l.deadline.expire(context.DeadlineExceeded)
	}
	return errors.New("rate: Wait(n=1) would exceed context deadline")
}

// Old #9 (max_requests_per_second = 0.1, three instant runs, create = "15s"): the provider's
// own rate limiter leaves no slot for a status read before the deadline. The run's final
// read is sent all the same, so a run that finished is judged (SUCCESS), not "unknown".
func TestOld9_finishedRunIsJudgedDespiteTheRateLimiter(t *testing.T) {
	wctx := newExpiringCtx()
	emu, c, _ := newEmu(t, emulator.Options{}, Options{Limiter: &starvedLimiter{allow: 0, refusals: 20, deadline: wctx}}, emulator.Plan{ID: 90, Name: "Instant", Result: "SUCCESS"})
	run, err := unlimited(t, emu, c).Trigger(context.Background(), TriggerRequest{TestPlanID: 90})
	if err != nil {
		t.Fatal(err)
	}
	o, we := c.Follow(wctx, run, Policy{StopOnTimeout: true})
	if we != nil || !o.Passed || !o.Final.Finished {
		t.Fatalf("outcome passed %v finished %v, wait error %v: want the run judged SUCCESS", o.Passed, o.Final.Finished, we)
	}
}

// Old #9: when even the final read shows a run still going, the timeout says the later
// reads were not sent by the provider's own limit, not that status reads failed.
func TestOld9_limiterRefusalsAreNotCalledFailedReads(t *testing.T) {
	wctx := newExpiringCtx()
	emu, c, _ := newEmu(t, emulator.Options{}, Options{Limiter: &starvedLimiter{allow: 0, refusals: 5, deadline: wctx}}, longPlan)
	run, err := unlimited(t, emu, c).Trigger(context.Background(), TriggerRequest{TestPlanID: longPlan.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, we := c.Follow(wctx, run, Policy{})
	if we == nil || we.Reason != WaitTimedOut {
		t.Fatalf("wait error %v, want a timeout", we)
	}
	if !errors.Is(we.LastErr, ErrRateLimited) || !strings.Contains(we.LastErr.Error(), "not sent") {
		t.Errorf("last error %v: want it to say the reads were not sent (the provider's own rate limit)", we.LastErr)
	}
}

// unlimited is a client of emu on c's clock without c's limiter: it starts the run, so the
// limiter starves only the wait (the trigger's own reads of the plan are not what is tested).
func unlimited(t *testing.T, emu *emulator.Server, c *Client) *Client {
	t.Helper()
	free, err := New(emu.URL(), emu.APIKey(), Options{Clock: c.opts.Clock})
	if err != nil {
		t.Fatal(err)
	}
	return free
}
