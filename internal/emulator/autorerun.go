package emulator

import (
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
// re-run may itself complete and re-run within the same call. A run stays unsettled
// while its automatic re-run waits out Options.AutoRerunDelay. Caller holds mu.
func (s *Server) advanceAll(now time.Time) {
	ids := make([]int64, 0, len(s.runs))
	for id, r := range s.runs {
		if !r.settled {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	delay := s.opts.AutoRerunDelay
	for i := 0; i < len(ids); i++ {
		r := s.runs[ids[i]]
		if r.advance(now); !r.completed() {
			continue
		}
		eligible := r.autoRerunDue()
		if eligible && now.Before(r.end.Add(delay)) {
			continue
		}
		r.settled = true
		if eligible {
			ids = append(ids, s.autoRerun(r, r.end.Add(delay)).id)
		}
	}
}

// autoRerunDue: a completed run gets an automatic re-run when its plan asks for one
// (spec 1.6): not after a pass or a stop, and only a run whose reRunParentId is null
// (OSS TestPlanResultService.isReRunEligible, api-evidence E14), unless Plan.AutoReruns
// asks for a deeper chain. A manual re-run is never re-run by itself.
func (r *run) autoRerunDue() bool {
	res := strings.ToUpper(deref(r.result()))
	return !r.manual && !r.stopped && r.child == nil && r.autoDepth < r.plan.autoReruns() &&
		res != "" && res != "SUCCESS" && res != "PASSED" && res != "STOPPED"
}

// autoRerun starts the automatic re-run of r at start. Its triggeredType is MANUAL, the
// default the OSS re-run keeps (model/ExecutionTriggeredType.java has only MANUAL,
// SCHEDULED, API; api-evidence E13).
func (s *Server) autoRerun(r *run, start time.Time) *run {
	typ := r.plan.reRunType()
	picked, _ := r.pick(typ, nil)
	if len(picked) == 0 { // a plan whose Result alone says it failed: take every case
		picked, _ = r.pick("ALL_TESTS", nil)
	}
	c := s.addRerun(r, picked, "MANUAL", start)
	c.rerunType, c.autoDepth, c.auto = typ, r.autoDepth+1, true
	return c
}
