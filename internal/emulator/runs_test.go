package emulator

import (
	"strings"
	"testing"
	"time"
)

func TestTriggerAnswer(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 7, Name: "P", Queued: time.Second})
	// The shell scripts send a string plan id and an unquoted numeric buildNo.
	r := call(t, s, "POST", "/api/v1/execution_results",
		`{"executionId":"7","buildNo":202401011200,"environmentId":"42","runtimeData":{"a":"b","n":3},"uploadVersions":{"9":77}}`)
	if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("%d %v %s", r.status, r.header, r.body)
	}
	m := decode(t, r)
	wantFields(t, m, "id", firstRunID, "execution", nil, "executionId", 7, "status", "STATUS_CREATED",
		"result", "QUEUED", "triggeredType", "API", "message", msgCreated, "buildNo", "202401011200",
		"environmentId", 42, "endTime", nil, "duration", nil, "totalCount", nil, "passedCount", nil, // null, as in the 2024 sample
		"startTime", float64(clk.Now().UnixMilli()), "activeExecutionResultCount", 1,
		// The docs' sample of a plain run at creation (runs/executing-tests-in-private-grid.md).
		"isReRunEnabled", false, "consolidatedResult", "QUEUED", "consolidatedStatus", "STATUS_CREATED",
		"resultType", "ORIGINAL")
	if d, _ := m["executionDetails"].(map[string]any); d["page_timeout"] == nil || d["screenshot_option"] != "ALL_TYPES" {
		t.Errorf("executionDetails = %v", m["executionDetails"])
	}
	st, ok := s.Run(firstRunID)
	if !ok || st.PlanID != 7 || st.BuildNo != "202401011200" || *st.EnvironmentID != 42 ||
		st.RuntimeData["n"] != "3" || st.UploadVersions["9"] != "77" {
		t.Errorf("RunState = %+v", st)
	}
	if id := triggerRun(t, s, `{"executionId":7}`); id != firstRunID+1 {
		t.Errorf("second run id = %d", id)
	}
}

func TestPhasesByTime(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "Timed", Queued: 10 * time.Second, Running: 20 * time.Second,
		Result: "FAILURE", Cases: demoCases})
	id := triggerRun(t, s, `{"executionId":1}`)

	m := getRun(t, s, id)
	wantFields(t, m, "status", "STATUS_CREATED", "result", "QUEUED", "totalCount", nil)
	if p, _ := m["execution"].(map[string]any); p["name"] != "Timed" || p["id"] != float64(1) {
		t.Errorf("execution = %v", m["execution"])
	}
	clk.Advance(10 * time.Second)
	wantFields(t, getRun(t, s, id), "status", "STATUS_IN_PROGRESS", "result", "QUEUED",
		"message", msgInProgress, "endTime", nil, "failedCount", nil)
	clk.Advance(19 * time.Second)
	wantFields(t, getRun(t, s, id), "status", "STATUS_IN_PROGRESS")
	clk.Advance(time.Hour) // the run ended at +30s, not when we looked
	m = getRun(t, s, id)
	wantFields(t, m, "status", "STATUS_COMPLETED", "result", "FAILURE", "message", msgFailed,
		"duration", 30000, "totalCount", 3, "passedCount", 1, "failedCount", 1, "notExecutedCount", 1,
		"queuedCount", 0, "activeExecutionResultCount", 0)
	if m["endTime"].(float64)-m["startTime"].(float64) != 30000 {
		t.Errorf("endTime-startTime = %v", m["endTime"].(float64)-m["startTime"].(float64))
	}
}

func TestPhasesByPolls(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "Polled", QueuedPolls: 2, RunningPolls: 1, Result: "SUCCESS"})
	id := triggerRun(t, s, `{"executionId":1}`)
	var got []string
	for range 4 {
		got = append(got, getRun(t, s, id)["status"].(string))
	}
	want := "STATUS_CREATED STATUS_CREATED STATUS_IN_PROGRESS STATUS_COMPLETED"
	if strings.Join(got, " ") != want {
		t.Fatalf("statuses = %v", got)
	}
	wantFields(t, getRun(t, s, id), "result", "SUCCESS", "message", msgSuccess, "duration", 0)
	if st, _ := s.Run(id); st.StatusPolls != 5 {
		t.Errorf("StatusPolls = %d", st.StatusPolls)
	}
}

func TestInstantCompletionNullResultAndNullCounts(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "No machines", NullCounts: true})
	r := call(t, s, "POST", "/api/v1/execution_results", `{"executionId":1}`)
	m := decode(t, r)
	// The trigger still answers the created snapshot; the first poll is already final.
	wantFields(t, m, "status", "STATUS_CREATED", "totalCount", nil, "failedCount", nil)
	if _, ok := m["totalCount"]; !ok {
		t.Error("totalCount must be present as null")
	}
	m = getRun(t, s, int64(m["id"].(float64)))
	wantFields(t, m, "status", "STATUS_COMPLETED", "result", nil, "message", msgFailed, "passedCount", nil)
	if _, ok := m["result"]; !ok {
		t.Error("result must be present as null")
	}
}

func TestResultVariantAndMessage(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "Alpha", Result: "PASSED", Message: "custom"})
	wantFields(t, getRun(t, s, triggerRun(t, s, `{"executionId":1}`)), "result", "PASSED", "message", "custom")
}

func TestRejectConcurrent(t *testing.T) {
	s, clk := newTestServer(t, Options{RejectConcurrent: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Minute, Result: "SUCCESS"})
	s.StartRun(1) // someone else's run
	r := call(t, s, "POST", "/api/v1/execution_results", `{"executionId":1}`)
	m := decode(t, r)
	if r.status != 500 || m["error"] != msgCurrentlyRunning || m["code"] != msgCurrentlyRunning {
		t.Fatalf("%d %s", r.status, r.body)
	}
	clk.Advance(time.Minute)
	triggerRun(t, s, `{"executionId":1}`)

	// Parallel runs are the default.
	p, _ := newTestServer(t, Options{})
	p.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Minute})
	triggerRun(t, p, `{"executionId":1}`)
	wantFields(t, getRun(t, p, triggerRun(t, p, `{"executionId":1}`)), "activeExecutionResultCount", 2)
}

// StopByRunID, a guess (E11): canStopAll:false stops exactly the path run.
func TestStopByRunID(t *testing.T) {
	s, clk := newTestServer(t, Options{StopByRunID: true})
	s.AddPlan(Plan{ID: 1, Name: "Stoppable", Running: time.Hour, Result: "SUCCESS", Cases: demoCases})
	id := triggerRun(t, s, `{"executionId":1}`)
	other := s.StartRun(1)
	clk.Advance(5 * time.Second)
	r := call(t, s, "PUT", "/api/v1/execution_results/"+itoa(id), `{"result":"STOPPED","canStopAll":false}`)
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	wantFields(t, decode(t, r), "result", "STOPPED", "status", "STATUS_COMPLETED",
		"message", msgUserStop, "duration", 5000, "stoppedCount", 3)
	if st, _ := s.Run(other); st.Status != "STATUS_IN_PROGRESS" {
		t.Errorf("canStopAll:false stopped another run: %+v", st)
	}
	r = call(t, s, "PUT", "/api/v1/execution_results/"+itoa(id), `{"result":"STOPPED","canStopAll":false}`)
	m := decode(t, r)
	if r.status != 500 || m["error"] != "No Queued executions for test plan - Stoppable" {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if st, _ := s.Run(id); st.StopRequests != 2 {
		t.Errorf("StopRequests = %d", st.StopRequests)
	}
	// A PUT without STOPPED only merges buildNo.
	r = call(t, s, "PUT", "/api/v1/execution_results/"+itoa(other), `{"buildNo":"b-9"}`)
	wantFields(t, decode(t, r), "buildNo", "b-9", "status", "STATUS_IN_PROGRESS")
	if r := call(t, s, "PUT", "/api/v1/execution_results/999", `{"result":"STOPPED"}`); r.status != 404 {
		t.Errorf("unknown stop: %d", r.status)
	}
}

func TestTestCaseResults(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Second, Result: "FAILURE", Cases: demoCases})
	id := triggerRun(t, s, `{"executionId":1}`)
	path := "/api/v1/execution_results/" + itoa(id) + "/test_case_results"
	m := decode(t, call(t, s, "GET", path, ""))
	tcs := m["testCases"].([]any)
	if len(tcs) != 3 || tcs[0].(map[string]any)["result"] != "QUEUED" {
		t.Fatalf("before completion: %v", m)
	}
	clk.Advance(time.Second)
	m = decode(t, call(t, s, "GET", path, ""))
	wantFields(t, m, "executionId", 1, "executionResultId", id, "result", "FAILURE", "status", "STATUS_COMPLETED")
	c := m["testCases"].([]any)[2].(map[string]any)
	wantFields(t, c, "testCaseId", 3, "testCaseName", "Pay", "result", "NOT_EXECUTED", "isDataDrivenCase", true,
		"testSuiteId", 11, "testSuiteName", "Cart", "machineTitle", "Firefox", "machineId", 2)
	its := c["iterationResults"].([]any)
	if len(its) != 2 || its[1].(map[string]any)["setName"] != "amex" || its[1].(map[string]any)["result"] != "FAILURE" {
		t.Errorf("iterations = %v", its)
	}
	if r := call(t, s, "GET", "/api/v1/execution_results/999/test_case_results", ""); r.status != 404 {
		t.Errorf("unknown run: %d", r.status)
	}
}

// canStopAll defaults to true in the docs: every non-completed run of the plan stops.
// StopByRunID: canStopAll defaults to true, "stop all executions"
// (api/examples/rerun-test-cases-in-test-run.md).
func TestStopByRunIDStopsAllByDefault(t *testing.T) {
	s, _ := newTestServer(t, Options{StopByRunID: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Hour})
	a, b := triggerRun(t, s, `{"executionId":1}`), s.StartRun(1)
	if r := call(t, s, "PUT", "/api/v1/execution_results/"+itoa(a), `{"result":"STOPPED"}`); r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	if st, _ := s.Run(b); st.Result != "STOPPED" || st.TriggeredType != "SCHEDULED" {
		t.Errorf("other run = %+v", st)
	}
}
