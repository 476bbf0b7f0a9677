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

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// okRun is the scripted fake's answer for run 5001, going.
var okRun = jsonStep(runJSON(5001, StatusInProgress, ResultQueued))

func TestGetRetries(t *testing.T) {
	tests := []struct {
		name      string
		faults    []emulator.Fault // on the status reads, in order; then the emulator's own answer
		script    step             // instead of the emulator: the scripted fake's first answer, then okRun
		wantGets  int
		wantErr   bool
		wantDelay func(d []time.Duration) error
	}{
		{
			name:     "429 with Retry-After 1",
			faults:   []emulator.Fault{emulator.RateLimited("1").Once()},
			wantGets: 2,
			wantDelay: func(d []time.Duration) error {
				if len(d) != 1 || d[0] < time.Second || d[0] >= time.Second+250*time.Millisecond {
					return fmt.Errorf("delays %v, want one of [1s, 1.25s)", d)
				}
				return nil
			},
		},
		{
			name:     "502 HTML",
			faults:   []emulator.Fault{emulator.StatusBody(502, "text/html", "<html><body>Bad Gateway</body></html>").Once()},
			wantGets: 2,
			wantDelay: func(d []time.Duration) error {
				if len(d) != 1 || d[0] < 250*time.Millisecond || d[0] > 500*time.Millisecond {
					return fmt.Errorf("delays %v, want one backoff in [250ms, 500ms]", d)
				}
				return nil
			},
		},
		{name: "503", faults: []emulator.Fault{emulator.StatusBody(503, "text/plain", "maintenance").Once()}, wantGets: 2},
		{name: "504", faults: []emulator.Fault{emulator.StatusBody(504, "text/html", "<h1>Gateway Timeout</h1>").Once()}, wantGets: 2},
		{name: "connection dropped", faults: []emulator.Fault{emulator.Drop().Once()}, wantGets: 2},
		{name: "truncated JSON", faults: []emulator.Fault{emulator.Truncated().Once()}, wantGets: 2},
		// The emulator cannot promise more bytes than it sends (Truncated sends a short body
		// of the right length): only the scripted fake cuts a body off mid-way.
		{name: "body cut short", script: shortBody(`{"id":5001`), wantGets: 2},
		{name: "empty 200", faults: []emulator.Fault{emulator.Malformed("").Once()}, wantGets: 2},
		{name: "response timeout", faults: []emulator.Fault{emulator.Hang(0).Once()}, wantGets: 2},
		{
			name:     "three failures then success",
			faults:   []emulator.Fault{emulator.Status(503).Once(), emulator.Drop().Once(), emulator.Status(504).Once()},
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
		{name: "gives up after MaxAttempts", faults: []emulator.Fault{emulator.Status(503)}, wantGets: 4, wantErr: true},
		{name: "400 not retried", faults: []emulator.Fault{emulator.Status(400).Once()}, wantGets: 1, wantErr: true},
		{name: "401 not retried", faults: []emulator.Fault{emulator.StatusBody(401, "application/json", "Incorrect API Key").Once()}, wantGets: 1, wantErr: true},
		{name: "404 not retried", faults: []emulator.Fault{emulator.Status(404).Once()}, wantGets: 1, wantErr: true},
		{name: "500 not retried", faults: []emulator.Fault{emulator.Status(500).Once()}, wantGets: 1, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			opts := Options{Clock: clock, HTTPClient: noKeepAlive(), RequestTimeout: 200 * time.Millisecond}
			var c *Client
			var gets func() int
			if tt.script != nil {
				srv := newScriptServer(t, tt.script, okRun)
				c, gets = newClient(t, srv.URL, opts), srv.gets
			} else {
				var emu *emulator.Server
				emu, c = goingRun(t, opts, tt.faults...)
				gets = func() int { return emu.Count(http.MethodGet, runPattern) }
			}
			run, err := c.GetRun(context.Background(), 5001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err == nil && (run.ID != 5001 || run.Status != StatusInProgress) {
				t.Errorf("run = %+v", run)
			}
			if got := gets(); got != tt.wantGets {
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
	emu, c := goingRun(t, Options{})
	if _, err := c.GetRun(context.Background(), 5001); err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	emu.Fault(statusRoute, emulator.Drop().Next(2)) // the connection of the first GET is there to be reused
	if _, err := c.GetRun(context.Background(), 5001); err != nil {
		t.Fatalf("GetRun after two drops: %v", err)
	}
}

func TestMaxAttemptsOption(t *testing.T) {
	emu, c := goingRun(t, Options{MaxAttempts: 2}, emulator.Status(503))
	_, err := c.GetRun(context.Background(), 5001)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v", err)
	}
	if got := emu.Count(http.MethodGet, runPattern); got != 2 {
		t.Errorf("%d GETs, want 2", got)
	}
}

func TestTriggerRetryRules(t *testing.T) {
	type want struct {
		posts          int
		ok             bool
		mayHaveStarted bool
	}
	onTrigger := func(f emulator.Fault) func(*emulator.Server) { return fault(triggerRoute, f) }
	tests := []struct {
		name   string
		warm   bool                       // make one GET first so the POST goes over a reused keep-alive connection
		opts   emulator.Options           // besides the runs listings being absent
		setup  func(emu *emulator.Server) // faults and runs of plan 301
		script step                       // instead of the emulator: the scripted fake's answer to every request
		want   want
		checkE func(t *testing.T, err error)
	}{
		{name: "429 then success", setup: onTrigger(emulator.RateLimited("1").Once()), want: want{posts: 2, ok: true}},
		// A proxy's 503 may come after the server made the run: never resent blindly.
		{name: "503 is ambiguous", setup: onTrigger(emulator.After(503).Once()), want: want{posts: 1, mayHaveStarted: true}},
		{name: "429 every time", setup: onTrigger(emulator.RateLimited("")), want: want{posts: 4}},
		{name: "500", setup: onTrigger(emulator.StatusBody(500, "application/json", `{"timeStamp":null,"error":"Could not find resource with id:301","code":"Could not find resource with id:301","fieldErrors":null,"objectErrors":null}`)), want: want{posts: 1}},
		// Only Testsigma's error DTO, by its own keys, proves a refusal: a bare `error` key
		// or Spring Boot's default body may come after the run was made.
		{name: "500 with only an error key", setup: onTrigger(emulator.StatusBody(500, "application/json", `{"error":"Could not find resource with id:301"}`)), want: want{posts: 1, mayHaveStarted: true}},
		{name: "500 Spring default body", setup: onTrigger(emulator.SpringDefaultError(500)), want: want{posts: 1, mayHaveStarted: true}},
		// The emulator's own refusal while another run of the plan goes.
		{name: "500 currently running", opts: emulator.Options{RejectConcurrent: true}, setup: func(emu *emulator.Server) { emu.StartRun(301) },
			want: want{posts: 1}, checkE: func(t *testing.T, err error) {
				if !IsCurrentlyRunning(err) {
					t.Errorf("IsCurrentlyRunning(%v) = false", err)
				}
			}},
		{name: "502", setup: onTrigger(emulator.StatusBody(502, "text/html", "<html>bad gateway</html>")), want: want{posts: 1, mayHaveStarted: true}},
		{name: "504", setup: onTrigger(emulator.After(504)), want: want{posts: 1, mayHaveStarted: true}},
		{name: "500 without the error DTO", setup: onTrigger(emulator.StatusBody(500, "text/html", "<html>oops</html>")), want: want{posts: 1, mayHaveStarted: true}},
		{name: "400", setup: onTrigger(emulator.Status(400)), want: want{posts: 1}},
		{name: "401", setup: onTrigger(emulator.StatusBody(401, "text/plain", "Incorrect API Key")), want: want{posts: 1},
			checkE: func(t *testing.T, err error) {
				if !IsUnauthorized(err) {
					t.Errorf("IsUnauthorized(%v) = false", err)
				}
			}},
		{name: "response timeout", setup: onTrigger(emulator.HangAfter(0)), want: want{posts: 1, mayHaveStarted: true},
			checkE: func(t *testing.T, err error) {
				var tErr *transportError
				if !errors.As(err, &tErr) || !tErr.Sent {
					t.Errorf("err = %#v, want a sent *transportError", err)
				}
				if !strings.Contains(err.Error(), "timed out") {
					t.Errorf("err = %v", err)
				}
			}},
		{name: "dropped after the request was read", setup: onTrigger(emulator.DropAfter()), want: want{posts: 1, mayHaveStarted: true}},
		{name: "dropped on a reused connection", warm: true, setup: onTrigger(emulator.DropAfter()), want: want{posts: 1, mayHaveStarted: true}},
		{name: "truncated JSON", setup: onTrigger(emulator.Truncated()), want: want{posts: 1, mayHaveStarted: true},
			checkE: func(t *testing.T, err error) {
				var dErr *decodeError
				if !errors.As(err, &dErr) {
					t.Errorf("err = %#v, want *decodeError", err)
				}
			}},
		// The emulator cannot promise more bytes than it sends: only the scripted fake cuts a
		// body off mid-way. Its every answer is cut short, the looks for the run included.
		{name: "body cut short", script: shortBody(`{"id":5001`), want: want{posts: 1, mayHaveStarted: true}},
		{name: "empty 200", setup: onTrigger(emulator.Malformed("")), want: want{posts: 1, mayHaveStarted: true}},
		{name: "200 without a run id", setup: onTrigger(emulator.Malformed(`{"status":"STATUS_CREATED"}`)), want: want{posts: 1, mayHaveStarted: true}},
		{name: "200 HTML", setup: onTrigger(emulator.StatusBody(200, "text/html", "<html>login</html>")), want: want{posts: 1, mayHaveStarted: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			opts := Options{Clock: clock, RequestTimeout: 200 * time.Millisecond}
			var c *Client
			var posted func() []string
			if tt.script != nil {
				srv := newScriptServer(t, tt.script)
				c, posted = newClient(t, srv.URL, opts), srv.posts
			} else {
				c, posted = unlistedClient(t, tt.opts, opts, tt.warm, tt.setup)
			}
			if tt.warm {
				if _, err := c.GetRun(context.Background(), 5001); err != nil {
					t.Fatal(err)
				}
			}
			req := TriggerRequest{TestPlanID: 301, BuildNumber: "b1"}
			run, err := c.Trigger(context.Background(), req)
			if got := len(posted()); got != tt.want.posts {
				t.Errorf("server saw %d POSTs, want %d", got, tt.want.posts)
			}
			for _, body := range posted() {
				if body != `{"executionId":301,"buildNo":"b1"}` {
					t.Errorf("POST body = %q (a retry must resend the same body)", body)
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

// unlistedClient is a client on an emulator that cannot list a plan's runs, nor show the
// plan: an ambiguous answer cannot be reconciled, and must be reported as such. warm starts
// a run first, for a GET to reuse the connection; posted returns the POST bodies it saw.
func unlistedClient(t *testing.T, eo emulator.Options, opts Options, warm bool, setup func(*emulator.Server)) (c *Client, posted func() []string) {
	t.Helper()
	eo.NoRunsListV1, eo.NoRunsListV2 = true, true
	emu, c, _ := newEmu(t, eo, opts, longPlan)
	emu.Fault("GET /api/v1/test_plans/{id}", emulator.Status(404))
	emu.Fault("GET /api/v1/test_plans", emulator.Status(404))
	if warm {
		emu.StartRun(longPlan.ID)
	}
	setup(emu)
	return c, func() []string { return postBodies(emu) }
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
	var tErr *transportError
	if !errors.As(err, &tErr) || tErr.Sent {
		t.Errorf("err = %v, want an unsent *transportError", err)
	}
	if !errors.Is(err, syscall.ECONNREFUSED) || !strings.Contains(err.Error(), "refused") {
		t.Errorf("err = %v, want connection refused", err)
	}
	if !strings.HasPrefix(err.Error(), "no run of test plan 301 was started") {
		t.Errorf("err = %v", err)
	}
	// The read of the plan's newest run before the trigger (the watermark) fails alike; only
	// the POST's attempts are counted here.
	var lines []logLine
	for _, l := range log.all() {
		if l.fields["method"] == http.MethodPost {
			lines = append(lines, l)
		}
	}
	if len(lines) != 4 {
		t.Errorf("%d POST attempts logged, want 4 (an unsent POST is retried)", len(lines))
	}
	for i, l := range lines {
		if l.fields["attempt"] != i+1 || l.fields["method"] != http.MethodPost || l.fields["error"] == nil {
			t.Errorf("log line %d = %v", i, l.fields)
		}
	}
}

func TestTriggerRetriedAfterRefusedThenSucceeds(t *testing.T) {
	var dials atomic.Int32
	var d net.Dialer
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= 2 {
			return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
		}
		return d.DialContext(ctx, network, addr)
	}}
	emu, c, _ := newEmu(t, emulator.Options{}, Options{HTTPClient: &http.Client{Transport: transport}}, longPlan)
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
	if err != nil || run.ID != 5001 {
		t.Fatalf("run = %+v, err = %v", run, err)
	}
	if got := posts(emu); got != 1 {
		t.Errorf("%d POSTs, want 1", got)
	}
	if got := dials.Load(); got != 3 {
		t.Errorf("%d dials, want 3", got)
	}
}

func TestBodySizeCap(t *testing.T) {
	huge := emulator.Malformed(`{"id":5001,"padding":"` + strings.Repeat("x", maxBodyBytes))
	for _, name := range []string{"GetRun", "Trigger"} {
		t.Run(name, func(t *testing.T) {
			emu, c, _ := newEmu(t, emulator.Options{}, Options{MaxAttempts: 1})
			emu.Fault(statusRoute, huge)
			emu.Fault(triggerRoute, huge)
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
			var dErr *decodeError
			if !errors.As(err, &dErr) {
				t.Fatalf("err = %T %v, want *decodeError", err, err)
			}
			if dErr.StatusCode != 200 || !strings.Contains(err.Error(), "8 MiB") || len(dErr.Snippet) > 100 {
				t.Errorf("decodeError = %v", err)
			}
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := newFakeClock()
	clock.OnAfter(func(int, time.Duration) bool { cancel(); return true })
	emu, c := goingRun(t, Options{Clock: clock}, emulator.Status(503).Once())
	_, err := c.GetRun(ctx, 5001)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("err = %v, want the 503 that was being retried", err)
	}
	if got := emu.Count(http.MethodGet, runPattern); got != 1 {
		t.Errorf("%d GETs after cancel, want 1", got)
	}
}

func TestRetrySkippedWhenDeadlineTooClose(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	clock := simclock.New(time.Now().Add(59 * time.Minute))
	// No constructor sends Retry-After with a 503 (RateLimited is a 429): the field does.
	emu, c := goingRun(t, Options{Clock: clock}, emulator.Fault{Status: http.StatusServiceUnavailable, RetryAfter: "60"}.Once())
	_, err := c.GetRun(ctx, 5001)
	if !isTransient(err) {
		t.Errorf("err = %v, want the 503", err)
	}
	if got, d := emu.Count(http.MethodGet, runPattern), clock.Delays(); got != 1 || len(d) != 0 {
		t.Errorf("%d GETs and delays %v: a wait past the deadline should not be started", got, d)
	}
}

func TestCancelledBeforeTheRequest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	emu, c, _ := newEmu(t, emulator.Options{}, Options{}, longPlan)
	_, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 301})
	var trig *TriggerError
	if !errors.As(err, &trig) || trig.MayHaveStarted || !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("err = %v, want it worded as cancelled", err)
	}
	if got := posts(emu); got != 0 {
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
		lim := &countingLimiter{}
		_, c := goingRun(t, Options{Limiter: lim}, emulator.Status(503).Once())
		if _, err := c.GetRun(context.Background(), 5001); err != nil {
			t.Fatal(err)
		}
		if got := lim.calls.Load(); got != 2 {
			t.Errorf("limiter called %d times, want 2", got)
		}
	})
	t.Run("refuses the first attempt", func(t *testing.T) {
		lim := &countingLimiter{failAt: 1, err: errors.New("rate: Wait(n=1) would exceed context deadline")}
		emu, c := goingRun(t, Options{Limiter: lim})
		_, err := c.GetRun(context.Background(), 5001)
		var tErr *transportError
		if !errors.As(err, &tErr) {
			t.Fatalf("err = %T %v", err, err)
		}
		if msg := err.Error(); !strings.Contains(msg, "would exceed context deadline") {
			t.Errorf("err = %q", msg)
		}
		if got := emu.Count(http.MethodGet, runPattern); got != 0 {
			t.Errorf("%d GETs", got)
		}
	})
	t.Run("refuses a retry", func(t *testing.T) {
		lim := &countingLimiter{failAt: 2, err: context.Canceled}
		_, c := goingRun(t, Options{Limiter: lim}, emulator.Status(503).Once())
		_, err := c.GetRun(context.Background(), 5001)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Errorf("err = %v, want the last real answer", err)
		}
	})
}

func TestLoggerFields(t *testing.T) {
	log := &recordingLogger{}
	_, c := goingRun(t, Options{Logger: log}, emulator.StatusBody(404, "application/json", `{"error":"no run `+testKey+`"}`))
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
