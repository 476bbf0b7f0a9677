package emulator

import (
	"net/http"
	"strings"
)

// request is what a route handler gets: the path's {id} segments in order, and the body
// already read (serve logs it before the handler runs).
type request struct {
	*http.Request
	ids  []string
	body []byte
}

type route struct {
	pattern string // the path after /api/; each {id} matches one segment
	methods []string
	serve   func(*Server, http.ResponseWriter, request)
}

var get = []string{http.MethodGet}

var routes = []route{
	{"v1/execution_results", []string{http.MethodPost}, func(s *Server, w http.ResponseWriter, q request) {
		s.trigger(w, q.body)
	}},
	{"v1/execution_results/{id}", []string{http.MethodGet, http.MethodPut}, func(s *Server, w http.ResponseWriter, q request) {
		s.withRun(w, q.ids[0], func(rn *run) {
			if q.Method == http.MethodGet {
				s.getRun(w, rn)
			} else {
				s.putRun(w, rn, q.body)
			}
		})
	}},
	{"v1/execution_results/{id}/test_case_results", get, func(s *Server, w http.ResponseWriter, q request) {
		s.withRun(w, q.ids[0], func(rn *run) { writeJSON(w, s.caseResults(rn)) })
	}},
	{"v1/saved_execution_configs", get, func(s *Server, w http.ResponseWriter, _ request) { s.savedConfigs(w) }},
	{"v1/reports/junit/{id}", get, func(s *Server, w http.ResponseWriter, q request) {
		s.withRun(w, q.ids[0], func(rn *run) { s.junit(w, q.Request, rn) })
	}},
	{"v1/test_plans", get, (*Server).listPlans},
	{"v1/test_plans/{id}", get, (*Server).getPlan},
	{"v1/environments", get, (*Server).listEnvironments},
	{"v1/environments/{id}", get, (*Server).getEnvironment},
	{"v1/test_runs", get, func(s *Server, w http.ResponseWriter, q request) { s.listRuns(w, q, s.opts.NoRunsListV1) }},
	{"v2/test_runs/{id}", get, (*Server).getV2Run},
	{"v2/test_runs", get, func(s *Server, w http.ResponseWriter, q request) { s.listRuns(w, q, s.opts.NoRunsListV2) }},
	{"v1/test_runs/{id}/test_case_results/{id}/step_results", get, func(s *Server, w http.ResponseWriter, q request) {
		s.stepResults(w, q, "v1")
	}},
	{"v2/test_runs/{id}/test_case_results/{id}/step_results", get, func(s *Server, w http.ResponseWriter, q request) {
		s.stepResults(w, q, "v2")
	}},
	{"v3/test_runs/{id}/test_case_results/{id}/step_results", get, func(s *Server, w http.ResponseWriter, q request) {
		s.stepResults(w, q, "v3")
	}},
}

// match reports whether path fits the pattern, with the {id} segments it captured.
func (rt route) match(path string) ([]string, bool) {
	ps, xs := strings.Split(rt.pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	var ids []string
	for i, p := range ps {
		switch {
		case p == "{id}" && xs[i] != "":
			ids = append(ids, xs[i])
		case p != xs[i]:
			return nil, false
		}
	}
	return ids, true
}
