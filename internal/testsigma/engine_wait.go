package testsigma

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// WaitReason says why a wait ended without the run finishing.
type WaitReason string

const (
	WaitTimedOut    WaitReason = "timed out"
	WaitInterrupted WaitReason = "interrupted"
	WaitFailed      WaitReason = "failed"
	WaitRerunFailed WaitReason = "could not re-run the failed tests"
)

// WaitError is a wait that ended before the run finished, reported whole: a front door
// re-decides nothing of it. Last is the last state seen (when none was read, the run by ID
// and TestPlanID alone, with no Status); Stopped tells whether the run was stopped on the
// way out, StopErr why stopping it failed.
type WaitError struct {
	RunID   int64
	Reason  WaitReason
	Last    Run
	Stopped bool
	StopErr error
	// LeftGoing: the policy chose not to stop the run (StopOnTimeout or StopOnInterrupt
	// false), and it was still going, so it goes on: a later wait may resume it.
	LeftGoing bool
	Err       error
	// LastErr is what the status reads last failed with, when they were failing as the
	// wait ended: the reason a timeout never saw the run finish.
	LastErr error
}

func (e *WaitError) Error() string {
	msg := fmt.Sprintf("waiting for run %d %s", e.RunID, e.Reason)
	if e.Err != nil && (e.Reason == WaitFailed || e.Reason == WaitRerunFailed) {
		msg += ": " + e.Err.Error()
	}
	if e.LastErr != nil && e.Reason != WaitFailed {
		msg += "; the last status reads failed: " + e.LastErr.Error()
	}
	switch {
	case e.Stopped:
		msg += "; the run was stopped"
	case e.StopErr != nil:
		msg += "; stopping the run failed: " + e.StopErr.Error()
	}
	return msg
}

func (e *WaitError) Unwrap() error { return e.Err }

// How long stopping a run (and reading its end) may take: after Ctrl-C, Terraform must be
// answered within seconds, or a second Ctrl-C kills it before it saves the state.
const (
	stopGraceTimeout   = 30 * time.Second
	stopGraceInterrupt = 3 * time.Second
	// maxForeignAnswers ends a wait whose status reads keep answering about another run.
	maxForeignAnswers = 5
)

// wait polls the run until it is finished (see IsFinishedStatus and automatic re-runs), the
// context ends, or the API gives an answer that waiting longer cannot change (401, 403, 404,
// other 4xx). Transient failures (network, 429 with Retry-After, 5xx, HTML or unreadable
// bodies) are retried until the context ends. The verdict is left to Follow.
func (c *Client) wait(ctx context.Context, run Run, p Policy) (Run, *WaitError) {
	w := &waiter{c: c, run: run, p: p, start: c.opts.Clock.Now()}
	p.emit(Event{Kind: EventStarted, Run: run, URL: c.RunURL(run.ID)})
	for {
		// v2 reads come out of the same budget as the polls: they count as attempts.
		failures, lastErr := w.pausing()
		if err := c.pause(ctx, w.start, w.v1Reads+w.v2.reads, failures, lastErr, run.TestPlanID, p, progressOf(w.prog, w.v2.prog)); err != nil {
			return w.end(ctx)
		}
		expected, _ := c.expectation(run.TestPlanID, p.Expected)
		noExpectation := expected == 0 || p.rerun
		if noExpectation && w.lookV2(ctx) {
			continue
		}
		got, err := c.getRunOnce(ctx, run.ID)
		w.v1Reads++
		if v2, ok := c.v2Verdict(ctx, err, w.known()); ok {
			got, err = v2, nil
		}
		if err == nil {
			err = checkAnswer(got, run)
		}
		elapsed := c.opts.Clock.Now().Sub(w.start)
		if err != nil {
			if got, we, over := w.readFailed(ctx, err, elapsed); over {
				return got, we
			}
			continue
		}
		if w.observe(ctx, got, elapsed, noExpectation) {
			return w.last, nil
		}
	}
}

// waiter is one wait's memory: what it has seen of the run, and how its reads went.
type waiter struct {
	c     *Client
	run   Run
	p     Policy
	start time.Time
	last  Run  // the last status read that worked
	seen  bool // whether one did
	// failures counts the status reads failing in a row (lastErr the last one's error),
	// foreign the answers about another run in a row.
	failures, polls, foreign, v1Reads int
	lastErr                           error
	prog                              Progress // what the v1 counts read so far say of the run's end
	v2                                v2Reads  // the v2 counts, read when the v1 ones say nothing (engine_progress_v2.go)
	grace                             rerunGrace
}

// pausing is the failures the next pause backs off for: the status reads failing in a
// row, else a v2 read the server answered with Retry-After.
func (w *waiter) pausing() (int, error) {
	if w.failures == 0 && w.v2.slowDown != nil {
		return 1, w.v2.slowDown
	}
	return w.failures, w.lastErr
}

// readFailed decides on a status read that failed: over when the wait ends with it (the
// context ended, or an answer waiting cannot change), else it is retried.
func (w *waiter) readFailed(ctx context.Context, err error, elapsed time.Duration) (Run, *WaitError, bool) {
	if ctx.Err() != nil {
		got, we := w.end(ctx) // err is the cancellation
		return got, we, true
	}
	if w.foreign += boolInt(isForeign(err)); !pollRetryable(err) || w.foreign >= maxForeignAnswers {
		return w.last, &WaitError{RunID: w.run.ID, Reason: WaitFailed, Last: named(w.last, w.run), Err: err}, true
	}
	w.failures, w.lastErr = w.failures+1, err
	w.p.emit(Event{Kind: EventRetrying, Run: w.last, Elapsed: elapsed, Poll: w.polls, Err: err, Failures: w.failures, RetryAfter: retryAfter(err)})
	return Run{}, nil, false
}

// observe takes in a status read that worked, tells the progress stream what changed, and
// says whether the run has finished.
func (w *waiter) observe(ctx context.Context, got Run, elapsed time.Duration, noExpectation bool) bool {
	w.failures, w.polls, w.foreign = 0, w.polls+1, 0
	got = w.grace.hold(got, w.c.opts.Clock.Now()) // a failed run's automatic re-run may be yet to show
	w.v2.alone = 0                                // v1 was read: the next looks may read v2 alone again
	w.prog = w.prog.observe(elapsed, got.Counts)
	// With an expectation the schedule is already within budget: v2 would only cost.
	if !got.Finished && noExpectation && w.v2.want(w.polls, w.prog) {
		counts, _, err := w.c.v2Counts(ctx, w.run.ID) // read after a v1 poll: its end is v1's to say
		w.v2 = w.v2.record(w.polls, elapsed, counts, err)
	}
	if _, ok := got.Counts.Done(); !ok && !got.Finished {
		got.Counts = w.v2.last // the v1 counts say nothing: show the latest v2 ones
	}
	e := Event{Kind: EventPolled, Run: got, Elapsed: elapsed, Poll: w.polls}
	w.p.emit(e)
	switch {
	case !w.seen || got.Status != w.last.Status || got.Finished != w.last.Finished:
		e.Kind = EventStatus
		w.p.emit(e)
	case countsMoved(w.last.Counts, got.Counts):
		e.Kind = EventProgress
		w.p.emit(e)
	}
	w.last, w.seen = got, true
	return got.Finished
}

// end is the wait's end on a context that ended (see endWait).
func (w *waiter) end(ctx context.Context) (Run, *WaitError) {
	return w.c.endWait(ctx, w.run, w.p, w.last, w.seen, failing(w.failures, w.lastErr))
}

// pause waits until poll number attempt is due. When the expectation changes meanwhile the
// schedule is worked out again from the time already waited.
func (c *Client) pause(ctx context.Context, start time.Time, attempt, failures int, lastErr error, testPlanID int64, p Policy, prog Progress) error {
	clock := c.opts.Clock
	// The delay counts from the last poll, also when a wake-up works it out again: a waiter
	// that learns mid-sleep that the end is near looks at once, not a whole gap later.
	since := clock.Now()
	for {
		expected, changed := c.expectation(testPlanID, p.Expected)
		if p.rerun {
			expected, changed = 0, nil
		}
		// A poll on the yardstick's grid is never delayed: that is what keeps it from being
		// later than the yardstick (and a grid of its own trigger spreads a fan-out anyway).
		delay, grid := nextPollWith(since.Sub(start), attempt, expected, p.Interval, prog)
		if !grid {
			delay = jitter(delay, p.Jitter)
		}
		if failures > 0 {
			delay = max(delay, backoff(failures, retryAfter(lastErr)))
		}
		left := delay - clock.Now().Sub(since)
		if left <= 0 {
			return ctx.Err()
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(left):
			return nil
		case <-changed:
		}
	}
}

// pollRetryable: a status read is idempotent, so everything except a definite "no" from the
// API (a 4xx other than 408/429) is worth another try while time remains.
func pollRetryable(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		s := apiErr.StatusCode
		return s >= 500 || s == http.StatusTooManyRequests || s == http.StatusRequestTimeout
	}
	return !certificateError(err)
}

// endWait classifies a context that ended and, if the policy says so, releases the run
// (Release: read, stop if going, read again), with a fresh context (the request's is over)
// and a deadline of its own. A run that finished by itself before the stop took effect (or
// that had nothing left to stop) is returned finished, with no error, to be judged like any
// other; a run that reads STOPPED after the stop ends the wait as the timeout or interrupt
// it was, also when the stop's answer was lost. A run the policy chose not to stop is
// reported LeftGoing, for a later wait to resume.
func (c *Client) endWait(ctx context.Context, run Run, p Policy, last Run, seen bool, lastErr error) (Run, *WaitError) {
	reason, grace := WaitInterrupted, stopGraceInterrupt
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		reason, grace = WaitTimedOut, stopGraceTimeout
	}
	we := &WaitError{RunID: run.ID, Reason: reason, Last: named(last, run), Err: context.Cause(ctx), LastErr: lastErr}
	// Whether a run left alone goes on: the last poll, else the trigger's (or re-run's) own
	// answer. A stop never relies on it: Release reads the run afresh.
	known := knownState(run, last, seen)
	stop := (reason == WaitTimedOut && p.StopOnTimeout) || (reason == WaitInterrupted && p.StopOnInterrupt)
	we.LeftGoing = !stop && (known == nil || !known.Finished)
	if !stop || (seen && last.Finished) {
		return last, we
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	got, stopped, err := c.Release(sctx, run)
	we.Stopped, we.StopErr = stopped, err
	if got.ID == 0 {
		return last, we
	}
	we.Last = got
	if got.Finished && !stopped && err == nil {
		return got, nil
	}
	return got, we
}

// knownState is the freshest read of the run a wait has: its last poll, else the trigger's
// (or re-run's) own answer; nil for a run known by id alone.
func knownState(run, last Run, seen bool) *Run {
	switch {
	case seen:
		return &last
	case run.Status != "":
		return &run
	}
	return nil
}

// named is WaitError.Last: the last read of the run, or, when none was made, the run as the
// wait knew it by id and plan alone, so a report can always name it.
func named(last, run Run) Run {
	if last.ID != 0 {
		return last
	}
	return Run{ID: run.ID, TestPlanID: run.TestPlanID}
}

// failing is the error the status reads were failing with, or nil when the last one worked.
func failing(failures int, err error) error {
	if failures == 0 {
		return nil
	}
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func jitter(d time.Duration, fraction float64) time.Duration {
	if fraction <= 0 || d <= 0 {
		return d
	}
	return d + time.Duration(rand.Float64()*fraction*float64(d))
}
