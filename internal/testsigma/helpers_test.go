package testsigma

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// testKey looks like the HS512 JWT keys seen in public scripts. It is long enough for
// redaction (>= 4 characters) and contains nothing that quoting or cleaning would alter.
const testKey = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJjaUB0ZXN0In0.c2lnbmF0dXJlLW9mLXRoZS1rZXk"

// fakeClock is deterministic time: After fires at once but moves Now forward by d, and every
// requested delay is recorded (see internal/simclock).
type fakeClock = simclock.Clock

func newFakeClock() *fakeClock { return simclock.New(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) }

// expiringCtx is a context the test ends by hand, with the error of its choosing
// (context.DeadlineExceeded for a timeout), so no test waits for a wall-clock deadline.
type expiringCtx struct {
	context.Context
	done chan struct{}
	once sync.Once
	mu   sync.Mutex
	err  error
}

func newExpiringCtx() *expiringCtx {
	return &expiringCtx{Context: context.Background(), done: make(chan struct{})}
}

func (c *expiringCtx) Done() <-chan struct{} { return c.done }

func (c *expiringCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

func (c *expiringCtx) expire(err error) {
	c.once.Do(func() {
		c.mu.Lock()
		c.err = err
		c.mu.Unlock()
		close(c.done)
	})
}

// recorded is one request as the test server saw it.
type recorded struct {
	Method string
	Path   string
	Header http.Header
	Body   string
	At     time.Time // the fake clock's Now when the request arrived (zero without a clock)
}

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// scriptServer answers the n-th request with steps[n] (the last step repeats) unless route
// claims it first; it records every request.
type scriptServer struct {
	*httptest.Server
	t       *testing.T
	clock   *fakeClock
	mu      sync.Mutex
	steps   []step
	next    int
	reqs    []recorded
	route   func(w http.ResponseWriter, r *http.Request) bool
	release chan struct{} // closed at cleanup: unblocks handlers that hang on purpose
}

func newScriptServer(t *testing.T, steps ...step) *scriptServer {
	t.Helper()
	s := &scriptServer{t: t, steps: steps, release: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(s.release) }) // runs before Close (cleanups are LIFO)
	return s
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rec := recorded{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Body: string(body)}
	if s.clock != nil {
		rec.At = s.clock.Now()
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, rec)
	route := s.route
	s.mu.Unlock()
	if route != nil && route(w, r) {
		return
	}
	s.mu.Lock()
	var st step
	if len(s.steps) > 0 {
		st = s.steps[min(s.next, len(s.steps)-1)]
		s.next++
	}
	s.mu.Unlock()
	if st == nil {
		http.Error(w, "no step scripted", http.StatusTeapot)
		return
	}
	st(w, r)
}

func (s *scriptServer) requests() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

func (s *scriptServer) count(method string) int {
	n := 0
	for _, r := range s.requests() {
		if r.Method == method {
			n++
		}
	}
	return n
}

// hang blocks until the client gives up (or the test ends): a response that never comes.
func (s *scriptServer) hang() step {
	return func(_ http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-s.release:
		}
	}
}

func respond(status int, contentType, body string, headers ...string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func jsonStep(status int, body string, headers ...string) step {
	return respond(status, "application/json", body, headers...)
}

// drop closes the connection after the request was read, without any answer.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

// shortBody promises more bytes than it sends, then closes: a 200 cut off mid-body.
func shortBody(body string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + body)
		_ = buf.Flush()
		_ = conn.Close()
	}
}

// newClient builds a client for the test server with a fake clock unless opts has a clock.
func newClient(t *testing.T, baseURL string, opts Options) *Client {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = newFakeClock()
	}
	c, err := New(baseURL, testKey, opts)
	if err != nil {
		t.Fatalf("New(%q): %v", baseURL, err)
	}
	return c
}

// noKeepAlive is a client whose every request uses a fresh connection, so the transport never
// resends a GET by itself after a dropped keep-alive connection and request counts are exact.
func noKeepAlive() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

func runJSON(id int64, status, result string) string {
	r := "null"
	if result != "" {
		r = `"` + result + `"`
	}
	return `{"id":` + itoa(id) + `,"executionId":301,"status":"` + status + `","result":` + r + `,"message":"m"}`
}

func isPrintable(s string) bool {
	for _, r := range s {
		if !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

func assertNoKey(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testKey) {
		t.Errorf("%s contains the API key: %s", what, s)
	}
}

type logLine struct {
	msg    string
	fields map[string]any
}

type recordingLogger struct {
	mu    sync.Mutex
	lines []logLine
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, logLine{msg, fields})
}

func (l *recordingLogger) all() []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logLine(nil), l.lines...)
}
