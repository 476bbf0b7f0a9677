package emulator

// rollupJSON holds the 2024 SaaS roll-ups over a run and its re-runs (spec 1.6, 7.1),
// carried by every run, re-run or not (api-evidence E15).
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

// rollup is the roll-ups over r and its re-runs. The status is the latest attempt's, so
// a parent is not finished while its re-run goes. A run outside a re-run family rolls up
// to itself: the docs' plain first run carries them ("isReRunEnabled": false,
// "consolidatedResult": "QUEUED", "consolidatedStatus": "STATUS_CREATED",
// runs/executing-tests-in-private-grid.md; api-evidence E15).
type rollup struct {
	result, status, latestResult *string
	duration                     *int64
	counts                       counts
}

func (r *run) rollup() rollup {
	last := r.last()
	ru := rollup{result: r.consolidatedResult(), status: strp(statusNames[last.phase]),
		latestResult: last.result()}
	if last.completed() {
		d := last.end.Sub(r.start).Milliseconds()
		ru.duration = &d
	}
	if !r.inFamily() {
		ru.counts = r.counts()
		return ru
	}
	ru.counts = tally(r.merged())
	if last.progressive && last.phase == phaseRunning && ru.counts.queued > 0 {
		ru.counts.running, ru.counts.queued = 1, ru.counts.queued-1
	}
	return ru
}

// rollups fills the v1 roll-ups, on every run (api-evidence E15). Caller holds mu.
func (s *Server) rollups(j *runJSON, r *run) {
	j.IsReRunEnabled = r.plan.autoReruns() > 0
	ru := r.rollup()
	if s.opts.RollupsStayAtCreation && !r.inFamily() {
		ru.result, ru.status = strp("QUEUED"), strp("STATUS_CREATED")
	}
	j.ConsolidatedResult, j.ConsolidatedStatus = ru.result, ru.status
	j.LatestResult, j.ResultType = ru.latestResult, strp("ORIGINAL")
	j.ConsolidatedDuration = ru.duration
	if !r.v1Counts() {
		return
	}
	c := ru.counts
	j.ConsolidatedPlanTotalCount, j.ConsolidatedPlanPassedCount = &c.total, &c.passed
	j.ConsolidatedPlanFailedCount, j.ConsolidatedPlanStoppedCount = &c.failed, &c.stopped
	j.ConsolidatedPlanNotExecutedCount, j.ConsolidatedPlanQueuedCount = &c.notExecuted, &c.queued
	j.ConsolidatedPlanRunningCount = &c.running
}
