package testsigma

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const v2Route = "GET /api/v2/test_runs/{id}"

// reads are the run's status reads, v1 and v2, in order, as "v1@6s".
func reads(emu *emulator.Server, start time.Time) []string {
	var out []string
	for _, r := range emu.Requests() {
		switch {
		case r.Method != http.MethodGet:
		case strings.HasPrefix(r.Path, "/api/v1/execution_results/"):
			out = append(out, "v1@"+r.At.Sub(start).Round(time.Second).String())
		case strings.HasPrefix(r.Path, "/api/v2/test_runs/"):
			out = append(out, "v2@"+r.At.Sub(start).Round(time.Second).String())
		}
	}
	return out
}

func countingPlan(v1Counts bool) emulator.Plan {
	cases := make([]emulator.Case, 40)
	for i := range cases {
		cases[i] = emulator.Case{ID: int64(i + 1), Name: "c", Result: "SUCCESS"}
	}
	return emulator.Plan{ID: 1, Name: "p", Queued: 10 * time.Second, Running: 110 * time.Second, Result: "SUCCESS",
		Progressive: true, MovingV1Counts: v1Counts, Seed: 5, Cases: cases}
}

// waitCounting waits, to the end, for a first run of countingPlan(v1Counts), with fault on
// the v2 route first if it is not nil; it returns the emulator and the trigger time.
func waitCounting(t *testing.T, v1Counts bool, fault *emulator.Fault, p Policy) (*emulator.Server, time.Time) {
	t.Helper()
	return waitPlan(t, countingPlan(v1Counts), fault, p)
}

// waitPlan is waitCounting for a first run of plan.
func waitPlan(t *testing.T, plan emulator.Plan, fault *emulator.Fault, p Policy) (*emulator.Server, time.Time) {
	t.Helper()
	emu, c, clock := newEmu(t, emulator.Options{}, Options{}, plan)
	if fault != nil {
		emu.Fault(v2Route, *fault)
	}
	start := clock.Now()
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, we := c.wait(context.Background(), run, p); we != nil {
		t.Fatal(we)
	}
	return emu, start
}

// On the documented v1 shape (counts null), the look after the first poll reads v2 alone
// when it counts cases still to run: one request at that second, not a v1 poll and a v2
// read together.
func TestWaitOpensWithV2WhenV1CountsSayNothing(t *testing.T) {
	got := reads(waitCounting(t, false, nil, Policy{}))
	if len(got) < 3 || got[0] != "v1@1s" || !strings.HasPrefix(got[1], "v2@") || got[2] == "v1@"+strings.TrimPrefix(got[1], "v2@") {
		t.Errorf("reads %q: want a v1 poll, then a v2 read alone", got)
	}
	if len(got) > 8 {
		t.Errorf("%d reads for a 2-minute run, want at most the 15-second poll's 8: %q", len(got), got)
	}
}

// Where the v1 counts are there (they may move, and then v2 is not needed), the second look
// is a v1 poll, as before.
func TestWaitOpensWithV1WhenV1CountsAreThere(t *testing.T) {
	if got := reads(waitCounting(t, true, nil, Policy{})); len(got) < 2 || !strings.HasPrefix(got[1], "v1@") {
		t.Errorf("reads %q: want the second look to be a v1 poll", got)
	}
}

// v1 counts with a total may yet move, which the poll at half a minute shows: v2 is not
// read before it, so a run whose v1 counts move spends no request on v2 at all.
func TestWaitReadsNoV2BeforeV1CountsCouldMove(t *testing.T) {
	got := reads(waitCounting(t, true, nil, Policy{}))
	for i, r := range got[:min(3, len(got))] {
		if !strings.HasPrefix(r, "v1@") {
			t.Fatalf("read %d of %q is %s: want the first three looks to read v1 alone", i, got, r)
		}
	}
	if strings.Contains(strings.Join(got, " "), "v2@") {
		t.Errorf("reads %q: the v1 counts moved, want no v2 read", got)
	}
	// v1 counts that stay at zero while the run goes: v2 is still read after that poll.
	still := countingPlan(true)
	still.Progressive = false
	got = reads(waitPlan(t, still, nil, Policy{}))
	v1Polls := 0
	for _, r := range got {
		if strings.HasPrefix(r, "v1@") {
			v1Polls++
		} else if v1Polls >= 3 {
			return
		}
	}
	t.Errorf("reads %q: the v1 counts never moved, want a v2 read after the third v1 poll", got)
}

// A v2 object that says the run ended (an end time, a final result) while its counts do
// not add up (an aborted run, say) is confirmed by a v1 read at the same second.
func TestWaitReadsV1WhenV2SaysTheRunEnded(t *testing.T) {
	ended := emulator.StatusBody(200, "application/json",
		`{"id":5001,"result":"ABORTED","endTime":"2025-01-06T09:00:05Z","metrics":{"totalCount":40,"passedCount":2,"queuedCount":38}}`).Once()
	got := reads(waitCounting(t, false, &ended, Policy{}))
	if len(got) < 3 || !strings.HasPrefix(got[1], "v2@") || got[2] != "v1@"+strings.TrimPrefix(got[1], "v2@") {
		t.Errorf("reads %q: want the v2 read that says the run ended followed by a v1 read at once", got)
	}
}

// A v2 read answered with Retry-After ends the look there: no v1 read follows at once, and
// the next request waits for the server's delay.
func TestWaitHonoursRetryAfterOnAV2Read(t *testing.T) {
	refused := emulator.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "9"}.Once()
	var retries []time.Duration
	emu, start := waitCounting(t, false, &refused, Policy{OnEvent: func(e Event) {
		if e.Kind == EventRetrying {
			retries = append(retries, e.RetryAfter)
		}
	}})
	var at []time.Time
	for _, r := range emu.Requests() {
		if r.Method == http.MethodGet && (strings.HasPrefix(r.Path, "/api/v1/execution_results/") || strings.HasPrefix(r.Path, "/api/v2/test_runs/")) {
			at = append(at, r.At)
		}
	}
	if len(at) < 3 || at[2].Sub(at[1]) < 9*time.Second {
		t.Errorf("reads %q: want the look after the refused v2 read 9s or more later", reads(emu, start))
	}
	if len(retries) == 0 || retries[0] != 9*time.Second {
		t.Errorf("retry events %v: want one that says the server asked for 9s", retries)
	}
}
