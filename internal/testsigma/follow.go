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
	Expected        time.Duration
	StopOnTimeout   bool    // stop the run (this run only) when ctx's deadline passes
	StopOnInterrupt bool    // stop the run when ctx is cancelled (Ctrl-C)
	Jitter          float64 // fraction added at random to each delay; 0 = none
	// AllCases reads every test case into Outcome.Cases, not only the failed ones of a run
	// that did not succeed.
	AllCases bool
	OnEvent  func(Event) // the progress stream; nil = none
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
	Runs        []Run // every attempt, first to last
	Final       Run   // the attempt that decides (the last)
	Passed      bool
	Accepted    []string     // the results that counted as a pass
	FailedCases []FailedCase // at most MaxFailedCases; read once the run is finished and not a success
	Cases       []TestCase   // every case, when Policy.AllCases asked for them
	CasesErr    error        // the cases could not be read: best effort, the verdict stands
	URL         string       // the first attempt's page in the Testsigma UI
}

// FailedCase is a test case that did not succeed.
type FailedCase struct {
	Name, Suite, Machine, Result string
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
// then judges it. A wait that ended before the run finished (timeout, interrupt, an answer
// waiting cannot change) returns a WaitError, with the Outcome of the run as last seen.
func (c *Client) Follow(ctx context.Context, run Run, p Policy) (Outcome, *WaitError) {
	final, we := c.wait(ctx, run, p)
	if we != nil {
		if final.ID == 0 {
			final = run
		}
		return c.outcome(run, final, nil, nil, p), we
	}
	if final.Duration != nil {
		c.memory.remember(final.TestPlanID, *final.Duration)
	}
	o := c.Judge(ctx, final, p)
	p.emit(Event{Kind: EventFinished, Run: o.Final, URL: o.URL, Passed: o.Passed})
	return o, nil
}

// Judge is the Outcome of a run as it is now, without waiting: it reads the test cases when
// the policy or the verdict needs them.
func (c *Client) Judge(ctx context.Context, run Run, p Policy) Outcome {
	if !p.AllCases && !failedCasesWanted(run) {
		return c.outcome(run, run, nil, nil, p)
	}
	cases, err := c.TestCases(ctx, run.ID)
	return c.outcome(run, run, cases, err, p)
}

func (c *Client) outcome(first, final Run, cases []TestCase, casesErr error, p Policy) Outcome {
	if final.ID == 0 {
		final.ID, final.TestPlanID = first.ID, first.TestPlanID
	}
	o := Outcome{
		Runs: []Run{final}, Final: final, Passed: Passed(final, p.accepted()), Accepted: p.accepted(),
		CasesErr: casesErr, URL: c.RunURL(first.ID),
	}
	if p.AllCases {
		o.Cases = cases
	}
	if failedCasesWanted(final) {
		o.FailedCases = failedCases(cases)
	}
	return o
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
		out = append(out, FailedCase{Name: strings.TrimSpace(tc.Name), Suite: tc.SuiteName, Machine: tc.MachineTitle, Result: tc.Result})
	}
	return out
}
