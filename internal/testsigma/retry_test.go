package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

var okRun = jsonStep(200, runJSON(5001, StatusInProgress, ResultQueued))

func TestGetRetries(t *testing.T) {
	tests := []struct {
		name      string
		steps     func(s *scriptServer) []step
		wantGets  int
		wantErr   bool
		wantDelay func(d []time.Duration) error
	}{
		{
			name: "429 with Retry-After 1",
			steps: func(*scriptServer) []step {
				return []step{jsonStep(429, `{"error":"slow down"}`, "Retry-After", "1"), okRun}
			},
			wantGets: 2,
			wantDelay: func(d []time.Duration) error {
				if len(d) != 1 || d[0] < time.Second || d[0] >= time.Second+250*time.Millisecond {
					return fmt.Errorf("delays %v, want one of [1s, 1.25s)", d)
				}
				return nil
			},
		},
		{
			name: "502 HTML",
			steps: func(*scriptServer) []step {
				return []step{respond(502, "text/html", "<html><body>Bad Gateway</body></html>"), okRun}
			},
			wantGets: 2,
			wantDelay: func(d []time.Duration) error {
				if len(d) != 1 || d[0] < 250*time.Millisecond || d[0] > 500*time.Millisecond {
					return fmt.Errorf("delays %v, want one backoff in [250ms, 500ms]", d)
				}
				return nil
			},
		},
		{name: "503", steps: func(*scriptServer) []step { return []step{respond(503, "text/plain", "maintenance"), okRun} }, wantGets: 2},
		{name: "504", steps: func(*scriptServer) []step {
			return []step{respond(504, "text/html", "<h1>Gateway Timeout</h1>"), okRun}
		}, wantGets: 2},
		{name: "connection dropped", steps: func(*scriptServer) []step { return []step{drop, okRun} }, wantGets: 2},
		{name: "truncated JSON", steps: func(*scriptServer) []step { return []step{jsonStep(200, `{"id":5001,"status":"STATUS_IN`), okRun} }, wantGets: 2},
		{name: "body cut short", steps: func(*scriptServer) []step { return []step{shortBody(`{"id":5001`), okRun} }, wantGets: 2},
		{name: "empty 200", steps: func(*scriptServer) []step { return []step{respond(200, "application/json", ""), okRun} }, wantGets: 2},
		{name: "response timeout", steps: func(s *scriptServer) []step { return []step{s.hang(), okRun} }, wantGets: 2},
		{
			name: "three failures then success",
			steps: func(*scriptServer) []step {
				return []step{respond(503, "", ""), drop, respond(504, "", ""), okRun}
			},
			wantGets: 4,
			wantDelay: func(d []time.Duration) error {
				if len(d) != 3 {
					return fmt.Errorf("delays %v, want 3", d)
				}
				for i, ceiling := range []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second} {
					if d[i] < ceiling/2 || d[i] > ceiling {
						return fmt.Errorf("delay %d = %v, want within [%v, %v]", i, d[i], ceiling/2, ceiling)
					}
				}
				return nil
			},
		},
		{name: "gives up after MaxAttempts", steps: func(*scriptServer) []step { return []step{respond(503, "", "")} }, wantGets: 4, wantErr: true},
		{name: "400 not retried", steps: func(*scriptServer) []step { return []step{jsonStep(400, `{"error":"bad"}`), okRun} }, wantGets: 1, wantErr: true},
		{name: "401 not retried", steps: func(*scriptServer) []step { return []step{respond(401, "", "Incorrect API Key"), okRun} }, wantGets: 1, wantErr: true},
		{name: "404 not retried", steps: func(*scriptServer) []step { return []step{jsonStep(404, `{"error":"nope"}`), okRun} }, wantGets: 1, wantErr: true},
		{name: "500 not retried", steps: func(*scriptServer) []step { return []step{jsonStep(500, `{"error":"boom"}`), okRun} }, wantGets: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t)
			srv.steps = tt.steps(srv)
			clock := newFakeClock()
			c := newClient(t, srv.URL, Options{Clock: clock, HTTPClient: noKeepAlive(), RequestTimeout: 200 * time.Millisecond})
			run, err := c.GetRun(context.Background(), 5001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && (run.ID != 5001 || run.Status != StatusInProgress) {
				t.Errorf("run = %+v", run)
			}
			if got := srv.count(http.MethodGet); got != tt.wantGets {
				t.Errorf("server saw %d GETs, want %d", got, tt.wantGets)
			}
			if got := len(clock.Delays()); got != tt.wantGets-1 {
				t.Errorf("%d backoff delays for %d attempts", got, tt.wantGets)
			}
			if tt.wantDelay != nil {
				if derr := tt.wantDelay(clock.Delays()); derr != nil {
					t.Error(derr)
				}
			}
		})
	}
}

func TestGetRetriesOnReusedConnections(t *testing.T) {
	// With the default keep-alive transport, a dropped connection may be retried by net/http
	// itself; either way the GET must end in success without surfacing the drop.
	srv := newScriptServer(t, okRun, drop, drop, okRun)
	c := newClient(t, srv.URL, Options{})
	for i := 0; i < 2; i++ {
		if _, err := c.GetRun(context.Background(), 5001); err != nil {
			t.Fatalf("GetRun %d: %v", i, err)
		}
	}
}

func TestMaxAttemptsOption(t *testing.T) {
	srv := newScriptServer(t, respond(503, "", ""))
	c := newClient(t, srv.URL, Options{MaxAttempts: 2})
	_, err := c.GetRun(context.Background(), 5001)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if got := srv.count(http.MethodGet); got != 2 {
		t.Errorf("%d GETs, want 2", got)
	}
}

func TestTriggerRetryRules(t *testing.T) {
	type want struct {
		posts          int
		ok             bool
		mayHaveStarted bool
	}
	tests := []struct {
		name   string
		warm   bool // make one GET first so the POST goes over a reused keep-alive connection
		steps  func(s *scriptServer) []step
		want   want
		checkE func(t *testing.T, err error)
	}{
		{name: "429 then success", steps: func(*scriptServer) []step {
			return []step{jsonStep(429, `{"error":"Too many"}`, "Retry-After", "1"), jsonStep(200, runJSON(5001, StatusCreated, ResultQueued))}
		}, want: want{posts: 2, ok: true}},
		// A proxy's 503 may come after the server made the run: never resent blindly.
		{name: "503 is ambiguous", steps: func(*scriptServer) []step {
			return []step{respond(503, "text/html", "<html>down</html>"), jsonStep(200, runJSON(5001, StatusCreated, ResultQueued))}
		}, want: want{posts: 1, mayHaveStarted: true}},
		{name: "429 every time", steps: func(*scriptServer) []step { return []step{respond(429, "", "")} }, want: want{posts: 4}},
		{name: "500", steps: func(*scriptServer) []step {
			return []step{jsonStep(500, `{"error":"Could not find resource with id:301"}`)}
		}, want: want{posts: 1}},
		{name: "500 currently running", steps: func(*scriptServer) []step {
			return []step{jsonStep(500, `{"error":"`+currentlyRunning+`","code":"`+currentlyRunning+`"}`)}
		}, want: want{posts: 1}, checkE: func(t *testing.T, err error) {
			if !IsCurrentlyRunning(err) {
				t.Errorf("IsCurrentlyRunning(%v) = false", err)
			}
		}},
		{name: "502", steps: func(*scriptServer) []step { return []step{respond(502, "text/html", "<html>bad gateway</html>")} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "504", steps: func(*scriptServer) []step { return []step{respond(504, "", "")} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "500 without the error DTO", steps: func(*scriptServer) []step { return []step{respond(500, "text/html", "<html>oops</html>")} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "400", steps: func(*scriptServer) []step { return []step{respond(400, "", "")} }, want: want{posts: 1}},
		{name: "401", steps: func(*scriptServer) []step { return []step{respond(401, "text/plain", "Incorrect API Key")} }, want: want{posts: 1},
			checkE: func(t *testing.T, err error) {
				if !IsUnauthorized(err) {
					t.Errorf("IsUnauthorized(%v) = false", err)
				}
			}},
		{name: "response timeout", steps: func(s *scriptServer) []step { return []step{s.hang()} }, want: want{posts: 1, mayHaveStarted: true},
			checkE: func(t *testing.T, err error) {
				var tErr *TransportError
				if !errors.As(err, &tErr) || !tErr.Sent {
					t.Errorf("err = %#v, want a sent *TransportError", err)
				}
				if !strings.Contains(err.Error(), "timed out") {
					t.Errorf("err = %v", err)
				}
			}},
		{name: "dropped after the request was read", steps: func(*scriptServer) []step { return []step{drop} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "dropped on a reused connection", warm: true, steps: func(*scriptServer) []step { return []step{drop} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "truncated JSON", steps: func(*scriptServer) []step { return []step{jsonStep(200, `{"id":5001,"sta`)} }, want: want{posts: 1, mayHaveStarted: true},
			checkE: func(t *testing.T, err error) {
				var dErr *DecodeError
				if !errors.As(err, &dErr) {
					t.Errorf("err = %#v, want *DecodeError", err)
				}
			}},
		{name: "body cut short", steps: func(*scriptServer) []step { return []step{shortBody(`{"id":5001`)} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "empty 200", steps: func(*scriptServer) []step { return []step{respond(200, "application/json", "")} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "200 without a run id", steps: func(*scriptServer) []step { return []step{jsonStep(200, `{"status":"STATUS_CREATED"}`)} }, want: want{posts: 1, mayHaveStarted: true}},
		{name: "200 HTML", steps: func(*scriptServer) []step { return []step{respond(200, "text/html", "<html>login</html>")} }, want: want{posts: 1, mayHaveStarted: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t)
			srv.steps = tt.steps(srv)
			srv.route = func(w http.ResponseWriter, r *http.Request) bool {
				switch {
				case r.Method != http.MethodGet:
					return false
				case tt.warm && r.URL.Path == "/api/v1/execution_results/5001":
					okRun(w, r)
				default:
					// This server cannot list a plan's runs: an ambiguous answer cannot be
					// reconciled, and must be reported as such.
					jsonStep(404, `{"error":"no such endpoint"}`)(w, r)
				}
				return true
			}
			clock := newFakeClock()
			c := newClient(t, srv.URL, Options{Clock: clock, RequestTimeout: 200 * time.Millisecond})
			if tt.warm {
				if _, err := c.GetRun(context.Background(), 5001); err != nil {
					t.Fatal(err)
				}
			}
			req := TriggerRequest{TestPlanID: 301, BuildNumber: "b1"}
			run, err := c.Trigger(context.Background(), req)
			if got := srv.count(http.MethodPost); got != tt.want.posts {
				t.Errorf("server saw %d POSTs, want %d", got, tt.want.posts)
			}
			for _, r := range srv.requests() {
				if r.Method == http.MethodPost && r.Body != `{"executionId":301,"buildNo":"b1"}` {
					t.Errorf("POST body = %q (a retry must resend the same body)", r.Body)
				}
			}
			if tt.want.ok {
				if err != nil || run.ID != 5001 {
					t.Fatalf("run = %+v, err = %v", run, err)
				}
				if d := clock.Delays(); len(d) != 1 || (strings.HasPrefix(tt.name, "429") && d[0] < time.Second) {
					t.Errorf("delays = %v", d)
				}
				return
			}
			var trig *TriggerError
			if !errors.As(err, &trig) {
				t.Fatalf("err = %T %v, want *TriggerError", err, err)
			}
			if trig.MayHaveStarted != tt.want.mayHaveStarted {
				t.Errorf("MayHaveStarted = %v, want %v (err: %v)", trig.MayHaveStarted, tt.want.mayHaveStarted, err)
			}
			if trig.TestPlanID != 301 || run.ID != 0 {
				t.Errorf("TestPlanID = %d, run = %+v", trig.TestPlanID, run)
			}
			if tt.checkE != nil {
				tt.checkE(t, err)
			}
		})
	}
}

func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestTriggerConnectionRefused(t *testing.T) {
	log := &recordingLogger{}
	clock := newFakeClock()
	c := newClient(t, "http://"+closedAddr(t), Options{Clock: clock, Logger: log})
	_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
	var trig *TriggerError
	if !errors.As(err, &trig) || trig.MayHaveStarted {
		t.Fatalf("err = %#v, want a TriggerError that started nothing", err)
	}
	var tErr *TransportError
	if !errors.As(err, &tErr) || tErr.Sent {
		t.Errorf("err = %v, want an unsent *TransportError", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "refused") {
		t.Errorf("err = %v, want connection refused", err)
	}
	if !strings.HasPrefix(err.Error(), "no run of test plan 301 was started") {
		t.Errorf("err = %v", err)
	}
	lines := log.all()
	if len(lines) != 4 || len(clock.Delays()) != 3 {
		t.Errorf("%d attempts logged and %d delays, want 4 attempts (an unsent POST is retried)", len(lines), len(clock.Delays()))
	}
	for i, l := range lines {
		if l.fields["attempt"] != i+1 || l.fields["method"] != http.MethodPost || l.fields["error"] == nil {
			t.Errorf("log line %d = %v", i, l.fields)
		}
	}
}

func TestTriggerRetriedAfterRefusedThenSucceeds(t *testing.T) {
	srv := newScriptServer(t, jsonStep(200, runJSON(5001, StatusCreated, ResultQueued)))
	var dials atomic.Int32
	var d net.Dialer
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= 2 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return d.DialContext(ctx, network, addr)
	}}
	c := newClient(t, srv.URL, Options{HTTPClient: &http.Client{Transport: transport}})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
	if err != nil || run.ID != 5001 {
		t.Fatalf("run = %+v, err = %v", run, err)
	}
	if got := srv.count(http.MethodPost); got != 1 {
		t.Errorf("%d POSTs, want 1", got)
	}
	if got := dials.Load(); got != 3 {
		t.Errorf("%d dials, want 3", got)
	}
}

func TestBodySizeCap(t *testing.T) {
	srv := newScriptServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":5001,"padding":"`)
		chunk := []byte(strings.Repeat("x", 64<<10))
		for written := 0; written < 4*maxBodyBytes; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading: good
			}
		}
	})
	for _, name := range []string{"GetRun", "Trigger"} {
		t.Run(name, func(t *testing.T) {
			c := newClient(t, srv.URL, Options{MaxAttempts: 1})
			var err error
			if name == "GetRun" {
				_, err = c.GetRun(context.Background(), 5001)
			} else {
				_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
				var trig *TriggerError
				if !errors.As(err, &trig) || !trig.MayHaveStarted {
					t.Errorf("err = %v, want MayHaveStarted (the server answered 200)", err)
				}
			}
			var dErr *DecodeError
			if !errors.As(err, &dErr) {
				t.Fatalf("err = %T %v, want *DecodeError", err, err)
			}
			if dErr.StatusCode != 200 || !strings.Contains(err.Error(), "8 MiB") || len(dErr.Snippet) > 100 {
				t.Errorf("DecodeError = %v", err)
			}
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	srv := newScriptServer(t, respond(503, "", ""), okRun)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := newFakeClock()
	clock.OnAfter(func(int, time.Duration) bool { cancel(); return true })
	c := newClient(t, srv.URL, Options{Clock: clock})
	_, err := c.GetRun(ctx, 5001)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("err = %v, want the 503 that was being retried", err)
	}
	if got := srv.count(http.MethodGet); got != 1 {
		t.Errorf("%d GETs after cancel, want 1", got)
	}
}

func TestRetrySkippedWhenDeadlineTooClose(t *testing.T) {
	srv := newScriptServer(t, respond(503, "", "", "Retry-After", "60"), okRun)
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	clock := simclock.New(time.Now().Add(59 * time.Minute))
	c := newClient(t, srv.URL, Options{Clock: clock})
	_, err := c.GetRun(ctx, 5001)
	if !IsTransient(err) {
		t.Errorf("err = %v, want the 503", err)
	}
	if got, d := srv.count(http.MethodGet), clock.Delays(); got != 1 || len(d) != 0 {
		t.Errorf("%d GETs and delays %v: a wait past the deadline should not be started", got, d)
	}
}

func TestCancelledBeforeTheRequest(t *testing.T) {
	srv := newScriptServer(t, okRun)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c := newClient(t, srv.URL, Options{})
	_, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 301})
	var trig *TriggerError
	if !errors.As(err, &trig) || trig.MayHaveStarted || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v, want it worded as cancelled", err)
	}
	if got := srv.count(http.MethodPost); got != 0 {
		t.Errorf("%d POSTs", got)
	}
}

type countingLimiter struct {
	calls  atomic.Int32
	failAt int32
	err    error
}

func (l *countingLimiter) Wait(context.Context) error {
	if n := l.calls.Add(1); n == l.failAt {
		return l.err
	}
	return nil
}

func TestLimiter(t *testing.T) {
	t.Run("once per attempt", func(t *testing.T) {
		srv := newScriptServer(t, respond(503, "", ""), okRun)
		lim := &countingLimiter{}
		c := newClient(t, srv.URL, Options{Limiter: lim})
		if _, err := c.GetRun(context.Background(), 5001); err != nil {
			t.Fatal(err)
		}
		if got := lim.calls.Load(); got != 2 {
			t.Errorf("limiter called %d times, want 2", got)
		}
	})
	t.Run("refuses the first attempt", func(t *testing.T) {
		srv := newScriptServer(t, okRun)
		lim := &countingLimiter{failAt: 1, err: errors.New("rate: Wait(n=1) would exceed context deadline")}
		c := newClient(t, srv.URL, Options{Limiter: lim})
		_, err := c.GetRun(context.Background(), 5001)
		var tErr *TransportError
		if !errors.As(err, &tErr) {
			t.Fatalf("err = %T %v", err, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "would exceed context deadline") {
			t.Errorf("err = %q", msg)
		}
		if got := srv.count(http.MethodGet); got != 0 {
			t.Errorf("%d GETs", got)
		}
	})
	t.Run("refuses a retry", func(t *testing.T) {
		srv := newScriptServer(t, respond(503, "", ""), okRun)
		lim := &countingLimiter{failAt: 2, err: context.Canceled}
		c := newClient(t, srv.URL, Options{Limiter: lim})
		_, err := c.GetRun(context.Background(), 5001)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Errorf("err = %v, want the last real answer", err)
		}
	})
}

func TestLoggerFields(t *testing.T) {
	srv := newScriptServer(t, jsonStep(404, `{"error":"no run `+testKey+`"}`))
	log := &recordingLogger{}
	c := newClient(t, srv.URL, Options{Logger: log})
	_, _ = c.GetRun(context.Background(), 5001)
	lines := log.all()
	if len(lines) != 1 {
		t.Fatalf("%d log lines", len(lines))
	}
	f := lines[0].fields
	if f["method"] != "GET" || f["path"] != "/execution_results/5001" || f["status"] != 404 || f["attempt"] != 1 {
		t.Errorf("fields = %v", f)
	}
	if _, ok := f["elapsed_ms"]; !ok {
		t.Errorf("no elapsed_ms: %v", f)
	}
	if s := fmt.Sprint(f); strings.Contains(s, "no run") || strings.Contains(s, testKey) {
		t.Errorf("log fields carry the body: %v", f)
	}
}

func TestBackoff(t *testing.T) {
	for attempt := 1; attempt <= 10; attempt++ {
		ceiling := min(retryBaseDelay<<min(attempt-1, 5), retryMaxDelay)
		for i := 0; i < 50; i++ {
			if d := backoff(attempt, 0); d < ceiling/2 || d > ceiling {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, ceiling/2, ceiling)
			}
		}
	}
	for _, after := range []time.Duration{time.Second, 7 * time.Second, 10 * time.Minute} {
		want := min(after, maxRetryAfterDelay)
		for i := 0; i < 50; i++ {
			if d := backoff(1, after); d < want || d >= want+250*time.Millisecond {
				t.Fatalf("backoff(1, %v) = %v", after, d)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		" 1 ":                           time.Second,
		"0":                             0,
		"-5":                            0,
		"soon":                          0,
		"Wed, 01 May 2024 12:00:30 GMT": 30 * time.Second,
		"Wed, 01 May 2024 11:59:00 GMT": 0,
	}
	for in, want := range tests {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestDescribeTransport(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{context.Canceled, "cancelled"},
		{context.DeadlineExceeded, "timed out"},
		{os.ErrDeadlineExceeded, "timed out"},
		{&net.OpError{Op: "dial", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, "refused"},
		{&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "reset"},
		{io.ErrUnexpectedEOF, "without a complete answer"},
		{fmt.Errorf("wrapped: %w", io.EOF), "without a complete answer"},
		{&net.DNSError{Err: "no such host", Name: "nope.invalid"}, "could not be resolved"},
		{errors.New("something else"), "something else"},
	}
	for _, tt := range tests {
		got := describeTransport(tt.err)
		if !strings.Contains(got, tt.want) || !strings.Contains(got, tt.err.Error()) {
			t.Errorf("describeTransport(%v) = %q, want it to mention %q and the Go error", tt.err, got, tt.want)
		}
	}
}

func TestDescribeJSONError(t *testing.T) {
	var v struct{ A int }
	tests := map[string]string{
		`{"A":`:     "ends early (truncated answer)",
		`{"A":x}`:   "invalid JSON at byte",
		`{"A":"s"}`: "field A holds a JSON string where the provider expects a int",
	}
	for in, want := range tests {
		err := describeJSONError(json.Unmarshal([]byte(in), &v))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("describeJSONError for %s = %v, want %q", in, err, want)
		}
	}
	if got := describeJSONError(io.ErrUnexpectedEOF); !strings.Contains(got.Error(), "truncated") {
		t.Errorf("describeJSONError(ErrUnexpectedEOF) = %v", got)
	}
	other := errors.New("custom")
	if describeJSONError(other) != other {
		t.Error("an unknown error should pass through")
	}
}
