// Package emulator is a stateful, in-memory fake of the Testsigma REST API, faithful to
// shared/testsigma-api.md, with fault injection and a request log. It serves the
// documented shapes by default (spec 8.2); every guess is a named Options field or Fault
// constructor whose comment says so and cites its row of shared/api-evidence.md. It
// imports only the standard library so the client, the provider tests and the demo can
// all share it.
package emulator

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"time"
)

const (
	defaultAPIKey = "emulator-key"
	firstRunID    = 5001
)

// Server is the emulator. All methods are safe for concurrent use.
type Server struct {
	opts  Options
	clock Clock

	mu      sync.Mutex
	plans   map[int64]*planEntry
	configs []SavedConfig
	envs    map[int64]*envEntry
	runs    map[int64]*run
	nextRun int64
	faults  []*faultEntry
	log     []Request
	hook    func(Request)

	ts        *httptest.Server
	done      chan struct{} // closed by Close so pending Delay faults end
	closeOnce sync.Once

	schedules map[int64]*scheduleEntry // made on the first POST (schedules.go)
}

type planEntry struct {
	Plan
	created time.Time
}

// New starts an emulator on a loopback port.
func New(opts Options) *Server {
	s := NewUnstarted(opts)
	s.ts = httptest.NewServer(s.Handler())
	return s
}

// NewUnstarted builds an emulator without a listener; serve Handler yourself.
func NewUnstarted(opts Options) *Server {
	if opts.APIKey == "" {
		opts.APIKey = defaultAPIKey
	}
	clock := opts.Clock
	if clock == nil {
		clock = realClock{}
	}
	return &Server{
		opts:    opts,
		clock:   clock,
		plans:   map[int64]*planEntry{},
		runs:    map[int64]*run{},
		envs:    map[int64]*envEntry{},
		nextRun: firstRunID,
		done:    make(chan struct{}),
	}
}

// URL is the base URL (no /api/v1); PublicURL for an unstarted server.
func (s *Server) URL() string {
	if s.ts != nil {
		return s.ts.URL
	}
	return s.opts.PublicURL
}

// APIKey is the key the emulator accepts.
func (s *Server) APIKey() string { return s.opts.APIKey }

// Handler serves the API.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// Close stops the listener (if any) and releases pending delayed answers.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.done) })
	if s.ts != nil {
		s.ts.Close()
	}
}

// AddPlan adds or replaces a plan. Runs already started keep the old scenario.
func (s *Server) AddPlan(p Plan) {
	p.Cases = append([]Case(nil), p.Cases...)
	for i := range p.Cases {
		if p.Cases[i].Machine == "" {
			p.Cases[i].Machine = "Chrome"
		}
		p.Cases[i].Iterations = append([]Iteration(nil), p.Cases[i].Iterations...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.plans[p.ID] = &planEntry{Plan: p, created: s.clock.Now()}
}

// AddSavedConfig adds a saved execution config.
func (s *Server) AddSavedConfig(c SavedConfig) {
	if c.Type == "" {
		c.Type = "SAVED_CONFIG"
	}
	if c.Condition == "" {
		c.Condition = "EXCLUDED"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.configs = append(s.configs, c)
}

// StartRun creates a run as if someone else triggered it (a schedule, another CI), so
// it bypasses RejectConcurrent. It panics on an unknown plan: a broken test setup.
func (s *Server) StartRun(planID int64) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.plans[planID]
	if !ok {
		panic(fmt.Sprintf("emulator: StartRun of unknown plan %d", planID))
	}
	s.advanceAll(s.clock.Now()) // re-runs due by now come first, as they started first
	return s.newRun(p, "SCHEDULED").id
}

// Run returns a snapshot of a run, advanced to the current emulator time.
func (s *Server) Run(id int64) (RunState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	r, ok := s.runs[id]
	if !ok {
		return RunState{}, false
	}
	return r.state(), true
}

// Runs returns snapshots of every run, oldest first.
func (s *Server) Runs() []RunState {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	out := make([]RunState, 0, len(s.runs))
	for _, r := range s.runs {
		out = append(out, r.state())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Requests returns a copy of the request log, in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.log...)
}

// Count counts logged requests matching a method ("" = any) and a route pattern such
// as "/api/v1/execution_results/{id}".
func (s *Server) Count(method, routePattern string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.log {
		if (method == "" || r.Method == method) && matchPattern(routePattern, r.Path) {
			n++
		}
	}
	return n
}

// OnRequest sets a hook called with each request once its status is known, before the
// answer is written, so the hook (and Requests) never lag behind the client.
func (s *Server) OnRequest(f func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = f
}

// serve logs the request, applies faults, then the real API.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
	s.mu.Lock()
	idx := len(s.log)
	s.log = append(s.log, Request{
		Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, At: s.clock.Now(),
	})
	f, faulted := s.takeFault(r.Method, r.URL.Path)
	s.mu.Unlock()

	// Truncate and Patch need the real answer, so it is always an after-handle fault.
	pre := faulted && !f.AfterHandle && !f.Truncate && f.Patch == ""
	if pre && !s.misbehave(w, r, idx, f, nil) {
		return
	}
	rec := httptest.NewRecorder()
	s.handle(rec, r, body)
	if faulted && !pre && !s.misbehave(w, r, idx, f, rec) {
		return
	}
	s.finish(idx, rec.Code)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

// finish records the status sent and calls the hook outside the lock.
func (s *Server) finish(idx, status int) {
	s.mu.Lock()
	s.log[idx].Status = status
	req, hook := s.log[idx], s.hook
	s.mu.Unlock()
	if hook != nil {
		hook(req)
	}
}

// matchPattern matches a path against a pattern whose {name} segments match any
// single non-empty segment.
func matchPattern(pattern, path string) bool {
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	xs := strings.Split(strings.Trim(path, "/"), "/")
	if len(ps) != len(xs) {
		return false
	}
	for i, p := range ps {
		if strings.HasPrefix(p, "{") && strings.HasSuffix(p, "}") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if p != xs[i] {
			return false
		}
	}
	return true
}
