package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
)

// handle is the API proper: auth, routing, handlers.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, body []byte) {
	path := r.URL.Path
	if len(path) > 1 {
		path = strings.TrimSuffix(path, "/") // Spring matches a trailing slash too
	}
	rest, isAPI := strings.CutPrefix(path, "/api/")
	if !isAPI || !strings.HasPrefix(rest, "v1/") && !strings.HasPrefix(rest, "v2/") && !strings.HasPrefix(rest, "v3/") {
		writeError(w, http.StatusNotFound, "No handler found for "+r.Method+" "+path, nil)
		return
	}
	// The OSS filter guards all of /api/v1/**, unknown routes included.
	if !s.authorized(w, r) {
		return
	}
	for _, rt := range routes {
		ids, ok := rt.match(rest)
		if !ok {
			continue
		}
		if allow(w, r, rt.methods...) {
			rt.serve(s, w, request{r, ids, body})
		}
		return
	}
	notFound(w, r)
}

func notFound(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	writeError(w, http.StatusNotFound, "No handler found for "+r.Method+" "+path, nil)
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

func writeBadID(w http.ResponseWriter, rawID string) {
	msg := fmt.Sprintf("Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; For input string: %q", rawID)
	writeRaw(w, http.StatusBadRequest, "application/json", errorJSONFields(msg, nil, []any{}))
}

// withRun resolves a path id under the lock: 400 when not a number (Spring's type
// mismatch), 404 with code "0" when unknown.
func (s *Server) withRun(w http.ResponseWriter, rawID string, f func(*run)) {
	id, ok := parseID(w, rawID)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	rn, ok := s.runs[id]
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", id), strp("0"))
		return
	}
	f(rn)
}

// getRun is the status poll; it is what counts towards QueuedPolls/RunningPolls, and
// the poll sees the state before it is counted.
// A GET of a run also counts for its automatic re-runs, whose state it shows.
func (s *Server) getRun(w http.ResponseWriter, rn *run) {
	writeJSON(w, s.runObject(rn, true))
	rn.polls++
	rn.totalPolls++
	for c := rn.child; c != nil && c.auto; c = c.child {
		c.polls++
	}
	s.advanceAll(s.clock.Now())
}

// putRun stops or merges (spec 2.3), then answers the path run. See Options.StopByRunID
// for which runs a stop reaches.
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
		targets := s.stopTargets(rn, req.CanStopAll == nil || *req.CanStopAll)
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

// stopTargets are the runs a stop of rn ends. OSS: the plan's oldest non-completed run,
// whatever rn is (AgentExecutionService.stop finds it by plan id). StopByRunID:
// canStopAll stops every non-completed run of the plan, and false only rn.
// Caller holds mu.
func (s *Server) stopTargets(rn *run, all bool) []*run {
	var out []*run
	for _, o := range s.runs {
		if o.completed() || o.plan.ID != rn.plan.ID {
			continue
		}
		if !s.opts.StopByRunID {
			if len(out) == 0 || o.id < out[0].id {
				out = []*run{o}
			}
			continue
		}
		if o == rn || all {
			out = append(out, o)
		}
	}
	return out
}
