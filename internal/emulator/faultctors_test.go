package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStatusConstructors(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Status(503).Next(2))
	for range 2 {
		if r := call(t, s, "POST", "/api/v1/execution_results", trigger1); r.status != 503 || decode(t, r)["error"] != "Emulated fault" {
			t.Fatalf("%d %s", r.status, r.body)
		}
	}
	if len(s.Runs()) != 0 {
		t.Fatal("Status must not run the handler")
	}
	s.Fault(postRoute, StatusBody(502, "text/html", "<html>bad gateway</html>").Once())
	r := call(t, s, "POST", "/api/v1/execution_results", trigger1)
	if r.status != 502 || string(r.body) != "<html>bad gateway</html>" || r.header.Get("Content-Type") != "text/html" {
		t.Fatalf("%d %v %s", r.status, r.header, r.body)
	}
	s.Fault(postRoute, RateLimited("3").Once())
	r = call(t, s, "POST", "/api/v1/execution_results", trigger1)
	if r.status != 429 || r.header.Get("Retry-After") != "3" || decode(t, r)["error"] == nil {
		t.Fatalf("%d %v %s", r.status, r.header, r.body)
	}
	s.Fault(postRoute, RateLimited("").Once())
	if r = call(t, s, "POST", "/api/v1/execution_results", trigger1); r.status != 429 || r.header.Get("Retry-After") != "" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	triggerRun(t, s, trigger1) // every fault used up
}

// After is the ambiguous answer: the run exists although the client saw a failure.
func TestAfterRunsTheHandlerForAnyStatus(t *testing.T) {
	s := faultServer(t)
	for i, code := range []int{500, 502, 503, 504, 429} {
		s.Fault(postRoute, After(code).Once())
		r := call(t, s, "POST", "/api/v1/execution_results", trigger1)
		if r.status != code || decode(t, r)["error"] == nil {
			t.Fatalf("%d: %d %s", code, r.status, r.body)
		}
		if n := len(s.Runs()); n != i+1 {
			t.Fatalf("%d: %d runs, want %d", code, n, i+1)
		}
	}
	if got := s.Requests()[0].Status; got != 500 {
		t.Errorf("logged status = %d", got)
	}
}

func TestDropConstructors(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Drop().Once())
	if _, err := doReq(t, s, "POST", "/api/v1/execution_results", trigger1); err == nil {
		t.Fatal("Drop: want a connection error")
	}
	if len(s.Runs()) != 0 {
		t.Fatal("Drop must not run the handler")
	}
	s.Fault(postRoute, DropAfter().Once())
	if _, err := doReq(t, s, "POST", "/api/v1/execution_results", trigger1); err == nil {
		t.Fatal("DropAfter: want a connection error")
	}
	if len(s.Runs()) != 1 {
		t.Fatal("DropAfter must run the handler")
	}
}

func TestHangConstructors(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Hang(20*time.Millisecond).Once())
	start := time.Now()
	triggerRun(t, s, trigger1)
	if time.Since(start) < 20*time.Millisecond {
		t.Error("Hang answered early")
	}
	for _, f := range []Fault{Hang(0), HangAfter(0)} {
		s.Fault(postRoute, f.Once())
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		req, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/api/v1/execution_results", strings.NewReader(trigger1))
		req.Header.Set("Authorization", "Bearer "+testKey)
		if _, err := noReuse.Do(req); err == nil {
			t.Fatal("Hang(0) answered")
		}
		cancel()
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(s.Runs()) != 2 { // HangAfter ran the handler before it hung
		if time.Now().After(deadline) {
			t.Fatalf("runs = %d", len(s.Runs()))
		}
		time.Sleep(time.Millisecond)
	}
}

func TestTruncatedAndMalformed(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Truncated().Once())
	r := call(t, s, "POST", "/api/v1/execution_results", trigger1)
	if r.status != 200 || json.Valid(r.body) || len(r.body) == 0 {
		t.Errorf("Truncated: %d %q", r.status, r.body)
	}
	s.Fault(getRoute, Malformed("<html>login</html>").Once())
	r = call(t, s, "GET", "/api/v1/execution_results/5001", "")
	if r.status != 200 || string(r.body) != "<html>login</html>" || r.header.Get("Content-Type") != "application/json" {
		t.Errorf("Malformed: %d %v %q", r.status, r.header, r.body)
	}
	getRun(t, s, 5001)
}

// EchoKey lets a client test prove it never shows the key: every copy must be there.
func TestEchoKey(t *testing.T) {
	s := faultServer(t)
	const key = `eyJhbGciOiJIUzUxMiJ9.canary-"key"<&>`
	s.Fault(getRoute, EchoKey(401))
	r := call(t, s, "GET", "/api/v1/execution_results/5001", "", "Authorization", "Bearer "+key)
	if r.status != 401 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v", r.status, r.header)
	}
	var m map[string]string
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.body)
	}
	for _, k := range []string{"error", "code", "detail", "trace", "escaped", "tail"} {
		if !strings.Contains(m[k], key) {
			t.Errorf("%s = %q lacks the key", k, m[k])
		}
	}
	escaped, _ := json.Marshal(key)
	inner := string(escaped[1 : len(escaped)-1])
	var offsets []int
	for body, at := string(r.body), 0; ; {
		i := strings.Index(body[at:], inner)
		if i < 0 {
			break
		}
		offsets = append(offsets, at+i)
		at += i + 1
	}
	if len(offsets) < 5 || offsets[0] > 64 || offsets[len(offsets)-1] < 4096 {
		t.Errorf("JSON-escaped copies at %v", offsets)
	}
	if strings.Contains(string(r.body), key) {
		t.Error("the raw body should hold the key only JSON-escaped (it has quotes)")
	}
	if !strings.Contains(string(r.body), `\u0063\u0061\u006e\u0061\u0072\u0079`) {
		t.Error("no fully \\u-escaped copy")
	}
	if r.header.Get("X-Echo-Api-Key") != key || !strings.Contains(r.header.Get("WWW-Authenticate"), key) {
		t.Errorf("headers = %v", r.header)
	}
	r = call(t, s, "GET", "/api/v1/execution_results/5001", "", "X-TS-API-KEY", "plain-key")
	if !strings.Contains(decode(t, r)["error"].(string), "plain-key") {
		t.Errorf("X-TS-API-KEY not echoed: %s", r.body)
	}
}

// GatewayMessage (a guess, row 5): the handler ran, so the run exists, yet the answer is
// a gateway's {"message": ...} 500, not Testsigma's error DTO.
func TestGatewayMessage(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, GatewayMessage(500).Once())
	r := call(t, s, "POST", "/api/v1/execution_results", trigger1)
	m := decode(t, r)
	if _, hasErr := m["error"]; r.status != 500 || m["message"] != "Internal server error" || hasErr {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if len(s.Runs()) != 1 {
		t.Fatal("the handler must have run")
	}
}
