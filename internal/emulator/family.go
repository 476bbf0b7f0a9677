package emulator

// rollupJSON holds the 2024 SaaS roll-ups over a run and its re-runs (spec 1.6, 7.1).
// They are null outside a re-run family, as before the SaaS had re-runs.
type rollupJSON struct {
	ConsolidatedStatus               *string `json:"consolidatedStatus"`
	ConsolidatedDuration             *int64  `json:"consolidatedDuration"`
	LatestResult                     *string `json:"latestResult"`
	ResultType                       *string `json:"resultType"`
	IsReRunEnabled                   bool    `json:"isReRunEnabled"`
	ConsolidatedPlanTotalCount       *int    `json:"consolidatedPlanTotalCount"`
	ConsolidatedPlanPassedCount      *int    `json:"consolidatedPlanPassedCount"`
	ConsolidatedPlanFailedCount      *int    `json:"consolidatedPlanFailedCount"`
	ConsolidatedPlanStoppedCount     *int    `json:"consolidatedPlanStoppedCount"`
	ConsolidatedPlanNotExecutedCount *int    `json:"consolidatedPlanNotExecutedCount"`
	ConsolidatedPlanQueuedCount      *int    `json:"consolidatedPlanQueuedCount"`
	ConsolidatedPlanRunningCount     *int    `json:"consolidatedPlanRunningCount"`
}

// inFamily: the run is a re-run, has one, or its plan re-runs failed runs by itself.
func (r *run) inFamily() bool {
	return r.parent != nil || r.child != nil || r.plan.autoReruns() > 0
}

// last is the latest attempt down r's chain of re-runs (r itself when none).
func (r *run) last() *run {
	l := r
	for l.child != nil {
		l = l.child
	}
	return l
}

// merged is, per case of r, the state of its latest attempt down the chain of re-runs.
func (r *run) merged() []string {
	states := make([]string, len(r.cases))
	pos := make(map[int]int, len(r.cases))
	for k, c := range r.cases {
		states[k], pos[c.idx] = r.caseState(k), k
	}
	for c := r.child; c != nil; c = c.child {
		for k, rc := range c.cases {
			if p, ok := pos[rc.idx]; ok {
				states[p] = c.caseState(k)
			}
		}
	}
	return states
}

// consolidatedResult is the verdict over the chain: QUEUED until the latest attempt
// completes, then each case as its latest attempt left it, so a re-run that picked only
// some of the failures cannot turn the whole green.
func (r *run) consolidatedResult() *string {
	last := r.last()
	switch {
	case !last.completed():
		return strp("QUEUED")
	case last == r || len(r.cases) == 0:
		return last.result()
	}
	return strp(worst(r.merged()))
}

// rollups fills the roll-ups of a family run. The status is the latest attempt's, so a
// parent is not finished while its re-run goes. Caller holds mu.
func (s *Server) rollups(j *runJSON, r *run) {
	j.IsReRunEnabled = r.plan.autoReruns() > 0
	if !r.inFamily() {
		return
	}
	last := r.last()
	j.ConsolidatedResult = r.consolidatedResult()
	j.ConsolidatedStatus = strp(statusNames[last.phase])
	j.LatestResult, j.ResultType = last.result(), strp("ORIGINAL")
	if last.completed() {
		d := last.end.Sub(r.start).Milliseconds()
		j.ConsolidatedDuration = &d
	}
	if r.plan.NullCounts {
		return
	}
	c := tally(r.merged())
	if last.progressive && last.phase == phaseRunning && c.queued > 0 {
		c.running, c.queued = 1, c.queued-1
	}
	j.ConsolidatedPlanTotalCount, j.ConsolidatedPlanPassedCount = &c.total, &c.passed
	j.ConsolidatedPlanFailedCount, j.ConsolidatedPlanStoppedCount = &c.failed, &c.stopped
	j.ConsolidatedPlanNotExecutedCount, j.ConsolidatedPlanQueuedCount = &c.notExecuted, &c.queued
	j.ConsolidatedPlanRunningCount = &c.running
}
