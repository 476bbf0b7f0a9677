package emulator

import (
	"testing"
	"time"
)

// A stop is the OSS one by default (spec 2.3; OSS AgentExecutionService.stop finds the run by
// test plan id): the plan's oldest non-completed run is stopped whatever the path id and
// canStopAll say, the path run gets the answer, and with none going it is a 500
// "No Queued executions for test plan - <name>" (E11/E12).
func TestStopIsByPlan(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Minute})
	s.AddPlan(Plan{ID: 2, Name: "Q", Result: "SUCCESS"})
	done := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(time.Minute)
	older, newer := s.StartRun(1), triggerRun(t, s, `{"executionId":1}`)
	r := call(t, s, "PUT", "/api/v1/execution_results/"+itoa(newer), `{"result":"STOPPED","canStopAll":false}`)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	wantFields(t, decode(t, r), "id", newer, "status", "STATUS_IN_PROGRESS")
	if st, _ := s.Run(older); st.Result != "STOPPED" {
		t.Errorf("the plan's oldest going run: %+v", st)
	}
	if st, _ := s.Run(newer); st.Status == "STATUS_COMPLETED" || st.StopRequests != 1 {
		t.Errorf("the path run goes on: %+v", st)
	}
	// A finished path run still stops the run that goes (E12).
	call(t, s, "PUT", "/api/v1/execution_results/"+itoa(done), `{"result":"STOPPED","canStopAll":false}`)
	if st, _ := s.Run(newer); st.Result != "STOPPED" {
		t.Errorf("stop via a finished run: %+v", st)
	}
	q := triggerRun(t, s, `{"executionId":2}`)
	r = call(t, s, "PUT", "/api/v1/execution_results/"+itoa(q), `{"result":"STOPPED"}`)
	if m := decode(t, r); r.status != 500 || m["error"] != "No Queued executions for test plan - Q" {
		t.Errorf("nothing going: %d %s", r.status, r.body)
	}
}
