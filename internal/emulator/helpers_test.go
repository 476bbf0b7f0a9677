package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

const testKey = "emulator-key"

// newTestServer starts an emulator on a clock that only moves when the test says so (nothing
// in the emulator sleeps on it), from simclock.Epoch.
func newTestServer(t *testing.T, opts Options) (*Server, *simclock.Clock) {
	t.Helper()
	clk := simclock.NewAtEpoch()
	if opts.Clock == nil {
		opts.Clock = clk
	}
	s := New(opts)
	t.Cleanup(s.Close)
	return s, clk
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

// noReuse keeps each request on its own connection, so a dropped connection is never
// silently retried by net/http's keep-alive logic.
var noReuse = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

func doReq(t *testing.T, s *Server, method, path, body string, hdr ...string) (resp, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = bytes.NewBufferString(body)
	}
	req, err := http.NewRequest(method, s.URL()+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if len(hdr) == 0 {
		hdr = []string{"Authorization", "Bearer " + testKey}
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := noReuse.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return resp{res.StatusCode, res.Header, b}, err
}

// call is doReq for requests expected to get an answer.
func call(t *testing.T, s *Server, method, path, body string, hdr ...string) resp {
	t.Helper()
	r, err := doReq(t, s, method, path, body, hdr...)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

func decode(t *testing.T, r resp) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("not a JSON object (%d): %q", r.status, r.body)
	}
	return m
}

// triggerRun posts a trigger and returns the run id.
func triggerRun(t *testing.T, s *Server, body string) int64 {
	t.Helper()
	r := call(t, s, "POST", "/api/v1/execution_results", body)
	if r.status != 200 {
		t.Fatalf("trigger: %d %s", r.status, r.body)
	}
	return int64(decode(t, r)["id"].(float64))
}

func getRun(t *testing.T, s *Server, id int64) map[string]any {
	t.Helper()
	r := call(t, s, "GET", "/api/v1/execution_results/"+itoa(id), "")
	if r.status != 200 {
		t.Fatalf("get run: %d %s", r.status, r.body)
	}
	return decode(t, r)
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func wantFields(t *testing.T, m map[string]any, kv ...any) {
	t.Helper()
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		got, want := m[k], kv[i+1]
		switch n := want.(type) {
		case int:
			want = float64(n)
		case int64:
			want = float64(n)
		}
		if got != want {
			t.Errorf("%s = %#v, want %#v", k, got, want)
		}
	}
}

var demoCases = []Case{
	{ID: 1, Name: "Login <ok> & go", Result: "SUCCESS", SuiteID: 10, SuiteName: "Auth"},
	{ID: 2, Name: "Checkout", Result: "FAILURE", SuiteID: 11, SuiteName: "Cart"},
	{ID: 3, Name: "Pay", Result: "NOT_EXECUTED", SuiteID: 11, SuiteName: "Cart", Machine: "Firefox",
		DataDriven: true, Iterations: []Iteration{{"visa", "SUCCESS"}, {"amex", "FAILURE"}}},
}
