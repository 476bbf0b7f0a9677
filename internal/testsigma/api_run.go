package testsigma

import (
	"slices"
	"strings"
	"time"
)

// Statuses a run moves through. Only StatusCompleted means finished.
const (
	StatusCreated    = "STATUS_CREATED"
	StatusQueued     = "STATUS_QUEUED"
	StatusPreFlight  = "STATUS_PRE_FLIGHT"
	StatusInProgress = "STATUS_IN_PROGRESS"
	StatusCompleted  = "STATUS_COMPLETED"
)

// Results as the API sends them (after NormalizeResult).
const (
	ResultSuccess     = "SUCCESS"
	ResultFailure     = "FAILURE"
	ResultAborted     = "ABORTED"
	ResultNotExecuted = "NOT_EXECUTED"
	ResultQueued      = "QUEUED"
	ResultStopped     = "STOPPED"
)

// KnownResults are the final results a user may accept.
var KnownResults = []string{ResultSuccess, ResultFailure, ResultAborted, ResultNotExecuted, ResultQueued, ResultStopped}

// resultAliases are spellings seen in Testsigma's docs and unofficial material.
var resultAliases = map[string]string{"PASSED": ResultSuccess, "PASS": ResultSuccess, "FAILED": ResultFailure, "FAIL": ResultFailure}

// Run is one execution of a test plan, as the provider understands it.
type Run struct {
	ID            int64
	TestPlanID    int64
	TestPlanName  string
	Status        string // as sent; for a re-run chain, the status of the run that decides
	Result        string // normalised; "" when the API said null
	Message       string
	BuildNumber   string
	EnvironmentID *int64
	StartedAt     *time.Time
	FinishedAt    *time.Time
	Duration      *time.Duration
	Counts        Counts
	// Finished is true only when the run and any automatic re-run of it are complete.
	Finished bool
	// RerunID is the automatic re-run whose result decided, if any.
	RerunID *int64
	// Adopted: the trigger's answer was lost, and this run was found among the plan's runs
	// as the one it made (see Trigger).
	Adopted bool
	// RerunOf is the run this one re-runs (reRunParentId); nil for a first run.
	RerunOf *int64
	// SelfRerun: the plan re-runs a failed run by itself (execution.reRunType not NONE, or
	// isReRunEnabled), so a completed first run that failed may not be final (spec 1.6).
	SelfRerun bool
}

// Counts are the test-case counts; nil where the API said null (never a made-up 0).
type Counts struct {
	Total, Passed, Failed, Aborted, Stopped, NotExecuted, Queued *int64
}

// IsFinishedStatus: a run is finished only when its status is STATUS_COMPLETED. Created,
// queued, pre-flight, in-progress and statuses nobody documented all mean "not yet".
func IsFinishedStatus(status string) bool {
	return strings.EqualFold(strings.TrimSpace(status), StatusCompleted)
}

// NormalizeResult maps the spellings in circulation to the API's enum (PASSED → SUCCESS,
// FAILED → FAILURE); unknown values are kept, upper-cased.
func NormalizeResult(raw string) string {
	r := strings.ToUpper(strings.TrimSpace(raw))
	if alias, ok := resultAliases[r]; ok {
		return alias
	}
	return r
}

// Passed is the verdict: the run is finished and its result is one of accepted. A null result
// at completion is never a pass.
func Passed(run Run, accepted []string) bool {
	if !run.Finished || run.Result == "" {
		return false
	}
	return slices.ContainsFunc(accepted, func(a string) bool { return NormalizeResult(a) == run.Result })
}

// IsKnownResult reports whether r (after normalising) is a result the API can send.
func IsKnownResult(r string) bool { return slices.Contains(KnownResults, NormalizeResult(r)) }

func (w *wireRun) toRun() Run {
	r := Run{
		ID:            w.ID.Value,
		TestPlanID:    w.ExecutionID.Value,
		Status:        strings.TrimSpace(w.Status),
		Message:       safeText(w.Message, maxMessageChars),
		BuildNumber:   safeText(string(w.BuildNo), maxNameChars),
		EnvironmentID: w.EnvironmentID.ptr(),
		StartedAt:     w.StartTime.ptr(),
		FinishedAt:    w.EndTime.ptr(),
		Counts: Counts{
			Total: w.TotalCount.ptr(), Passed: w.PassedCount.ptr(), Failed: w.FailedCount.ptr(),
			Aborted: w.AbortedCount.ptr(), Stopped: w.StoppedCount.ptr(),
			NotExecuted: w.NotExecutedCount.ptr(), Queued: w.QueuedCount.ptr(),
		},
	}
	if w.Execution != nil {
		r.TestPlanName = safeText(w.Execution.Name, maxNameChars)
		if r.TestPlanID == 0 {
			r.TestPlanID = w.Execution.ID.Value
		}
		rt := strings.ToUpper(strings.TrimSpace(w.Execution.ReRunType))
		r.SelfRerun = rt != "" && rt != "NONE"
	}
	r.SelfRerun = r.SelfRerun || (w.IsReRunEnabled != nil && *w.IsReRunEnabled)
	r.RerunOf = w.ReRunParentID.ptr()
	if w.Result != nil {
		r.Result = NormalizeResult(*w.Result)
	}
	if w.Duration.Valid {
		d := time.Duration(w.Duration.Value) * time.Millisecond
		r.Duration = &d
	}
	r.Finished = IsFinishedStatus(r.Status)
	w.applyRerun(&r)
	return r
}

// applyRerun follows Testsigma's automatic re-runs: a failed parent whose plan re-runs is not
// final until the re-run is. The roll-up fields win when present; else the last child decides.
func (w *wireRun) applyRerun(r *Run) {
	if cs := deref(w.ConsolidatedStatus); cs != "" && !IsFinishedStatus(cs) {
		r.Finished = false
		r.Status = cs
	}
	last := w
	for depth := 0; last.ChildResult != nil && last.ChildResult.ID.Valid && depth < 16; depth++ {
		last = last.ChildResult
	}
	if last != w {
		id := last.ID.Value
		r.RerunID = &id
		if !IsFinishedStatus(last.Status) {
			r.Finished = false
			r.Status = strings.TrimSpace(last.Status)
		}
		r.Result = NormalizeResult(deref(last.Result))
	}
	if cr := deref(w.ConsolidatedResult); cr != "" {
		r.Result = NormalizeResult(cr)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
