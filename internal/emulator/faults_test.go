package emulator

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

const (
	trigger1  = `{"executionId":1}`
	postRoute = "POST /api/v1/execution_results"
	getRoute  = "GET /api/v1/execution_results/{id}"
)

func faultServer(t *testing.T) *Server {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Minute})
	return s
}

func TestFaultStatusRetryAfterAndTimes(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Fault{Status: 503, RetryAfter: "7", Times: 2})
	for i := range 2 {
		// Faults come before auth: no key is needed to see them.
		r := call(t, s, "POST", "/api/v1/execution_results", trigger1, "Accept", "*/*")
		if r.status != 503 || r.header.Get("Retry-After") != "7" || decode(t, r)["error"] == nil {
			t.Fatalf("try %d: %d %v %s", i, r.status, r.header, r.body)
		}
	}
	triggerRun(t, s, trigger1)
	if len(s.Runs()) != 1 {
		t.Errorf("runs = %+v", s.Runs())
	}
	s.Fault(getRoute, Fault{Status: 502, Body: "<html>bad gateway</html>", ContentType: "text/html"})
	for range 3 {
		r := call(t, s, "GET", "/api/v1/execution_results/5001", "")
		if r.status != 502 || string(r.body) != "<html>bad gateway</html>" || r.header.Get("Content-Type") != "text/html" {
			t.Fatalf("%d %v %s", r.status, r.header, r.body)
		}
	}
	s.ClearFaults()
	getRun(t, s, 5001)
	if got := s.Count("POST", "/api/v1/execution_results"); got != 3 {
		t.Errorf("Count = %d", got)
	}
}

func TestFaultQueueOnOneRoute(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Fault{Status: 429, Times: 1})
	s.Fault(postRoute, Fault{Drop: true, Times: 1})
	if r := call(t, s, "POST", "/api/v1/execution_results", trigger1); r.status != 429 {
		t.Fatalf("first: %d", r.status)
	}
	if _, err := doReq(t, s, "POST", "/api/v1/execution_results", trigger1); err == nil {
		t.Fatal("second: want a connection error")
	}
	triggerRun(t, s, trigger1)
}

func TestFaultDelayHonoursContext(t *testing.T) {
	s := faultServer(t)
	done := make(chan Request, 4)
	s.OnRequest(func(r Request) { done <- r })
	s.Fault(postRoute, Fault{Delay: time.Hour, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/api/v1/execution_results", nil)
	if _, err := noReuse.Do(req); err == nil {
		t.Fatal("want a timeout")
	}
	select {
	case r := <-done: // the handler gave up with the client, long before the hour
		if r.Status != 0 {
			t.Errorf("abandoned request logged with status %d", r.Status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("delayed handler did not notice the cancelled client")
	}
	if len(s.Runs()) != 0 {
		t.Error("a pre-handle delay must not create a run when the client leaves")
	}
	// A short delay then the real answer.
	s.Fault(postRoute, Fault{Delay: 10 * time.Millisecond, Times: 1})
	triggerRun(t, s, trigger1)
}

func TestFaultDrop(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Fault{Drop: true, Times: 1})
	if _, err := doReq(t, s, "POST", "/api/v1/execution_results", trigger1); err == nil {
		t.Fatal("want a connection error")
	}
	if len(s.Runs()) != 0 {
		t.Error("a plain drop must not create a run")
	}
	if log := s.Requests(); len(log) != 1 || log[0].Status != 0 {
		t.Errorf("log = %+v", log)
	}
}

func TestFaultAfterHandleDropIsAmbiguous(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Fault{Drop: true, AfterHandle: true, Times: 1})
	if _, err := doReq(t, s, "POST", "/api/v1/execution_results", `{"executionId":1,"buildNo":"b1"}`); err == nil {
		t.Fatal("want a connection error")
	}
	runs := s.Runs()
	if len(runs) != 1 || runs[0].BuildNo != "b1" || runs[0].Status != "STATUS_CREATED" {
		t.Fatalf("the run must exist although the client saw an error: %+v", runs)
	}
	// AfterHandle with a status: the state changed, the client sees a 502.
	s.Fault(postRoute, Fault{Status: 502, AfterHandle: true, Times: 1})
	if r := call(t, s, "POST", "/api/v1/execution_results", trigger1); r.status != 502 {
		t.Errorf("status = %d", r.status)
	}
	if len(s.Runs()) != 2 {
		t.Errorf("runs = %d", len(s.Runs()))
	}
}

func TestFaultTruncate(t *testing.T) {
	s := faultServer(t)
	s.Fault(postRoute, Fault{Truncate: true, Times: 1})
	r := call(t, s, "POST", "/api/v1/execution_results", trigger1)
	var v any
	if r.status != 200 || len(r.body) == 0 || json.Unmarshal(r.body, &v) == nil {
		t.Errorf("want a 200 with a cut JSON body: %d %q", r.status, r.body)
	}
	if len(s.Runs()) != 1 {
		t.Error("truncation happens after the real handler")
	}
}

func TestFaultMalformed(t *testing.T) {
	s := faultServer(t)
	id := triggerRun(t, s, trigger1)
	for _, body := range []string{"", "<html>login</html>", "{not json"} {
		s.Fault(getRoute, Fault{Malformed: body, MalformedSet: true, Times: 1})
		r := call(t, s, "GET", "/api/v1/execution_results/"+itoa(id), "")
		if r.status != 200 || string(r.body) != body {
			t.Errorf("malformed %q: %d %q", body, r.status, r.body)
		}
	}
	getRun(t, s, id)
	// The route pattern only matches its own route.
	s.Fault("GET /api/v1/execution_results/{id}/test_case_results", Fault{Status: 500})
	getRun(t, s, id)
}

func TestCloseReleasesDelayedRequests(t *testing.T) {
	s := New(Options{})
	s.Fault("GET /api/v1/saved_execution_configs", Fault{Delay: time.Hour})
	errc := make(chan error, 1)
	go func() {
		_, err := noReuse.Get(s.URL() + "/api/v1/saved_execution_configs")
		errc <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for s.Count("GET", "/api/v1/saved_execution_configs") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("request never arrived")
		}
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close blocked on a delayed request")
	}
	if err := <-errc; err == nil {
		t.Error("a request cut short by Close must fail, not get an empty 200")
	}
}

// A patch replaces some fields of the real answer and keeps the rest.
func TestFault_patchedReplacesFieldsOfTheRealAnswer(t *testing.T) {
	s := New(Options{})
	t.Cleanup(s.Close)
	s.AddPlan(Plan{ID: 1, Name: "P", Result: "SUCCESS"})
	id := s.StartRun(1)
	s.Fault("GET /api/v1/execution_results/{id}", Patched(`{"totalCount":"NaN","duration":4000.5}`))
	m := getRun(t, s, id)
	if m["totalCount"] != "NaN" || m["duration"] != 4000.5 || m["status"] != "STATUS_COMPLETED" || m["id"] != float64(id) {
		t.Errorf("patched run = %v", m)
	}
}
