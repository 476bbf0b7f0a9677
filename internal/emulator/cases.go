package emulator

import "time"

// runCase is one case as one run runs it.
type runCase struct {
	Case
	idx      int // position in the plan, which identifies the case across re-runs
	resultID int64
	attempt  int           // 0 in a first run; a re-run's cases are one attempt later
	finish   time.Duration // Progressive: when it ends, counted from the start of Running
}

// final is the case's result once it has run.
func (c runCase) final() string {
	if c.FlakyRuns > 0 {
		if c.attempt >= c.FlakyRuns {
			return "SUCCESS"
		}
		if c.Result == "" || c.Result == "SUCCESS" {
			return "FAILURE"
		}
	}
	return c.Result
}

// done reports whether case k has its result. After a stop, only the cases of a
// Progressive run that ended before it keep theirs.
func (r *run) done(k int) bool {
	if r.completed() && !r.stopped {
		return true
	}
	if !r.progressive || !r.reachedRun {
		return false
	}
	at := r.seen
	if r.stopped {
		at = r.end
	}
	return !at.Before(r.ranSince.Add(r.cases[k].finish))
}

// caseState is what case k shows now: QUEUED until it is done, STOPPED after a stop.
func (r *run) caseState(k int) string {
	switch {
	case r.done(k):
		return r.cases[k].final()
	case r.stopped:
		return "STOPPED"
	}
	return "QUEUED"
}

// iterationState follows the case; a flaky case that passed passes every iteration.
func (r *run) iterationState(k int, it Iteration) string {
	st := r.caseState(k)
	switch {
	case !r.done(k):
		return st
	case r.cases[k].FlakyRuns > 0 && st == "SUCCESS":
		return st
	}
	return it.Result
}

type counts struct {
	total, passed, failed, aborted, notExecuted, stopped, queued, running int
}

// counts are zero until completion, as the OSS recomputes them at the end; a Progressive
// run shows its cases as they finish, one of them running at a time.
func (r *run) counts() counts {
	if !r.completed() && !r.progressive {
		return counts{}
	}
	states := make([]string, len(r.cases))
	for k := range r.cases {
		states[k] = r.caseState(k)
	}
	c := tally(states)
	if !r.progressive {
		c.queued = 0
	}
	if r.phase == phaseRunning && c.queued > 0 {
		c.running, c.queued = 1, c.queued-1
	}
	return c
}

func tally(states []string) counts {
	var c counts
	for _, st := range states {
		c.total++
		switch st {
		case "SUCCESS":
			c.passed++
		case "FAILURE":
			c.failed++
		case "ABORTED":
			c.aborted++
		case "NOT_EXECUTED":
			c.notExecuted++
		case "STOPPED":
			c.stopped++
		case "QUEUED":
			c.queued++
		}
	}
	return c
}

// resultRank orders results as the OSS maxResultByTestPlanResultId does; unknown values
// (STOPPED among them) rank last.
var resultRank = map[string]int{"SUCCESS": 0, "FAILURE": 1, "ABORTED": 2, "NOT_EXECUTED": 3, "QUEUED": 4}

// worst is the aggregate of case results: the highest ranked one.
func worst(states []string) string {
	out, top := "SUCCESS", 0
	for _, st := range states {
		rank, ok := resultRank[st]
		if !ok {
			rank = 5
		}
		if rank > top {
			out, top = st, rank
		}
	}
	return out
}

// v1Counts: the v1 run object carries counts now. By default only once the run is
// complete (Plan.MovingV1Counts); never with Plan.NullCounts. Caller holds mu.
func (r *run) v1Counts() bool {
	return !r.plan.NullCounts && (r.completed() || r.plan.MovingV1Counts)
}
