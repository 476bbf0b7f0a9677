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

// WaitError is a wait that ended before the run finished. Last is the last state seen (zero
// when none was read); Stopped tells whether the run was stopped on the way out.
type WaitError struct {
	RunID   int64
	Reason  WaitReason
	Last    Run
	Stopped bool
	StopErr error
	Err     error
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
	clock := c.opts.Clock
	start := clock.Now()
	p.emit(Event{Kind: EventStarted, Run: run, URL: c.RunURL(run.ID)})
	var last Run
	var seen bool
	failures, polls, foreign := 0, 0, 0
	var lastErr error
	var prog Progress // what the v1 counts read so far say of the run's end
	var v2 v2Reads    // the v2 counts, read when the v1 ones say nothing (progress_v2.go)
	var grace rerunGrace
	v1Reads := 0
	for {
		// v2 reads come out of the same budget as the polls: they count as attempts.
		if err := c.pause(ctx, start, v1Reads+v2.reads, failures, lastErr, run.TestPlanID, p, progressOf(prog, v2.prog)); err != nil {
			return c.endWait(ctx, run, p, last, seen, failing(failures, lastErr))
		}
		expected, _ := c.expectation(run.TestPlanID, p.Expected)
		noExpectation := expected == 0 || p.rerun
		if noExpectation && v2.leads(prog) {
			// The v2 counts are the progress: they are the look, and v1 is read only to
			// confirm an end they announce (or now and then, see v2Reads.leads).
			counts, err := c.v2Counts(ctx, run.ID)
			v2 = v2.look(clock.Now().Sub(start), counts, err)
			if err == nil && !allDone(counts) {
				last = v2Progress(p, last, prog, counts, clock.Now().Sub(start), polls)
				continue
			}
		}
		got, err := c.getRunOnce(ctx, run.ID)
		v1Reads++
		if err == nil {
			err = checkAnswer(got, run)
		}
		elapsed := clock.Now().Sub(start)
		if err != nil {
			if ctx.Err() != nil {
				return c.endWait(ctx, run, p, last, seen, failing(failures, lastErr)) // err is the cancellation
			}
			if foreign = foreign + boolInt(isForeign(err)); !pollRetryable(err) || foreign >= maxForeignAnswers {
				return last, &WaitError{RunID: run.ID, Reason: WaitFailed, Last: last, Err: err}
			}
			failures, lastErr = failures+1, err
			p.emit(Event{Kind: EventRetrying, Run: last, Elapsed: elapsed, Poll: polls, Err: err, Failures: failures, RetryAfter: retryAfter(err)})
			continue
		}
		failures, polls, foreign = 0, polls+1, 0
		got = grace.hold(got, clock.Now()) // a failed run's automatic re-run may be yet to show
		v2.alone = 0                       // v1 was read: the next looks may read v2 alone again
		prog = prog.observe(elapsed, got.Counts)
		// With an expectation the schedule is already within budget: v2 would only cost.
		if !got.Finished && noExpectation && v2.want(polls, prog) {
			counts, err := c.v2Counts(ctx, run.ID)
			v2 = v2.record(polls, elapsed, counts, err)
		}
		if _, ok := got.Counts.Done(); !ok && !got.Finished {
			got.Counts = v2.last // the v1 counts say nothing: show the latest v2 ones
		}
		e := Event{Kind: EventPolled, Run: got, Elapsed: elapsed, Poll: polls}
		p.emit(e)
		switch {
		case !seen || got.Status != last.Status || got.Finished != last.Finished:
			e.Kind = EventStatus
			p.emit(e)
		case countsMoved(last.Counts, got.Counts):
			e.Kind = EventProgress
			p.emit(e)
		}
		last, seen = got, true
		if got.Finished {
			return got, nil
		}
	}
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
// it was, also when the stop's answer was lost.
func (c *Client) endWait(ctx context.Context, run Run, p Policy, last Run, seen bool, lastErr error) (Run, *WaitError) {
	reason, grace := WaitInterrupted, stopGraceInterrupt
	if errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		reason, grace = WaitTimedOut, stopGraceTimeout
	}
	we := &WaitError{RunID: run.ID, Reason: reason, Last: last, Err: context.Cause(ctx), LastErr: lastErr}
	stop := (reason == WaitTimedOut && p.StopOnTimeout) || (reason == WaitInterrupted && p.StopOnInterrupt)
	if !stop || (seen && last.Finished) {
		return last, we
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), grace)
	defer cancel()
	// What says the run is going when the fresh read before the stop fails: the last poll,
	// else the trigger's (or re-run's) own answer, never a run recorded by id alone.
	var known *Run
	switch {
	case seen:
		known = &last
	case run.Status != "":
		known = &run
	}
	got, stopped, err := c.release(sctx, run, known)
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
