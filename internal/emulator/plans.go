package emulator

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// planObject is a test plan as GET /test_plans and a run's `execution` show it. Caller
// holds mu.
func (s *Server) planObject(p *planEntry) *planJSON {
	var last *int64
	for id, r := range s.runs {
		if r.plan.ID == p.ID && (last == nil || id > *last) {
			last = &id
		}
	}
	desc, version := p.Description, p.ApplicationVersionID
	if desc == "" {
		desc = "Emulated test plan"
	}
	if version == 0 {
		version = 1
	}
	return &planJSON{
		ID: p.ID, ApplicationVersionID: version, Name: p.Name, Description: desc,
		ElementTimeOut: 30, PageTimeOut: 30, Screenshot: "ALL_TYPES",
		RecoveryAction: "Run_Next_Testcase", OnAbortedAction: "Reuse_Session",
		OnSuitePreRequisiteFail: "Abort", OnStepPreRequisiteFail: "Run_Next_Testcase",
		OnTestCasePreRequisiteFail: "Abort", ReRunType: p.reRunType(), ExecutionLabType: "TestsigmaLab",
		ExecutionType: "CROSS_BROWSER", LastRunID: last, EntityType: "EXECUTION",
		Environments: []any{}, CreatedDate: ms(p.created), UpdatedDate: ms(p.created),
	}
}

// field is what the query language sees of a plan.
func (p *planJSON) field(key string) (string, bool) {
	switch key {
	case "id":
		return strconv.FormatInt(p.ID, 10), true
	case "name":
		return p.Name, true
	case "applicationVersionId":
		return strconv.FormatInt(p.ApplicationVersionID, 10), true
	case "reRunType":
		return p.ReRunType, true
	case "executionType":
		return p.ExecutionType, true
	}
	return "", false
}

// listPlans is GET /api/v1/test_plans (spec 2.7, 7.2): by id, 10 a page by default.
func (s *Server) listPlans(w http.ResponseWriter, q request) {
	keep, ok := s.queryFilter(w, q, (&planJSON{}).field)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	ids := make([]int64, 0, len(s.plans))
	for id := range s.plans {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := []*planJSON{}
	for _, id := range ids {
		if pj := s.planObject(s.plans[id]); keep(pj.field) {
			if s.opts.PlansWithoutLastRunID {
				pj.LastRunID = nil
			}
			out = append(out, pj)
		}
	}
	writeList(w, q, out, s.opts.PlansAsArray, 20, s.maxPageSize())
}

// getPlan is GET /api/v1/test_plans/{id}. The path is undocumented (api-evidence row 50,
// E25): it answers, like the other lookups by id, only with Options.PlanByID.
func (s *Server) getPlan(w http.ResponseWriter, q request) {
	if !s.opts.PlanByID {
		notFound(w, q.Request)
		return
	}
	id, ok := parseID(w, q.ids[0])
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	p, ok := s.plans[id]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", id), strp("0"))
		return
	}
	writeJSON(w, s.planObject(p))
}
