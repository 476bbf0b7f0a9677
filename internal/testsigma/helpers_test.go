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

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// testKey looks like the HS512 JWT keys seen in public scripts. It is long enough for
// redaction (>= 4 characters) and contains nothing that quoting or cleaning would alter.
const testKey = "eyJhbGciOiJIUzUxMiJ9.eyJzdWIiOiJjaUB0ZXN0In0.c2lnbmF0dXJlLW9mLXRoZS1rZXk"

// The emulator's routes the tests fault and count.
const (
	runPattern   = "/api/v1/execution_results/{id}"
	statusRoute  = "GET " + runPattern
	stopRoute    = "PUT " + runPattern
	triggerRoute = "POST /api/v1/execution_results"
	casesRoute   = "GET " + runPattern + "/test_case_results"
	junitRoute   = "GET /api/v1/reports/junit/{id}"
	configsRoute = "GET /api/v1/saved_execution_configs"
)

// fakeClock is deterministic time: After fires at once but moves Now forward by d, and every
// requested delay is recorded (see internal/simclock).
type fakeClock = simclock.Clock

func newFakeClock() *fakeClock { return simclock.NewAtEpoch() }

// newEmu starts an emulator with the plans and a client of it with opts. Both are on one
// timeline: the client's clock (a new fake clock when opts has none) unless eo names the
// emulator's own; the emulator accepts testKey unless eo names its key. The third result is
// the client's clock when it is a fake one.
func newEmu(t *testing.T, eo emulator.Options, opts Options, plans ...emulator.Plan) (*emulator.Server, *Client, *fakeClock) {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = newFakeClock()
	}
	if eo.Clock == nil {
		eo.Clock = opts.Clock
	}
	if eo.APIKey == "" {
		eo.APIKey = testKey
	}
	emu := emulator.New(eo)
	t.Cleanup(emu.Close)
	for _, p := range plans {
		emu.AddPlan(p)
	}
	c, err := New(emu.URL(), emu.APIKey(), opts)
	if err != nil {
		t.Fatal(err)
	}
	clock, _ := opts.Clock.(*fakeClock)
	return emu, c, clock
}

// longPlan is test plan 301, whose runs go on for an hour of the emulator's time unless
// stopped: a run that is there, and going, whenever a test reads it.
var longPlan = emulator.Plan{ID: 301, Name: "Smoke plan", Running: time.Hour, Result: "SUCCESS"}

// fault is a setup step that injects f on route.
func fault(route string, f emulator.Fault) func(*emulator.Server) {
	return func(emu *emulator.Server) { emu.Fault(route, f) }
}

// postBodies are the bodies of the POSTs the emulator saw, in order.
func postBodies(emu *emulator.Server) []string {
	var out []string
	for _, r := range emu.Requests() {
		if r.Method == http.MethodPost {
			out = append(out, string(r.Body))
		}
	}
	return out
}

// goingRun is an emulator whose run 5001 of longPlan is going, with the faults on its status
// reads, in order, and a client of it.
func goingRun(t *testing.T, opts Options, faults ...emulator.Fault) (*emulator.Server, *Client) {
	t.Helper()
	emu, c, _ := newEmu(t, emulator.Options{}, opts, longPlan)
	emu.StartRun(longPlan.ID)
	for _, f := range faults {
		emu.Fault(statusRoute, f)
	}
	return emu, c
}

// emuClient is a client of a fresh emulator, both on one simulated clock: a wait costs no
// real time, and the emulator's runs move on as the client sleeps.
func emuClient(t *testing.T, plans ...emulator.Plan) (*emulator.Server, *Client) {
	t.Helper()
	emu, c, _ := newEmu(t, emulator.Options{}, Options{}, plans...)
	return emu, c
}

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

// The scripted fake below is for answers the emulator cannot give: each test that uses it
// says why. Everything else runs against the emulator.

// recorded is one request as the scripted server saw it.
type recorded struct{ Method, Body string }

// step answers one request.
type step func(w http.ResponseWriter, r *http.Request)

// scriptServer answers the n-th request with steps[n] (the last step repeats) and records
// every request.
type scriptServer struct {
	*httptest.Server
	mu    sync.Mutex
	steps []step
	next  int
	reqs  []recorded
}

func newScriptServer(t *testing.T, steps ...step) *scriptServer {
	t.Helper()
	s := &scriptServer{steps: steps}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptServer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	s.mu.Lock()
	s.reqs = append(s.reqs, recorded{Method: r.Method, Body: string(body)})
	st := s.steps[min(s.next, len(s.steps)-1)]
	s.next++
	s.mu.Unlock()
	st(w, r)
}

// gets counts the GETs it saw.
func (s *scriptServer) gets() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, r := range s.reqs {
		n += boolInt(r.Method == http.MethodGet)
	}
	return n
}

// posts are the bodies of the POSTs it saw, in order.
func (s *scriptServer) posts() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, r := range s.reqs {
		if r.Method == http.MethodPost {
			out = append(out, r.Body)
		}
	}
	return out
}

func respond(status int, contentType, body string) step {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType != "" {
			w.Header().Set("Content-Type", contentType)
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// jsonStep answers 200 with this JSON body.
func jsonStep(body string) step { return respond(http.StatusOK, "application/json", body) }

// shortBody promises more bytes than it sends, then closes: a 200 cut off mid-body. The
// emulator cannot lie about a length: its Truncated sends a short body of the right length.
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

// newClient builds a client for baseURL with testKey and a fake clock unless opts has a clock.
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
