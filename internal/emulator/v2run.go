package emulator

import "net/http"

// v2RunJSON is the documented v2 run object (api/test-results-at-all-levels.md, spec
// 2.12): the body of GET /api/v2/test_runs/{id} and an item of the runs listing. Times
// are ISO strings. It has no status, environmentId, executionConfig or re-run fields.
type v2RunJSON struct {
	ID            int64        `json:"id"`
	TestPlanID    int64        `json:"testPlanId"`
	BuildNo       *string      `json:"buildNo"`
	Result        *string      `json:"result"`
	StartTime     string       `json:"startTime"`
	EndTime       *string      `json:"endTime"`
	Duration      *int64       `json:"duration"`
	Executor      string       `json:"executor"`
	TriggeredType string       `json:"triggeredType"`
	Metrics       *metricsJSON `json:"metrics"`
}

// metricsJSON is the v2 run's `metrics` (api/test-results-at-all-levels.md). A
// third-party script reports it populated even when v1 counts are null (spec 8.1.9), so
// it ignores Plan.NullCounts; Options.NullV2Metrics nulls its counts instead.
type metricsJSON struct {
	ID                               int64   `json:"id"`
	TestPlanResultID                 int64   `json:"testPlanResultId"`
	TotalCount                       *int    `json:"totalCount"`
	FailedCount                      *int    `json:"failedCount"`
	PassedCount                      *int    `json:"passedCount"`
	StoppedCount                     *int    `json:"stoppedCount"`
	NotExecutedCount                 *int    `json:"notExecutedCount"`
	QueuedCount                      *int    `json:"queuedCount"`
	RunningCount                     *int    `json:"runningCount"`
	ConsolidatedPlanTotalCount       *int    `json:"consolidatedPlanTotalCount"`
	ConsolidatedPlanFailedCount      *int    `json:"consolidatedPlanFailedCount"`
	ConsolidatedPlanPassedCount      *int    `json:"consolidatedPlanPassedCount"`
	ConsolidatedPlanStoppedCount     *int    `json:"consolidatedPlanStoppedCount"`
	ConsolidatedPlanNotExecutedCount *int    `json:"consolidatedPlanNotExecutedCount"`
	ConsolidatedPlanQueuedCount      *int    `json:"consolidatedPlanQueuedCount"`
	ConsolidatedPlanRunningCount     *int    `json:"consolidatedPlanRunningCount"`
	Result                           *string `json:"result"`
	LatestResult                     *string `json:"latestResult"`
	Duration                         *int64  `json:"duration"`
	ConsolidatedDuration             *int64  `json:"consolidatedDuration"`
}

// v2RunObject renders r as of now, for the by-id route and the listing alike. Caller
// holds mu.
func (s *Server) v2RunObject(r *run) v2RunJSON {
	j := v2RunJSON{
		ID: r.id, TestPlanID: r.plan.ID, BuildNo: r.buildNo, Result: r.result(),
		StartTime: iso(r.start), Executor: executorEmail, TriggeredType: r.triggeredType,
	}
	if r.completed() {
		end, dur := iso(r.end), r.end.Sub(r.start).Milliseconds()
		j.EndTime, j.Duration = &end, &dur
	}
	j.Metrics = s.metrics(r, j.Duration)
	return j
}

// metrics move as the cases of a Progressive run finish, and are complete at the end.
func (s *Server) metrics(r *run, dur *int64) *metricsJSON {
	ru := r.rollup()
	m := &metricsJSON{ID: r.id, TestPlanResultID: r.id, Result: r.result(),
		LatestResult: ru.latestResult, Duration: dur, ConsolidatedDuration: ru.duration}
	if s.opts.NullV2Metrics {
		return m
	}
	c, cc := r.counts(), ru.counts
	m.TotalCount, m.FailedCount, m.PassedCount = &c.total, &c.failed, &c.passed
	m.StoppedCount, m.NotExecutedCount = &c.stopped, &c.notExecuted
	m.QueuedCount, m.RunningCount = &c.queued, &c.running
	m.ConsolidatedPlanTotalCount, m.ConsolidatedPlanFailedCount = &cc.total, &cc.failed
	m.ConsolidatedPlanPassedCount, m.ConsolidatedPlanStoppedCount = &cc.passed, &cc.stopped
	m.ConsolidatedPlanNotExecutedCount, m.ConsolidatedPlanQueuedCount = &cc.notExecuted, &cc.queued
	m.ConsolidatedPlanRunningCount = &cc.running
	return m
}

// getV2Run is GET /api/v2/test_runs/{id}: a read, so it counts as no status poll.
func (s *Server) getV2Run(w http.ResponseWriter, q request) {
	s.withRun(w, q.ids[0], func(rn *run) { writeJSON(w, s.v2RunObject(rn)) })
}
