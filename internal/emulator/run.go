package emulator

import "time"

const (
	phaseCreated = iota
	phaseRunning
	phaseCompleted
)

var statusNames = [...]string{"STATUS_CREATED", "STATUS_IN_PROGRESS", "STATUS_COMPLETED"}

// Messages by phase, worded as the OSS AutomatorMessages (spec 1.5).
const (
	msgCreated    = "Test Plan execution is initiated and waiting to be queued"
	msgInProgress = "Test Plan in Progress"
	msgUserStop   = "User stopped the Test Plan"
	msgSuccess    = "Test plan execution completed"
	msgStopped    = "Test Plan Execution Was Stopped"
	msgFailed     = "Test plan execution failed"
)

type run struct {
	id            int64
	plan          *planEntry // the scenario as it was at trigger time
	triggeredType string
	start         time.Time

	phase      int
	phaseStart time.Time
	polls      int // GETs seen in the current phase
	totalPolls int
	end        time.Time
	stopped    bool

	stopRequests   int
	buildNo        *string
	envID          *int64
	runtimeData    map[string]string
	uploadVersions map[string]string
	configID       *int64
	configName     string
}

// newRun registers a run in the created phase. Caller holds mu.
func (s *Server) newRun(p *planEntry, triggeredType string) *run {
	now := s.clock.Now()
	r := &run{id: s.nextRun, plan: p, triggeredType: triggeredType, start: now, phaseStart: now}
	s.nextRun++
	s.runs[r.id] = r
	return r
}

// advance moves the run through every phase whose end (by time or by polls) has been
// reached. It is lazy so that a fake clock needs no goroutine to drive it.
func (r *run) advance(now time.Time) {
	for r.phase < phaseCompleted {
		dur, polls := r.plan.Queued, r.plan.QueuedPolls
		if r.phase == phaseRunning {
			dur, polls = r.plan.Running, r.plan.RunningPolls
		}
		boundary := r.phaseStart.Add(dur)
		switch {
		case dur <= 0 && polls <= 0:
			r.next(r.phaseStart)
		case dur > 0 && !now.Before(boundary):
			r.next(boundary)
		case polls > 0 && r.polls >= polls:
			r.next(now)
		default:
			return
		}
	}
}

func (r *run) next(at time.Time) {
	r.phase++
	r.phaseStart = at
	r.polls = 0
	if r.phase == phaseCompleted {
		r.end = at
	}
}

func (r *run) stop(now time.Time) {
	r.phase, r.stopped, r.end = phaseCompleted, true, now
}

func (r *run) completed() bool { return r.phase == phaseCompleted }

// result is the run-level result; nil is JSON null. It stays QUEUED until completion.
func (r *run) result() *string {
	switch {
	case !r.completed():
		return strp("QUEUED")
	case r.stopped:
		return strp("STOPPED")
	case r.plan.Result == "":
		return nil
	}
	return strp(r.plan.Result)
}

func (r *run) message() string {
	switch {
	case r.phase == phaseCreated:
		return msgCreated
	case r.phase == phaseRunning:
		return msgInProgress
	case r.stopped:
		return msgUserStop
	case r.plan.Message != "":
		return r.plan.Message
	case r.plan.Result == "SUCCESS":
		return msgSuccess
	case r.plan.Result == "STOPPED":
		return msgStopped
	}
	return msgFailed
}

// caseResult is what a case shows: QUEUED until completion, STOPPED after a stop.
func (r *run) caseResult(final string) string {
	switch {
	case !r.completed():
		return "QUEUED"
	case r.stopped:
		return "STOPPED"
	}
	return final
}

func (r *run) state() RunState {
	st := RunState{
		ID: r.id, PlanID: r.plan.ID, Status: statusNames[r.phase], Message: r.message(),
		TriggeredType: r.triggeredType, StopRequests: r.stopRequests, StatusPolls: r.totalPolls,
		EnvironmentID: r.envID, RuntimeData: r.runtimeData, UploadVersions: r.uploadVersions,
		ConfigID: r.configID, ConfigName: r.configName, Started: r.start,
	}
	if r.completed() {
		st.Ended = r.end
	}
	if res := r.result(); res != nil {
		st.Result = *res
	}
	if r.buildNo != nil {
		st.BuildNo = *r.buildNo
	}
	return st
}

type counts struct {
	total, passed, failed, aborted, notExecuted, stopped int
}

func (r *run) counts() counts {
	var c counts
	if !r.completed() {
		return c
	}
	for _, tc := range r.plan.Cases {
		c.total++
		switch r.caseResult(tc.Result) {
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
		}
	}
	return c
}

func strp(s string) *string { return &s }
