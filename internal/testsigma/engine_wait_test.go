package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// testRun is the run the wait tests follow: the first of test plan 301.
var testRun = Run{ID: 5001, TestPlanID: 301}

// waitEmu is an emulator on which testRun follows plan (its ID becomes 301) and a client of
// it with opts, both on the returned fake clock. Someone else started the run: the wait only
// reads it, and a stop (PUT) stops it, as on the API.
func waitEmu(t *testing.T, plan emulator.Plan, opts Options) (*emulator.Server, *Client, *fakeClock) {
	t.Helper()
	plan.ID, plan.Name = testRun.TestPlanID, "Smoke plan"
	emu, c, clock := newEmu(t, emulator.Options{}, opts, plan)
	if id := emu.StartRun(plan.ID); id != testRun.ID {
		t.Fatalf("the emulator started run %d, want %d", id, testRun.ID)
	}
	return emu, c, clock
}

// afterFirstPoll queues faults on the status reads once the first one is answered, so that
// the wait has seen the run before anything goes wrong.
func afterFirstPoll(emu *emulator.Server, faults ...emulator.Fault) {
	var once sync.Once
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == http.MethodGet {
			once.Do(func() {
				for _, f := range faults {
					emu.Fault(statusRoute, f)
				}
			})
		}
	})
}

func statusReads(emu *emulator.Server) int { return emu.Count(http.MethodGet, runPattern) }
func stopCalls(emu *emulator.Server) int   { return emu.Count(http.MethodPut, runPattern) }

// changes records the progress stream: status changes, polls and retries.
type changes struct {
	statuses []string
	elapsed  []time.Duration
	polls    []int
	retries  []int
	after    []time.Duration
}

func (c *changes) policy(p Policy) Policy {
	p.OnEvent = func(e Event) {
		switch e.Kind {
		case EventStatus:
			c.statuses = append(c.statuses, e.Run.Status)
			c.elapsed = append(c.elapsed, e.Elapsed)
		case EventPolled:
			c.polls = append(c.polls, e.Poll)
		case EventRetrying:
			c.retries = append(c.retries, e.Failures)
			c.after = append(c.after, e.RetryAfter)
		}
	}
	return p
}

func TestWaitHappyPath(t *testing.T) {
	// Two reads see it created, one in progress, the fourth completed.
	emu, c, clock := waitEmu(t, emulator.Plan{QueuedPolls: 2, RunningPolls: 1, Result: "SUCCESS"}, Options{})
	var ch changes
	run, err := c.wait(context.Background(), testRun, ch.policy(Policy{StopOnTimeout: true, StopOnInterrupt: true}))
	if err != nil {
		t.Fatal(err)
	}
	if !run.Finished || run.Status != StatusCompleted || run.Result != ResultSuccess || !Passed(run, []string{ResultSuccess}) {
		t.Errorf("run = %+v", run)
	}
	if got := statusReads(emu); got != 4 {
		t.Errorf("%d GETs, want 4", got)
	}
	if got := stopCalls(emu); got != 0 {
		t.Errorf("%d PUTs after a normal finish", got)
	}
	if want := []string{StatusCreated, StatusInProgress, StatusCompleted}; !reflect.DeepEqual(ch.statuses, want) {
		t.Errorf("status events = %q, want %q", ch.statuses, want)
	}
	if want := []int{1, 2, 3, 4}; !reflect.DeepEqual(ch.polls, want) {
		t.Errorf("poll events = %v", ch.polls)
	}
	if len(ch.retries) != 0 {
		t.Errorf("retry events %v", ch.retries)
	}
	// The delays follow NextPoll exactly (no jitter), the first at most 2s.
	delays := clock.Delays()
	var elapsed time.Duration
	for i, d := range delays {
		if want := NextPoll(elapsed, i+v2ReadsAfter(i), 0, 0); d != want {
			t.Errorf("delay %d = %v, want NextPoll's %v", i, d, want)
		}
		elapsed += d
	}
	if len(delays) != 4 || delays[0] > densePoll {
		t.Errorf("delays = %v", delays)
	}
	if ch.elapsed[0] != delays[0] {
		t.Errorf("first status event Elapsed = %v, want %v", ch.elapsed[0], delays[0])
	}
}

func TestWaitAlreadyComplete(t *testing.T) {
	emu, c, _ := waitEmu(t, emulator.Plan{Result: "FAILURE"}, Options{}) // no phases: complete at the first read
	var ch changes
	run, err := c.wait(context.Background(), testRun, ch.policy(Policy{}))
	if err != nil || run.Result != ResultFailure || !run.Finished || Passed(run, []string{ResultSuccess}) {
		t.Fatalf("run = %+v, err = %v", run, err)
	}
	if statusReads(emu) != 1 || len(ch.statuses) != 1 {
		t.Errorf("GETs %d, changes %q", statusReads(emu), ch.statuses)
	}
}

func TestWaitRidesOutTransientErrors(t *testing.T) {
	for _, keepAlive := range []bool{false, true} {
		name := "fresh connections"
		if keepAlive {
			name = "keep-alive"
		}
		t.Run(name, func(t *testing.T) {
			opts := Options{}
			if !keepAlive {
				opts.HTTPClient = noKeepAlive()
			}
			// Created at the first read, then seven failures, then in progress, then complete.
			// Truncated sends half of a real answer, so it is one of the two RunningPolls.
			emu, c, _ := waitEmu(t, emulator.Plan{QueuedPolls: 1, RunningPolls: 2, Result: "FAILURE"}, opts)
			afterFirstPoll(emu,
				emulator.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "7"}.Once(), // no constructor pairs Retry-After with a 503
				emulator.StatusBody(502, "text/html", "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>").Once(),
				emulator.Drop().Once(),
				emulator.Truncated().Once(),
				emulator.RateLimited("").Once(),
				emulator.StatusBody(500, "application/json", `{"error":"transient database error"}`).Once(),
				emulator.Status(http.StatusRequestTimeout).Once())
			var ch changes
			run, err := c.wait(context.Background(), testRun, ch.policy(Policy{}))
			if err != nil {
				t.Fatal(err)
			}
			if !run.Finished || run.Result != ResultFailure {
				t.Errorf("run = %+v", run)
			}
			if want := []string{StatusCreated, StatusInProgress, StatusCompleted}; !reflect.DeepEqual(ch.statuses, want) {
				t.Errorf("status events = %q, want %q", ch.statuses, want)
			}
			var reqs []emulator.Request // the v1 status reads, where the faults are
			for _, r := range emu.Requests() {
				if r.Method == http.MethodGet && strings.HasPrefix(r.Path, "/api/v1/execution_results/") {
					reqs = append(reqs, r)
				}
			}
			if len(reqs) < 9 {
				t.Fatalf("only %d requests", len(reqs))
			}
			// reqs[1] got the 503 with Retry-After: 7; the next poll is at least 7s later.
			if gap := reqs[2].At.Sub(reqs[1].At); gap < 7*time.Second {
				t.Errorf("the poll after Retry-After: 7 came %v later", gap)
			}
			if len(ch.after) == 0 || ch.after[0] != 7*time.Second {
				t.Errorf("retry events RetryAfter = %v", ch.after)
			}
			if !keepAlive {
				if got := statusReads(emu); got != 10 {
					t.Errorf("%d GETs, want 10", got)
				}
				if want := []int{1, 2, 3, 4, 5, 6, 7}; !reflect.DeepEqual(ch.retries, want) {
					t.Errorf("retry events Failures = %v, want %v", ch.retries, want)
				}
			}
		})
	}
}

func TestWaitStopsOnDefiniteAnswers(t *testing.T) {
	tests := []struct {
		name         string
		fail         emulator.Fault
		notFound     bool
		unauthorized bool
	}{
		{"404", emulator.Status(404), true, false},
		{"401", emulator.StatusBody(401, "application/json", "Incorrect API Key"), false, true},
		{"403", emulator.StatusBody(403, "text/plain", "Forbidden"), false, true},
		{"400", emulator.StatusBody(400, "application/json", `{"error":"bad id","fieldErrors":[]}`), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, _ := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
			afterFirstPoll(emu, tt.fail.Once())
			run, err := c.wait(context.Background(), testRun, Policy{StopOnTimeout: true, StopOnInterrupt: true})
			var we *WaitError
			if !errors.As(err, &we) || we.Reason != WaitFailed || we.RunID != 5001 {
				t.Fatalf("err = %#v, want a failed *WaitError", err)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != atoi(tt.name) {
				t.Errorf("err = %v, want the %s *APIError inside", err, tt.name)
			}
			if IsNotFound(err) != tt.notFound || IsUnauthorized(err) != tt.unauthorized {
				t.Errorf("IsNotFound/IsUnauthorized = %v/%v", IsNotFound(err), IsUnauthorized(err))
			}
			if we.Last.Status != StatusInProgress || run.Status != StatusInProgress || we.Stopped || we.StopErr != nil {
				t.Errorf("Last = %+v, run = %+v, Stopped %v", we.Last, run, we.Stopped)
			}
			if statusReads(emu) != 2 || stopCalls(emu) != 0 {
				t.Errorf("GETs %d, PUTs %d", statusReads(emu), stopCalls(emu))
			}
			if !strings.Contains(err.Error(), "waiting for run 5001 failed: Testsigma API answered "+tt.name) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// endAfter makes the clock end ctx (through end) once the emulator has answered n GETs; that
// sleep then never fires, so the wait ends through the context, deterministically.
func endAfter(clock *fakeClock, emu *emulator.Server, n int, end func()) {
	clock.OnAfter(func(int, time.Duration) bool {
		if statusReads(emu) >= n {
			end()
			return true
		}
		return false
	})
}

func TestWaitTimeout(t *testing.T) {
	tests := []struct {
		name     string
		policy   Policy
		polls    int
		wantStop bool
	}{
		{"stop on timeout", Policy{StopOnTimeout: true}, 2, true},
		{"no stop", Policy{}, 2, false},
		{"stop on interrupt only", Policy{StopOnInterrupt: true}, 2, false},
		{"before the first poll", Policy{StopOnTimeout: true}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, clock := waitEmu(t, emulator.Plan{QueuedPolls: 1, Running: time.Hour, Result: "SUCCESS"}, Options{})
			ctx := newExpiringCtx()
			endAfter(clock, emu, tt.polls, func() { ctx.expire(context.DeadlineExceeded) })
			run, err := c.wait(ctx, testRun, tt.policy)
			var we *WaitError
			if !errors.As(err, &we) || we.Reason != WaitTimedOut {
				t.Fatalf("err = %#v, want a timed-out *WaitError", err)
			}
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("errors.Is(err, DeadlineExceeded) = false: %v", err)
			}
			puts := 0
			for _, r := range emu.Requests() {
				if r.Method != http.MethodPut {
					continue
				}
				puts++
				var body map[string]any
				if jerr := json.Unmarshal(r.Body, &body); jerr != nil || !reflect.DeepEqual(body, map[string]any{"result": "STOPPED", "canStopAll": false}) {
					t.Errorf("stop body = %s", r.Body)
				}
				if r.Path != "/api/v1/execution_results/5001" {
					t.Errorf("stop path = %s", r.Path)
				}
			}
			if tt.wantStop {
				if puts != 1 || !we.Stopped || we.StopErr != nil {
					t.Errorf("PUTs %d, Stopped %v, StopErr %v; want exactly one stop", puts, we.Stopped, we.StopErr)
				}
				if we.Last.Result != ResultStopped || !we.Last.Finished {
					t.Errorf("Last = %+v, want the stopped run read after the stop", we.Last)
				}
				if !strings.HasSuffix(err.Error(), "timed out; the run was stopped") {
					t.Errorf("err = %v", err)
				}
			} else {
				if puts != 0 || we.Stopped {
					t.Errorf("PUTs %d, Stopped %v; want no stop", puts, we.Stopped)
				}
				if we.Last.Status != StatusInProgress || run.Status != StatusInProgress {
					t.Errorf("Last = %+v, run = %+v", we.Last, run)
				}
			}
			// A stop is read before and after (rule 8.1.5): two more reads.
			if want := tt.polls + 2*boolInt(tt.wantStop); statusReads(emu) != want {
				t.Errorf("%d GETs, want %d (the polls, and a read before and after a stop)", statusReads(emu), want)
			}
		})
	}
}

func TestWaitTimeoutDuringAPoll(t *testing.T) {
	emu, c, _ := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
	afterFirstPoll(emu, emulator.Hang(0).Once())
	ctx := newExpiringCtx()
	over := make(chan struct{})
	t.Cleanup(func() { close(over) })
	go func() { // the deadline passes while the emulator holds the second read
		for statusReads(emu) < 2 {
			select {
			case <-over:
				return
			case <-time.After(time.Millisecond):
			}
		}
		ctx.expire(context.DeadlineExceeded)
	}()
	var ch changes
	_, err := c.wait(ctx, testRun, ch.policy(Policy{StopOnTimeout: true}))
	var we *WaitError
	if !errors.As(err, &we) || we.Reason != WaitTimedOut || !we.Stopped {
		t.Fatalf("err = %v", err)
	}
	if len(ch.retries) != 0 {
		t.Errorf("retry events %v for a poll cut short by the deadline", ch.retries)
	}
	if got := stopCalls(emu); got != 1 {
		t.Errorf("%d PUTs, want 1", got)
	}
}

func TestWaitInterrupt(t *testing.T) {
	tests := []struct {
		name     string
		policy   Policy
		wantStop bool
	}{
		{"stop on interrupt", Policy{StopOnInterrupt: true}, true},
		{"no stop", Policy{}, false},
		{"stop on timeout only", Policy{StopOnTimeout: true}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, clock := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			endAfter(clock, emu, 3, cancel)
			_, err := c.wait(ctx, testRun, tt.policy)
			var we *WaitError
			if !errors.As(err, &we) || we.Reason != WaitInterrupted || !errors.Is(err, context.Canceled) {
				t.Fatalf("err = %#v, want an interrupted *WaitError", err)
			}
			puts := stopCalls(emu)
			if tt.wantStop != (puts == 1) || tt.wantStop != we.Stopped || puts > 1 {
				t.Errorf("PUTs %d, Stopped %v, want stop %v", puts, we.Stopped, tt.wantStop)
			}
			if !strings.Contains(err.Error(), "interrupted") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestWaitStopOutcome(t *testing.T) {
	tests := []struct {
		name        string
		stop        emulator.Fault
		wantStopped bool
	}{
		{"refused stop", emulator.StatusBody(403, "text/plain", "Only admins can stop executions"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, clock := waitEmu(t, emulator.Plan{Running: time.Hour, Result: "SUCCESS"}, Options{})
			emu.Fault(stopRoute, tt.stop)
			ctx := newExpiringCtx()
			endAfter(clock, emu, 1, func() { ctx.expire(context.DeadlineExceeded) })
			_, err := c.wait(ctx, testRun, Policy{StopOnTimeout: true})
			var we *WaitError
			if !errors.As(err, &we) || we.Reason != WaitTimedOut {
				t.Fatalf("err = %v", err)
			}
			if we.Stopped != tt.wantStopped || (we.StopErr == nil) != tt.wantStopped {
				t.Errorf("Stopped %v, StopErr %v", we.Stopped, we.StopErr)
			}
			if !tt.wantStopped {
				if !IsUnauthorized(we.StopErr) || !strings.Contains(err.Error(), "stopping the run failed") {
					t.Errorf("err = %v", err)
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("the wait error should still say why the wait ended: %v", err)
				}
			}
			if got := stopCalls(emu); got != 1 {
				t.Errorf("%d PUTs, want 1", got)
			}
		})
	}
}

func TestWaitFollowsReruns(t *testing.T) {
	// The first read sees the run going; it fails, and Testsigma re-runs the failed test by
	// itself: the second read sees the run failed with its re-run (5002) going, the third the
	// re-run passed. (TestDecodeRunRerun covers each way the API says so.)
	emu, c, _ := waitEmu(t, emulator.Plan{RunningPolls: 1, Result: "FAILURE", AutoReruns: 1,
		Cases: []emulator.Case{{ID: 1, Name: "Pay now", FlakyRuns: 1}}}, Options{})
	var ch changes
	run, err := c.wait(context.Background(), testRun, ch.policy(Policy{}))
	if err != nil {
		t.Fatal(err)
	}
	if !run.Finished || run.Result != ResultSuccess || run.RerunID == nil || *run.RerunID != 5002 {
		t.Errorf("run = %+v", run)
	}
	if statusReads(emu) != 3 {
		t.Errorf("%d GETs, want 3: the wait ended before the re-run did", statusReads(emu))
	}
	if want := []string{StatusInProgress, StatusCompleted}; !reflect.DeepEqual(ch.statuses, want) {
		t.Errorf("status events = %q, want %q", ch.statuses, want)
	}
}

func TestWaitDenseNearExpectedEnd(t *testing.T) {
	const expected = 90 * time.Second
	emu, c, clock := waitEmu(t, emulator.Plan{Running: expected + 2*time.Second, Result: "SUCCESS"}, Options{})
	start := clock.Now()
	run, err := c.wait(context.Background(), testRun, Policy{Interval: 30 * time.Second, Expected: expected})
	if err != nil || !run.Finished {
		t.Fatalf("run = %+v, err = %v", run, err)
	}
	reqs := emu.Requests()
	end := reqs[len(reqs)-1].At.Sub(start)
	if end < expected+2*time.Second || end > expected+4*time.Second {
		t.Errorf("the finish was seen at %v, want within 2s of %v", end, expected+2*time.Second)
	}
	sparse := 0
	for i := 1; i < len(reqs); i++ {
		gap := reqs[i].At.Sub(reqs[i-1].At)
		if gap > 30*time.Second {
			t.Errorf("gap %v above the interval", gap)
		}
		if gap > densePoll {
			sparse++
		}
	}
	if sparse == 0 || len(reqs) > 40 {
		t.Errorf("%d polls, %d sparse: want sparse polls early and dense ones near the end", len(reqs), sparse)
	}
}

func TestWaitJitter(t *testing.T) {
	_, c, clock := waitEmu(t, emulator.Plan{RunningPolls: 2, Result: "SUCCESS"}, Options{})
	if _, err := c.wait(context.Background(), testRun, Policy{Jitter: 0.5}); err != nil {
		t.Fatal(err)
	}
	var elapsed time.Duration
	for i, d := range clock.Delays() {
		base := NextPoll(elapsed, i+v2ReadsAfter(i), 0, 0)
		if d < base || d > base+base/2 {
			t.Errorf("delay %d = %v, want within [%v, %v]", i, d, base, base+base/2)
		}
		elapsed += d
	}
	if got := jitter(time.Second, 0); got != time.Second {
		t.Errorf("jitter without a fraction = %v", got)
	}
}

// A run of the same plan that finishes while this one waits moves the dense polls to the
// moment it learned: the schedule follows the client's memory from the next poll on.
func TestWaitFollowsAnExpectationLearnedMeanwhile(t *testing.T) {
	_, c, clock := waitEmu(t, emulator.Plan{RunningPolls: 12, Result: "SUCCESS"}, Options{}) // 12 reads in progress, then complete
	learned := 40 * time.Second
	p := Policy{OnEvent: func(e Event) {
		if e.Kind == EventPolled && e.Poll == 2 {
			c.RememberDuration(testRun.TestPlanID, learned) // another run of the plan finished
		}
	}}
	if _, err := c.wait(context.Background(), testRun, p); err != nil {
		t.Fatal(err)
	}
	var elapsed time.Duration
	for i, d := range clock.Delays() {
		exp := time.Duration(0)
		if i >= 2 {
			exp = learned
		}
		if want := NextPoll(elapsed, i, exp, 0); d != want {
			t.Errorf("delay %d = %v, want NextPoll(%v, %d, %v) = %v", i, d, elapsed, i, exp, want)
		}
		elapsed += d
	}
}

// A hint from the user wins over what the client remembers of the plan.
func TestWaitPrefersTheHint(t *testing.T) {
	c := newClient(t, "http://127.0.0.1:1", Options{})
	c.RememberDuration(301, time.Minute)
	if got := c.Expectation(301, 10*time.Minute); got != 10*time.Minute {
		t.Errorf("Expectation with a hint = %v, want the hint", got)
	}
	if got := c.Expectation(301, 0); got != time.Minute {
		t.Errorf("Expectation without a hint = %v, want the remembered minute", got)
	}
	if got := c.Expectation(302, 0); got != 0 {
		t.Errorf("Expectation of another plan = %v, want none", got)
	}
}

// A waiter deep in a long sleep wakes when a run of the same plan teaches it when to look.
func TestWaitWakesWhenTheExpectationChanges(t *testing.T) {
	_, c, clock := waitEmu(t, emulator.Plan{RunningPolls: 1, Result: "SUCCESS"}, Options{})
	c.RememberDuration(testRun.TestPlanID, time.Hour)
	var once sync.Once
	// Short sleeps fire at once; a long one never does, so only a wake-up can end it.
	clock.OnAfter(func(_ int, d time.Duration) bool {
		if d <= 5*time.Second {
			return false
		}
		// Another run of the plan took 2s: this one is due now.
		once.Do(func() { c.RememberDuration(testRun.TestPlanID, 2*time.Second) })
		return true
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run, err := c.wait(ctx, testRun, Policy{})
	if err != nil || !run.Finished {
		t.Fatalf("the wait did not wake up and finish: run %+v, err %v", run, err)
	}
}

// A run that finished before the deadline but could not be read (status reads starved by a
// rate limit) is not reported stopped: the read before the stop finds it finished, so no
// stop is sent (on the open-source server it would stop another run of the plan), and it is
// judged like any finished run.
func TestWait_starvedTimeoutJudgesTheRealEnd(t *testing.T) {
	emu, c := emuClient(t, emulator.Plan{ID: 30, Name: "Smoke", Running: 20 * time.Second, Result: "SUCCESS",
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 30})
	if err != nil {
		t.Fatal(err)
	}
	ctx := newExpiringCtx()
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.RateLimited(""))
	failed := 0
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" && r.Status == 429 {
			if failed++; failed == 8 { // the run ended long ago on the emulator's clock
				emu.ClearFaults()
				ctx.expire(context.DeadlineExceeded)
			}
		}
	})
	o, we := c.Follow(ctx, run, Policy{StopOnTimeout: true})
	if we != nil || !o.Passed || o.Final.Result != ResultSuccess {
		t.Fatalf("wait error %v, outcome %+v: a run that passed before the deadline must pass", we, o.Final)
	}
	if st, _ := emu.Run(run.ID); st.Result != "SUCCESS" || st.StopRequests != 0 {
		t.Errorf("run %+v: want it untouched, and no stop request", st)
	}
}

// A timeout while the status reads were failing says what they failed with.
func TestWait_timeoutShowsTheFailingReads(t *testing.T) {
	emu, c := emuClient(t, emulator.Plan{ID: 31, Name: "Long", Running: time.Hour, Result: "SUCCESS"})
	run, _ := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 31})
	ctx := newExpiringCtx()
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(500))
	failed := 0
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" && r.Status == 500 {
			if failed++; failed == 3 {
				ctx.expire(context.DeadlineExceeded)
			}
		}
	})
	_, we := c.Follow(ctx, run, Policy{})
	if we == nil || we.Reason != WaitTimedOut || we.LastErr == nil || !strings.Contains(we.Error(), "the last status reads failed: Testsigma API answered 500") {
		t.Errorf("wait error = %v", we)
	}
}

// A status answer about another run is never taken for ours: it is retried, then a clear
// error, and the run as last seen is kept.
func TestWait_answerAboutAnotherRunIsRejected(t *testing.T) {
	emu, c := emuClient(t, emulator.Plan{ID: 32, Name: "Long", Running: time.Hour, Result: "SUCCESS"})
	run, _ := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 32})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":999,"executionId":32,"status":"STATUS_COMPLETED","result":"SUCCESS"}`))
	o, we := c.Follow(context.Background(), run, Policy{})
	if we == nil || we.Reason != WaitFailed || !strings.Contains(we.Error(), "the answer is about run 999, not run "+itoa(run.ID)) || o.Final.ID != run.ID || o.Passed {
		t.Errorf("wait error %v; final %+v", we, o.Final)
	}
	if n := emu.Count("GET", "/api/v1/execution_results/{id}"); n != maxForeignAnswers {
		t.Errorf("%d status reads, want %d", n, maxForeignAnswers)
	}
}
