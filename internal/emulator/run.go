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
	cases         []runCase // a re-run carries only the cases it picked

	phase        int
	phaseStart   time.Time
	polls        int // GETs seen in the current phase
	totalPolls   int
	end          time.Time
	stopped      bool
	seen         time.Time // the time advance last looked at, for Progressive cases
	ranSince     time.Time // start of the Running phase, once reached
	reachedRun   bool
	progressive  bool // cases carry finish offsets
	settled      bool // completed, and its automatic re-run (if any) started
	parent       *run
	child        *run          // its re-run, automatic or manual
	rerunType    string        // how this re-run picked its cases; "" for a first run
	autoDepth    int           // automatic re-runs between this run and its first run
	manual       bool          // a POSTed re-run: it never re-runs itself
	auto         bool          // an automatic re-run, which a GET of its parent also counts for
	rerunReq     *RerunRequest // what a POSTed re-run's body carried
	stopRequests int

	buildNo        *string
	envID          *int64
	runtimeData    map[string]string
	uploadVersions map[string]string
	configID       *int64
	configName     string
}

// newRun registers a first run of p in the created phase. Caller holds mu.
func (s *Server) newRun(p *planEntry, triggeredType string) *run {
	cases := make([]runCase, len(p.Cases))
	for i, c := range p.Cases {
		cases[i] = runCase{Case: c, idx: i}
	}
	return s.addRun(p, triggeredType, s.clock.Now(), cases)
}

// addRun registers a run starting at start. Result ids are run id*1000 + position, so
// they are stable per run and unique across runs. Caller holds mu.
func (s *Server) addRun(p *planEntry, triggeredType string, start time.Time, cases []runCase) *run {
	r := &run{id: s.nextRun, plan: p, triggeredType: triggeredType, start: start,
		phaseStart: start, seen: start, cases: cases}
	s.nextRun++
	for k := range r.cases {
		r.cases[k].resultID = r.id*1000 + int64(k) + 1
	}
	if p.Progressive && p.Running > 0 && len(cases) > 0 {
		r.progressive = true
		spreadFinishes(r.cases, p.Running, p.Seed, s.plansRuns(p.ID))
	}
	s.runs[r.id] = r
	return r
}

// plansRuns counts the runs of a plan so far. Caller holds mu.
func (s *Server) plansRuns(planID int64) int {
	n := 0
	for _, r := range s.runs {
		if r.plan.ID == planID {
			n++
		}
	}
	return n
}

// advance moves the run through every phase whose end (by time or by polls) has been
// reached. It is lazy so that a fake clock needs no goroutine to drive it.
func (r *run) advance(now time.Time) {
	if now.After(r.seen) {
		r.seen = now
	}
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
	if r.phase == phaseRunning {
		r.ranSince, r.reachedRun = at, true
	}
	if r.phase == phaseCompleted {
		r.end = at
	}
}

func (r *run) stop(now time.Time) {
	r.phase, r.stopped, r.end = phaseCompleted, true, now
}

func (r *run) completed() bool { return r.phase == phaseCompleted }

// result is the run-level result; nil is JSON null. It stays QUEUED until completion.
// A first run says what its plan says; a re-run says what its cases did.
func (r *run) result() *string {
	switch {
	case !r.completed():
		return strp("QUEUED")
	case r.stopped:
		return strp("STOPPED")
	case r.parent != nil && len(r.cases) > 0:
		states := make([]string, len(r.cases))
		for k := range r.cases {
			states[k] = r.caseState(k)
		}
		return strp(worst(states))
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
	case r.parent == nil && r.plan.Message != "":
		return r.plan.Message
	}
	switch deref(r.result()) {
	case "SUCCESS":
		return msgSuccess
	case "STOPPED":
		return msgStopped
	}
	return msgFailed
}

func (r *run) state() RunState {
	st := RunState{
		ID: r.id, PlanID: r.plan.ID, Status: statusNames[r.phase], Message: r.message(),
		TriggeredType: r.triggeredType, StopRequests: r.stopRequests, StatusPolls: r.totalPolls,
		EnvironmentID: r.envID, RuntimeData: r.runtimeData, UploadVersions: r.uploadVersions,
		ConfigID: r.configID, ConfigName: r.configName, Started: r.start, ReRunType: r.rerunType,
		CaseIDs: make([]int64, len(r.cases)), Rerun: r.rerunReq,
	}
	for k, c := range r.cases {
		st.CaseIDs[k] = c.ID
	}
	if r.parent != nil {
		st.ReRunParentID = r.parent.id
	}
	if r.child != nil {
		st.ReRunID = r.child.id
	}
	if r.completed() {
		st.Ended = r.end
	}
	st.Result = deref(r.result())
	if r.buildNo != nil {
		st.BuildNo = *r.buildNo
	}
	return st
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func strp(s string) *string { return &s }
