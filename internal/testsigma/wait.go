package testsigma

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"
)

// WaitPolicy says how to wait for one run.
type WaitPolicy struct {
	Interval time.Duration // the user's ceiling on every gap between polls; 0 = NextPoll's own default
	Expected time.Duration // the run's likely length (e.g. the previous run's); 0 = unknown
	// Expect, when set, is asked before every poll and replaces Expected when it answers > 0:
	// a run of the same plan that finishes meanwhile tells the others when to look. The
	// channel (nil for none) is closed when the answer may have changed, so a long sleep is
	// cut short and the schedule worked out again at once.
	Expect          func() (time.Duration, <-chan struct{})
	StopOnTimeout   bool    // stop the run (this run only) when ctx's deadline passes
	StopOnInterrupt bool    // stop the run when ctx is cancelled (Ctrl-C)
	Jitter          float64 // fraction added at random to each delay; 0 = none
	// Progress hooks; any may be nil.
	OnChange func(run Run, elapsed time.Duration)                    // the status changed
	OnPoll   func(run Run, attempt int, elapsed time.Duration)       // every successful poll
	OnRetry  func(err error, failures int, retryAfter time.Duration) // a poll failed; it will be retried
}

// WaitReason says why a wait ended without the run finishing.
type WaitReason string

const (
	WaitTimedOut    WaitReason = "timed out"
	WaitInterrupted WaitReason = "interrupted"
	WaitFailed      WaitReason = "failed"
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
}

func (e *WaitError) Error() string {
	msg := fmt.Sprintf("waiting for run %d %s", e.RunID, e.Reason)
	if e.Err != nil && e.Reason == WaitFailed {
		msg += ": " + e.Err.Error()
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

const stopGrace = 30 * time.Second

// Wait polls the run until it is finished (see IsFinishedStatus and automatic re-runs), the
// context ends, or the API gives an answer that waiting longer cannot change (401, 403, 404,
// other 4xx). Transient failures (network, 429 with Retry-After, 5xx, HTML or unreadable
// bodies) are retried until the context ends. The verdict is left to Passed.
func (c *Client) Wait(ctx context.Context, runID int64, p WaitPolicy) (Run, error) {
	clock := c.opts.Clock
	start := clock.Now()
	var last Run
	var seen bool
	failures := 0
	var lastErr error
	for attempt := 0; ; attempt++ {
		if err := c.pause(ctx, start, attempt, failures, lastErr, p); err != nil {
			return last, c.endWait(ctx, runID, p, last, seen)
		}
		run, err := c.getRunOnce(ctx, runID)
		elapsed := clock.Now().Sub(start)
		if err != nil {
			if ctx.Err() != nil {
				return last, c.endWait(ctx, runID, p, last, seen)
			}
			if !pollRetryable(err) {
				return last, &WaitError{RunID: runID, Reason: WaitFailed, Last: last, Err: err}
			}
			failures, lastErr = failures+1, err
			if p.OnRetry != nil {
				p.OnRetry(err, failures, retryAfter(err))
			}
			continue
		}
		failures = 0
		if p.OnPoll != nil {
			p.OnPoll(run, attempt+1, elapsed)
		}
		if (!seen || run.Status != last.Status || run.Finished != last.Finished) && p.OnChange != nil {
			p.OnChange(run, elapsed)
		}
		last, seen = run, true
		if run.Finished {
			return run, nil
		}
	}
}

// pause waits until poll number attempt is due. When the expectation changes meanwhile the
// schedule is worked out again from the time already waited.
func (c *Client) pause(ctx context.Context, start time.Time, attempt, failures int, lastErr error, p WaitPolicy) error {
	clock := c.opts.Clock
	for {
		expected, changed := p.expectation()
		delay := jitter(NextPoll(clock.Now().Sub(start), attempt, expected, p.Interval), p.Jitter)
		if failures > 0 {
			delay = max(delay, backoff(failures, retryAfter(lastErr)))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-clock.After(delay):
			return nil
		case <-changed:
		}
	}
}

func (p WaitPolicy) expectation() (time.Duration, <-chan struct{}) {
	if p.Expect == nil {
		return p.Expected, nil
	}
	e, changed := p.Expect()
	if e <= 0 {
		e = p.Expected
	}
	return e, changed
}

// pollRetryable: a status read is idempotent, so everything except a definite "no" from the
// API (a 4xx other than 408/429) is worth another try while time remains.
func pollRetryable(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		s := apiErr.StatusCode
		return s >= 500 || s == http.StatusTooManyRequests || s == http.StatusRequestTimeout
	}
	return true
}

// endWait classifies a context that ended and stops the run if the policy says so. The stop
// uses a fresh context: the request's is already cancelled.
func (c *Client) endWait(ctx context.Context, runID int64, p WaitPolicy, last Run, seen bool) error {
	reason := WaitInterrupted
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		reason = WaitTimedOut
	}
	we := &WaitError{RunID: runID, Reason: reason, Last: last, Err: ctx.Err()}
	stop := (reason == WaitTimedOut && p.StopOnTimeout) || (reason == WaitInterrupted && p.StopOnInterrupt)
	if !stop || (seen && last.Finished) {
		return we
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), stopGrace)
	defer cancel()
	if err := c.StopRun(sctx, runID); err != nil {
		we.StopErr = err
		return we
	}
	we.Stopped = true
	if run, err := c.GetRun(sctx, runID); err == nil {
		we.Last = run
	}
	return we
}

func jitter(d time.Duration, fraction float64) time.Duration {
	if fraction <= 0 || d <= 0 {
		return d
	}
	return d + time.Duration(rand.Float64()*fraction*float64(d))
}
