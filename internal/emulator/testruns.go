package emulator

import (
	"net/http"
	"slices"
	"strconv"
	"time"
)

// testRunJSON is an item of the runs listing, in the v2 shape (spec 2.12): ISO times.
type testRunJSON struct {
	ID              int64      `json:"id"`
	TestPlanID      int64      `json:"testPlanId"`
	BuildNo         *string    `json:"buildNo"`
	Result          *string    `json:"result"`
	Status          string     `json:"status"`
	StartTime       string     `json:"startTime"`
	EndTime         *string    `json:"endTime"`
	Duration        *int64     `json:"duration"`
	Executor        string     `json:"executor"`
	TriggeredType   string     `json:"triggeredType"`
	EnvironmentID   *int64     `json:"environmentId"`
	ExecutionConfig *configRef `json:"executionConfig"`
	ReRunParentID   *int64     `json:"reRunParentId"`
	ReRunType       *string    `json:"reRunType"`
}

type configRef struct {
	ID   *int64  `json:"id"`
	Name *string `json:"name"`
}

const executorEmail = "api.user@example.com"

// iso is the v2 time format: RFC 3339 in UTC, whole seconds as in the docs' sample, the
// milliseconds only when there are some.
func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999Z07:00") }

// testRunObject renders r for the listing. Caller holds mu.
func (s *Server) testRunObject(r *run) testRunJSON {
	j := testRunJSON{
		ID: r.id, TestPlanID: r.plan.ID, BuildNo: r.buildNo, Result: r.result(),
		Status: statusNames[r.phase], StartTime: iso(r.start), Executor: executorEmail,
		TriggeredType: r.triggeredType, EnvironmentID: r.envID,
	}
	if r.completed() {
		end, dur := iso(r.end), r.end.Sub(r.start).Milliseconds()
		j.EndTime, j.Duration = &end, &dur
	}
	if r.parent != nil {
		j.ReRunParentID, j.ReRunType = &r.parent.id, &r.rerunType
	}
	if r.configID != nil || r.configName != "" {
		j.ExecutionConfig = s.configRef(r.configID, r.configName)
	}
	return j
}

// configRef names the saved config a run used, filling in the half the trigger left out.
// Caller holds mu.
func (s *Server) configRef(id *int64, name string) *configRef {
	ref := &configRef{ID: id}
	if name != "" {
		ref.Name = &name
	}
	for _, c := range s.configs {
		if id != nil && c.ID == *id || id == nil && c.Name == name {
			cid, cname := c.ID, c.Name
			ref.ID, ref.Name = &cid, &cname
			break
		}
	}
	return ref
}

func (j testRunJSON) field(key string) (string, bool) {
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	switch key {
	case "id":
		return strconv.FormatInt(j.ID, 10), true
	case "testPlanId":
		return strconv.FormatInt(j.TestPlanID, 10), true
	case "status":
		return j.Status, true
	case "result":
		return deref(j.Result), true
	case "buildNo":
		return deref(j.BuildNo), true
	case "triggeredType":
		return j.TriggeredType, true
	case "environmentId":
		return opt(j.EnvironmentID), true
	case "reRunParentId":
		return opt(j.ReRunParentID), true
	}
	return "", false
}

// listRuns is GET /api/{v1,v2}/test_runs?query=testPlanId:<id>, newest first, so that a
// client whose trigger got no answer can find the run it may have started. absent makes
// it answer like a server without the endpoint.
func (s *Server) listRuns(w http.ResponseWriter, q request, absent bool) {
	if absent {
		notFound(w, q.Request)
		return
	}
	keep := s.queryFilter(q)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	ids := make([]int64, 0, len(s.runs))
	for id := range s.runs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	out := []testRunJSON{}
	for _, id := range ids {
		if j := s.testRunObject(s.runs[id]); keep(j.field) {
			out = append(out, j)
		}
	}
	writeList(w, q, out, false, 10, s.maxPageSize())
}
