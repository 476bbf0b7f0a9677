package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// handle is the API proper: auth, routing, handlers.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	path := r.URL.Path
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/") // Spring matches a trailing slash too
	}
	rest, isAPI := strings.CutPrefix(path, "/api/v1/")
	if !isAPI {
		writeError(w, http.StatusNotFound, "No handler found for "+r.Method+" "+path, nil)
		return
	}
	// The OSS filter guards all of /api/v1/**, unknown routes included.
	if !s.authorized(w, r) {
		return
	}
	seg := strings.Split(rest, "/")
	switch {
	case len(seg) == 1 && seg[0] == "execution_results":
		if allow(w, r, http.MethodPost) {
			s.trigger(w, body)
		}
	case len(seg) == 2 && seg[0] == "execution_results":
		if allow(w, r, http.MethodGet, http.MethodPut) {
			s.withRun(w, seg[1], func(rn *run) {
				if r.Method == http.MethodGet {
					s.getRun(w, rn)
				} else {
					s.putRun(w, rn, body)
				}
			})
		}
	case len(seg) == 3 && seg[0] == "execution_results" && seg[2] == "test_case_results":
		if allow(w, r, http.MethodGet) {
			s.withRun(w, seg[1], func(rn *run) { writeJSON(w, s.caseResults(rn)) })
		}
	case len(seg) == 1 && seg[0] == "saved_execution_configs":
		if allow(w, r, http.MethodGet) {
			s.savedConfigs(w)
		}
	case len(seg) == 3 && seg[0] == "reports" && seg[1] == "junit":
		if allow(w, r, http.MethodGet) {
			s.withRun(w, seg[2], func(rn *run) { s.junit(w, r, rn) })
		}
	default:
		writeError(w, http.StatusNotFound, "No handler found for "+r.Method+" "+path, nil)
	}
}

// authorized follows the OSS APIAuthenticationFilter: X-TS-API-KEY first, else an
// exact "Bearer " prefix; a 401 says application/json but carries plain text.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	key := r.Header.Get("X-TS-API-KEY")
	if key == "" {
		key, _ = strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			key = ""
		}
	}
	msg := ""
	switch {
	case key == "":
		msg = "No API Key Found In Request Headers"
	case key != s.opts.APIKey:
		msg = "Incorrect API Key"
	default:
		return true
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte(msg))
	return false
}

func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.Header().Set("Allow", strings.Join(methods, ", "))
	writeError(w, http.StatusMethodNotAllowed, "Request method '"+r.Method+"' not supported", nil)
	return false
}

// withRun resolves a path id under the lock: 400 when not a number (Spring's type
// mismatch), 404 with code "0" when unknown.
func (s *Server) withRun(w http.ResponseWriter, rawID string, f func(*run)) {
	id, err := strconv.ParseInt(rawID, 10, 64)
	if err != nil {
		msg := fmt.Sprintf("Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; For input string: %q", rawID)
		writeRaw(w, http.StatusBadRequest, "application/json", errorJSONFields(msg, nil, []any{}))
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rn, ok := s.runs[id]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", id), strp("0"))
		return
	}
	rn.advance(s.clock.Now())
	f(rn)
}

// getRun is the status poll; it is what counts towards QueuedPolls/RunningPolls, and
// the poll sees the state before it is counted.
func (s *Server) getRun(w http.ResponseWriter, rn *run) {
	writeJSON(w, s.runObject(rn, true))
	rn.polls++
	rn.totalPolls++
	rn.advance(s.clock.Now())
}

// putRun stops or merges (spec 2.3). canStopAll defaults to true and then stops every
// non-completed run of the plan, as the docs say.
func (s *Server) putRun(w http.ResponseWriter, rn *run, body []byte) {
	var req struct {
		Result     *string         `json:"result"`
		CanStopAll *bool           `json:"canStopAll"`
		BuildNo    json.RawMessage `json:"buildNo"`
	}
	if json.Unmarshal(body, &req) != nil {
		writeRaw(w, http.StatusBadRequest, "", "")
		return
	}
	buildNo, err := scalarString(req.BuildNo)
	if err != nil {
		writeRaw(w, http.StatusBadRequest, "", "")
		return
	}
	if req.Result != nil && *req.Result == "STOPPED" {
		rn.stopRequests++
		var targets []*run
		for _, o := range s.runs {
			all := req.CanStopAll == nil || *req.CanStopAll
			if !o.completed() && (o == rn || all && o.plan.ID == rn.plan.ID) {
				targets = append(targets, o)
			}
		}
		if len(targets) == 0 {
			msg := "No Queued executions for test plan - " + rn.plan.Name
			writeError(w, http.StatusInternalServerError, msg, &msg)
			return
		}
		now := s.clock.Now()
		for _, o := range targets {
			o.stop(now)
		}
	}
	if buildNo != nil {
		rn.buildNo = buildNo
	}
	writeJSON(w, s.runObject(rn, true))
}

func (s *Server) savedConfigs(w http.ResponseWriter) {
	type user struct {
		ID                int64   `json:"id"`
		Email             string  `json:"email"`
		FirstName         string  `json:"firstName"`
		LastName          string  `json:"lastName"`
		UserName          string  `json:"userName"`
		Status            string  `json:"status"`
		IsDeleted         bool    `json:"isDeleted"`
		IsAdmin           bool    `json:"isAdmin"`
		IsSuperAdmin      bool    `json:"isSuperAdmin"`
		UserType          string  `json:"userType"`
		IsAPIUser         bool    `json:"isAPIUser"`
		IsCrowdUser       bool    `json:"isCrowdUser"`
		IsMasked          bool    `json:"isMasked"`
		GDPR              any     `json:"gdpr"`
		CreatedDate       int64   `json:"createdDate"`
		UpdatedDate       int64   `json:"updatedDate"`
		CreatedByID       *int64  `json:"createdById"`
		UpdatedByID       *int64  `json:"updatedById"`
		Privileges        []any   `json:"privileges"`
		AuthType          string  `json:"authType"`
		IdentityServiceID *string `json:"identityServiceId"`
	}
	type item struct {
		ID                       int64  `json:"id"`
		Name                     string `json:"name"`
		Query                    string `json:"query"`
		ExecutionConfigType      string `json:"executionConfigType"`
		ExecutionConfigCondition string `json:"executionConfigCondition"`
		CreatedByUser            *user  `json:"createdByUser"`
	}
	s.mu.Lock()
	out := make([]item, 0, len(s.configs))
	for _, c := range s.configs {
		it := item{c.ID, c.Name, c.Query, c.Type, c.Condition, nil}
		if c.CreatedByEmail != "" {
			local, _, _ := strings.Cut(c.CreatedByEmail, "@")
			it.CreatedByUser = &user{
				ID: executedBy, Email: c.CreatedByEmail, FirstName: local, LastName: "Emulated",
				UserName: c.CreatedByEmail, Status: "ACTIVE", UserType: "NORMAL",
				CreatedDate: 1700000000000, UpdatedDate: 1700000000000,
				Privileges: []any{}, AuthType: "PASSWORD",
			}
		}
		out = append(out, it)
	}
	s.mu.Unlock()
	writeJSON(w, out)
}

// writeJSON sends a 200 JSON answer; errors go through writeError.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // our own types always marshal
	}
	writeRaw(w, http.StatusOK, "application/json", string(b))
}

func writeError(w http.ResponseWriter, status int, msg string, code *string) {
	writeRaw(w, status, "application/json", errorJSON(msg, code))
}

// writeRaw with ct "" sends no Content-Type, like Spring's empty 400.
func writeRaw(w http.ResponseWriter, status int, ct, body string) {
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	} else {
		w.Header()["Content-Type"] = nil // a nil value stops net/http sniffing one
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
