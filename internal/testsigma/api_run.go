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
		BuildNumber:   safeText(string(w.BuildNo), maxNameChars),
		EnvironmentID: w.EnvironmentID.ptr(),
		StartedAt:     w.StartTime.ptr(),
		RerunOf:       w.ReRunParentID.ptr(),
		SelfRerun:     w.IsReRunEnabled.v != nil && *w.IsReRunEnabled.v,
	}
	if p := w.Execution.p; p != nil {
		r.TestPlanName = safeText(string(p.Name), maxNameChars)
		if r.TestPlanID == 0 {
			r.TestPlanID = p.ID.Value
		}
		rt := strings.ToUpper(strings.TrimSpace(string(p.ReRunType)))
		r.SelfRerun = r.SelfRerun || (rt != "" && rt != "NONE")
	}
	if w.Duration.Valid {
		d := time.Duration(w.Duration.Value) * time.Millisecond
		r.Duration = &d
	}
	w.decide(&r)
	return r
}

// decide fills in what describes the attempt that decides the verdict, so that status,
// result, message, counts and end all tell of one attempt: the last automatic re-run down
// childResult when Testsigma made one, else the run itself. Its own status says whether it
// is finished. The roll-ups (consolidatedStatus/Result) may lag, or stay at their creation
// values, so they never hold a completed attempt unfinished: once it completes, only
// Testsigma's automatic re-run of a failed first run can follow, and the auto re-run grace
// waits for that, for a bounded time (engine_autorerun_grace.go). The roll-up result
// counts only in a re-run family (the plan re-runs by itself, or a re-run is shown), and
// not while the roll-up status says the family goes on.
func (w *wireRun) decide(r *Run) {
	last := w
	for depth := 0; last.ChildResult != nil && last.ChildResult.ID.Valid && depth < maxChain; depth++ {
		last = last.ChildResult
	}
	if last != w {
		id := last.ID.Value
		r.RerunID = &id
	}
	r.Status = strings.TrimSpace(last.Status)
	r.Result = NormalizeResult(deref(last.Result))
	r.Message = safeText(string(last.Message), maxMessageChars)
	r.Counts = last.counts()
	r.FinishedAt = last.EndTime.ptr()
	r.Finished = IsFinishedStatus(r.Status)
	cs := strings.TrimSpace(string(w.ConsolidatedStatus))
	if !r.SelfRerun && last == w || !r.Finished || cs != "" && !IsFinishedStatus(cs) {
		return
	}
	// A completed roll-up that disagrees with the attempt it rolls up decides (it may know
	// of an attempt not shown), and the attempt's own message and counts no longer describe it.
	if cr := NormalizeResult(string(w.ConsolidatedResult)); cr != "" && cr != r.Result {
		r.Result, r.Message, r.Counts = cr, "", Counts{}
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return strings.TrimSpace(*s)
}
