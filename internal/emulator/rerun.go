package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// addRerun registers a re-run of the picked cases of from, one attempt later than the
// latest attempt of each down the chain, as a child of the chain's end. It keeps the
// trigger inputs of the run it re-runs. Caller holds mu.
func (s *Server) addRerun(from *run, picked []int, triggeredType string, start time.Time) *run {
	parent := from.last()
	cases := make([]runCase, 0, len(picked))
	for _, k := range picked {
		c := from.cases[k]
		c.attempt = parent.latestAttempt(c.idx, c.attempt) + 1
		cases = append(cases, c)
	}
	r := s.addRun(parent.plan, triggeredType, start, cases)
	r.parent, parent.child = parent, r
	r.buildNo, r.envID, r.runtimeData = from.buildNo, from.envID, from.runtimeData
	r.uploadVersions, r.configID, r.configName = from.uploadVersions, from.configID, from.configName
	return r
}

// latestAttempt is the attempt of the plan's case idx in r or the nearest run above it
// that ran it; def when none did.
func (r *run) latestAttempt(idx, def int) int {
	for a := r; a != nil; a = a.parent {
		for _, c := range a.cases {
			if c.idx == idx {
				return c.attempt
			}
		}
	}
	return def
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
// refusals are 500 DTOs whose code repeats the message. Only "ReRun Parent Id Already
// Exists" is OSS wording (E20a); the others' wording, and the 404 of an unknown parent,
// are a guess (E20b). Caller holds mu.
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
	case parent.child != nil && !s.opts.RerunParentIsChainEnd:
		why = "ReRun Parent Id Already Exists"
	case parent.last() != parent && !parent.last().completed():
		why = msgCurrentlyRunning
	case why == "" && s.opts.RejectConcurrent && s.planBusy(parent.plan.ID):
		why = msgCurrentlyRunning
	case why == "":
		why = s.bareIteration(parent, t.pickReqs)
	}
	if why != "" {
		fail(why)
		return
	}
	r := s.addRerun(parent, picked, "API", s.clock.Now())
	r.manual, r.rerunType = true, t.rerunType
	r.rerunReq = &RerunRequest{ExecutionResultID: parent.id, ReRunType: t.rerunType, BuildNo: t.buildNo,
		EnvironmentID: t.envID, UploadVersions: t.uploads, RuntimeData: t.runtimeData, Cases: t.pickReqs}
	if !s.opts.RerunInheritsTarget { // the plan's own target, as the OSS re-run takes (E19b)
		r.buildNo, r.envID, r.uploadVersions = nil, nil, nil
	}
	if !s.opts.RerunIgnoresBodyTarget {
		s.takeBodyTarget(r, t)
	}
	if t.runtimeData != nil {
		r.runtimeData = t.runtimeData
	}
	writeJSON(w, s.runObject(r, false))
}

// bareIteration is why a re-run is refused under RerunRefusesBareIterations: it picks a
// data-driven case by id alone. Caller holds mu.
func (s *Server) bareIteration(parent *run, reqs []RerunCase) string {
	if !s.opts.RerunRefusesBareIterations {
		return ""
	}
	for _, q := range reqs {
		for _, c := range parent.cases {
			if c.resultID == q.ID && c.DataDriven && q.IterationReRunType == "" {
				return fmt.Sprintf("iterationReRunType is required for the data driven test case result %d", q.ID)
			}
		}
	}
	return ""
}

// takeBodyTarget gives r the build, environment and uploads its re-run body names.
func (s *Server) takeBodyTarget(r *run, t trigger) {
	if t.buildNo != nil {
		r.buildNo = t.buildNo
	}
	if t.envID != nil {
		r.envID = t.envID
	}
	if t.uploads != nil {
		r.uploadVersions = t.uploads
	}
}
