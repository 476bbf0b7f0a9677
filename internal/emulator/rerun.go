package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// autoReruns is how many automatic re-runs a failed first run of p gets.
func (p *planEntry) autoReruns() int {
	switch {
	case p.AutoReruns > 0:
		return p.AutoReruns
	case p.ReRunType != "" && p.ReRunType != "NONE":
		return 1
	}
	return 0
}

// reRunType is the plan's setting as the API reports it.
func (p *planEntry) reRunType() string {
	if p.AutoReruns > 0 && (p.ReRunType == "" || p.ReRunType == "NONE") {
		return "ONLY_FAILED_TESTS"
	}
	if p.ReRunType == "" {
		return "NONE"
	}
	return p.ReRunType
}

// advanceAll brings every run up to now and starts the automatic re-runs that are due,
// oldest run first, so that run ids follow start times as far as laziness allows. A
// re-run may itself complete and re-run within the same call. Caller holds mu.
func (s *Server) advanceAll(now time.Time) {
	ids := make([]int64, 0, len(s.runs))
	for id, r := range s.runs {
		if !r.settled {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for i := 0; i < len(ids); i++ {
		r := s.runs[ids[i]]
		if r.advance(now); !r.completed() {
			continue
		}
		r.settled = true
		if c := s.autoRerun(r); c != nil {
			ids = append(ids, c.id)
		}
	}
}

// autoRerun starts the automatic re-run of a completed run when its plan asks for one
// (spec 1.6): not after a pass or a stop, not of a manual re-run, at most autoReruns deep.
func (s *Server) autoRerun(r *run) *run {
	res := strings.ToUpper(deref(r.result()))
	if r.manual || r.stopped || r.child != nil || r.autoDepth >= r.plan.autoReruns() ||
		res == "" || res == "SUCCESS" || res == "PASSED" || res == "STOPPED" {
		return nil
	}
	typ := r.plan.reRunType()
	picked, _ := r.pick(typ, nil)
	if len(picked) == 0 { // a plan whose Result alone says it failed: take every case
		picked, _ = r.pick("ALL_TESTS", nil)
	}
	c := s.addRerun(r, picked, "RERUN", r.end)
	c.rerunType, c.autoDepth = typ, r.autoDepth+1
	return c
}

// addRerun registers a re-run of the picked cases of parent, one attempt later. It keeps
// the parent's trigger inputs. Caller holds mu.
func (s *Server) addRerun(parent *run, picked []int, triggeredType string, start time.Time) *run {
	cases := make([]runCase, 0, len(picked))
	for _, k := range picked {
		c := parent.cases[k]
		c.attempt++
		cases = append(cases, c)
	}
	r := s.addRun(parent.plan, triggeredType, start, cases)
	r.parent, parent.child = parent, r
	r.buildNo, r.envID, r.runtimeData = parent.buildNo, parent.envID, parent.runtimeData
	r.uploadVersions, r.configID, r.configName = parent.uploadVersions, parent.configID, parent.configName
	return r
}

// pick selects the cases a re-run of the given type takes; the string is why it cannot.
// ONLY_FAILED_TESTS takes every case that did not pass; USER_PICKED the listed result
// ids, in the run's order.
func (r *run) pick(rerunType string, resultIDs []int64) ([]int, string) {
	var out []int
	switch rerunType {
	case "ALL_TESTS", "ONLY_FAILED_TESTS":
		for k := range r.cases {
			if rerunType == "ALL_TESTS" || r.caseState(k) != "SUCCESS" {
				out = append(out, k)
			}
		}
	case "USER_PICKED":
		want := map[int64]bool{}
		for _, id := range resultIDs {
			if !slices.ContainsFunc(r.cases, func(c runCase) bool { return c.resultID == id }) {
				return nil, fmt.Sprintf("Test case result not found with id: %d", id)
			}
			want[id] = true
		}
		for k, c := range r.cases {
			if want[c.resultID] {
				out = append(out, k)
			}
		}
	default:
		return nil, fmt.Sprintf("Unsupported reRunType: %s", rerunType)
	}
	if len(out) == 0 {
		return nil, "No test cases to re-run"
	}
	return out, ""
}

// rerun is the manual re-run (spec 7.1): POST /execution_results with isReRun. OSS
// refusals are 500 DTOs whose code repeats the message. Caller holds mu.
func (s *Server) rerun(w http.ResponseWriter, t trigger) {
	fail := func(msg string) { writeError(w, http.StatusInternalServerError, msg, &msg) }
	if t.parentID == nil {
		writeError(w, http.StatusInternalServerError, "The given id must not be null!", nil)
		return
	}
	parent, ok := s.runs[*t.parentID]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", *t.parentID), strp("0"))
		return
	}
	picked, why := parent.pick(t.rerunType, t.picks)
	switch {
	case t.planID != nil && *t.planID != parent.plan.ID:
		why = fmt.Sprintf("Test plan run %d is not a run of test plan %d", parent.id, *t.planID)
	case !parent.completed():
		why = fmt.Sprintf("Test plan run %d is not completed yet; only a completed run can be re-run", parent.id)
	case parent.child != nil:
		why = "ReRun Parent Id Already Exists"
	case why == "" && s.opts.RejectConcurrent && s.planBusy(parent.plan.ID):
		why = msgCurrentlyRunning
	}
	if why != "" {
		fail(why)
		return
	}
	r := s.addRerun(parent, picked, "API", s.clock.Now())
	r.manual, r.rerunType = true, t.rerunType
	if t.buildNo != nil {
		r.buildNo = t.buildNo
	}
	if t.envID != nil {
		r.envID = t.envID
	}
	if t.runtimeData != nil {
		r.runtimeData = t.runtimeData
	}
	writeJSON(w, s.runObject(r, false))
}
