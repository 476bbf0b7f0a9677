package testsigma

import (
	"context"
	"slices"
	"strings"
	"time"
)

// MaxFailedCases caps Outcome.FailedCases, so a broken plan does not flood state and errors.
const MaxFailedCases = 50

// Policy says how to follow one run and how to judge it.
type Policy struct {
	// Accepted are the final results that count as a pass; empty means DefaultAccepted.
	Accepted []string
	Interval time.Duration // the user's ceiling on every gap between polls; 0 = the schedule's own
	// Expected is the user's hint of the run's length (expected_duration); 0 = ask what the
	// client remembers of the plan's runs, learning from runs that finish meanwhile.
	Expected time.Duration
	// Timeout bounds the whole follow, re-runs included, on the client's clock (so tests on
	// scaled time reach it as fast as their polls); 0 = until ctx ends. Reaching it ends the
	// wait as WaitTimedOut, like a deadline on ctx.
	Timeout         time.Duration
	StopOnTimeout   bool    // stop the attempt going (only that run) when the timeout or ctx's deadline passes
	StopOnInterrupt bool    // stop the attempt going when ctx is cancelled (Ctrl-C)
	Jitter          float64 // fraction added at random to each delay; 0 = none
	// Reruns is how many times, at most, to re-run the failed tests of an attempt that did
	// not pass (0 to MaxReruns), each time of the last attempt.
	Reruns int
	// AllCases reads every test case into Outcome.Cases, not only the failed ones of a run
	// that did not succeed.
	AllCases bool
	// Target is what the run was started against, sent again with every re-run of it.
	Target  Target
	OnEvent func(Event) // the progress stream; nil = none

	rerun bool // this wait is on a re-run: it covers only some tests, so expect nothing
}

// DefaultAccepted is what counts as a pass when nobody says otherwise.
func DefaultAccepted() []string { return []string{ResultSuccess} }

func (p Policy) accepted() []string {
	if len(p.Accepted) == 0 {
		return DefaultAccepted()
	}
	return p.Accepted
}

// Outcome is everything a front door needs to report on a run: the verdict is decided here
// and nowhere else.
type Outcome struct {
	Runs        []Run // every attempt, first to last: the run, then its re-runs
	Final       Run   // the attempt that decides (the last)
	Passed      bool
	Accepted    []string     // the results that counted as a pass
	FailedCases []FailedCase // the deciding attempt's, at most MaxFailedCases; read once it is finished and not a success
	Cases       []TestCase   // every case of the deciding attempt, when read (always with Policy.AllCases)
	CasesErr    error        // the cases could not be read: best effort, the verdict stands
	ReasonsErr  error        // why the cases failed could not be read: best effort too
	NoRerun     string       // why a failed run was not re-run although re-runs were allowed
	OffTarget   string       // why the deciding re-run cannot count: it shows another target than asked; Passed is false
	URL         string       // the first attempt's page in the Testsigma UI
	FinalURL    string       // the deciding attempt's page
}

// FailedCase is a test case that did not succeed, and why: the first step that did not
// succeed and Testsigma's message for it, when they could be read.
type FailedCase struct {
	Name, Suite, Machine, Result string
	Step, Message                string
	ResultID                     int64 // the case's result id in its run
}

// FailedNames are the failed cases' names, without repeats.
func (o Outcome) FailedNames() []string {
	names := []string{}
	for _, fc := range o.FailedCases {
		if !slices.Contains(names, fc.Name) {
			names = append(names, fc.Name)
		}
	}
	return names
}

// Accepts is the verdict on a run that is finished (or not) with result: a null result is
// never a pass, and a run that is not finished has not passed.
func Accepts(accepted []string, finished bool, result string) bool {
	if len(accepted) == 0 {
		accepted = DefaultAccepted()
	}
	return Passed(Run{Finished: finished, Result: NormalizeResult(result)}, accepted)
}

// Follow waits for the run to finish (the adaptive schedule, transient faults ridden out),
// re-runs its failed tests when the policy allows, each time of the last attempt, and judges
// the last attempt. A wait that ended before an attempt finished (timeout, interrupt, an
// answer waiting cannot change, a re-run that could not start) returns a WaitError, with
// the Outcome of every attempt as last seen.
func (c *Client) Follow(ctx context.Context, run Run, p Policy) (Outcome, *WaitError) {
	return c.FollowAttempts(ctx, []Run{run}, p)
}

// FollowAttempts is Follow resumed on a run and the re-runs already made of it, first to
// last: it waits for the last, and the re-runs made so far count against Policy.Reruns.
// Policy.Timeout counts from here: a resumed wait gets a budget of its own.
func (c *Client) FollowAttempts(ctx context.Context, attempts []Run, p Policy) (Outcome, *WaitError) {
	if p.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = c.withTimeout(ctx, p.Timeout)
		defer cancel()
	}
	return c.follow(ctx, slices.Clone(attempts), p)
}

// follow is FollowAttempts within its timeout, on attempts of its own.
func (c *Client) follow(ctx context.Context, attempts []Run, p Policy) (Outcome, *WaitError) {
	for {
		current := attempts[len(attempts)-1]
		p.rerun = len(attempts) > 1
		final, we := c.wait(ctx, current, p)
		final.Adopted = current.Adopted
		if we == nil {
			final = c.v2Result(ctx, final)
		}
		if we != nil {
			if final.ID != 0 {
				attempts[len(attempts)-1] = final
			}
			return c.outcome(attempts, nil, nil, p), we
		}
		attempts[len(attempts)-1] = final
		if final.Duration != nil && !p.rerun {
			c.memory.remember(final.TestPlanID, *final.Duration)
		}
		// The attempt has finished: reading its cases and why they failed gets a few seconds
		// even if the deadline or Ctrl-C comes now, so the verdict is reported whole.
		jctx, cancel := graceful(ctx, interruptGrace)
		o := c.judge(jctx, attempts, p, len(attempts) <= p.Reruns)
		// Cases that could not be read leave nothing to pick: the verdict stands as it is.
		done := o.Passed || len(attempts) > p.Reruns || o.CasesErr != nil || o.OffTarget != ""
		if done {
			defer cancel()
			return c.finish(jctx, o, p), nil
		}
		pick := rerunnable(o.Cases)
		switch {
		case len(pick) == 0:
			o.NoRerun = "the run did not pass but no test case failed (it was aborted, not executed, or its machine never started), so there was nothing to re-run"
		case ctx.Err() != nil:
			o.NoRerun = "the wait ended (timeout or interrupt) before the failed tests could be re-run"
		}
		if o.NoRerun != "" {
			defer cancel()
			return c.finish(jctx, o, p), nil
		}
		cancel()
		next, err := c.rerun(ctx, decidingRun(final), pick, p.Target)
		if err != nil {
			return o, &WaitError{RunID: final.ID, Reason: WaitRerunFailed, Last: final, Err: err}
		}
		attempts = append(attempts, next)
		p.emit(Event{Kind: EventRerun, Run: next, URL: c.RunURL(next.ID), Attempts: slices.Clone(attempts)})
	}
}

// finish reads why the deciding attempt's tests failed and reports the verdict.
func (c *Client) finish(ctx context.Context, o Outcome, p Policy) Outcome {
	if len(o.FailedCases) > 0 {
		o.ReasonsErr = c.explain(ctx, decidingRun(o.Final).ID, o.FailedCases)
	}
	p.emit(Event{Kind: EventFinished, Run: o.Final, URL: o.FinalURL, Passed: o.Passed})
	return o
}

// Judge is the Outcome of a run as it is now, without waiting: it reads the test cases when
// the policy or the verdict needs them, and why the failed ones failed.
func (c *Client) Judge(ctx context.Context, run Run, p Policy) Outcome {
	return c.JudgeAttempts(ctx, []Run{run}, p)
}

// JudgeAttempts is Judge for a run and its re-runs, first to last, as recorded earlier: the
// last decides, and is not finished while Testsigma's automatic re-run of it may appear.
func (c *Client) JudgeAttempts(ctx context.Context, attempts []Run, p Policy) Outcome {
	attempts = slices.Clone(attempts)
	attempts[len(attempts)-1] = c.heldForAutoRerun(attempts[len(attempts)-1])
	o := c.judge(ctx, attempts, p, false)
	if len(o.FailedCases) > 0 {
		o.ReasonsErr = c.explain(ctx, decidingRun(o.Final).ID, o.FailedCases)
	}
	return o
}

func (c *Client) judge(ctx context.Context, attempts []Run, p Policy, forRerun bool) Outcome {
	final := attempts[len(attempts)-1]
	rerunNeedsCases := forRerun && !Passed(final, p.accepted())
	if !p.AllCases && !rerunNeedsCases && !failedCasesWanted(final) {
		return c.outcome(attempts, nil, nil, p)
	}
	cases, err := c.TestCases(ctx, decidingRun(final).ID)
	return c.outcome(attempts, cases, err, p)
}

func (c *Client) outcome(attempts []Run, cases []TestCase, casesErr error, p Policy) Outcome {
	final := attempts[len(attempts)-1]
	o := Outcome{
		Runs: slices.Clone(attempts), Final: final, Passed: Passed(final, p.accepted()), Accepted: p.accepted(),
		Cases: cases, CasesErr: casesErr, URL: c.RunURL(attempts[0].ID), FinalURL: c.RunURL(decidingRun(final).ID),
		OffTarget: offTarget(attempts, p.Target),
	}
	o.Passed = o.Passed && o.OffTarget == ""
	if failedCasesWanted(final) {
		o.FailedCases = failedCases(cases)
	}
	return o
}

// decidingRun is the run whose test cases decide: an automatic re-run's, when Testsigma made
// one, else the run itself.
func decidingRun(run Run) Run {
	if run.RerunID != nil {
		return Run{ID: *run.RerunID, TestPlanID: run.TestPlanID}
	}
	return run
}

// failedCasesWanted: failed cases are read only for a finished run that did not succeed;
// before completion every case is QUEUED and would all look failed.
func failedCasesWanted(run Run) bool {
	return run.Finished && run.Result != ResultSuccess
}

// failedCases are the cases that did not succeed, whatever accepted_results says (that only
// decides the verdict), in order, at most MaxFailedCases.
func failedCases(cases []TestCase) []FailedCase {
	out := []FailedCase{}
	for _, tc := range cases {
		if len(out) >= MaxFailedCases {
			break
		}
		if tc.Result == ResultSuccess {
			continue
		}
		out = append(out, FailedCase{Name: strings.TrimSpace(tc.Name), Suite: tc.SuiteName, Machine: tc.MachineTitle, Result: tc.Result, ResultID: tc.ResultID})
	}
	return out
}
