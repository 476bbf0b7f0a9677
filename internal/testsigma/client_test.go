package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

func ptr[T any](v T) *T { return &v }

func TestNewDefaultsAndAccessors(t *testing.T) {
	c, err := New(" https://ts.example.com/prefix/ ", "  "+testKey+"\n", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.BaseURL(); got != "https://ts.example.com/prefix" {
		t.Errorf("BaseURL = %q", got)
	}
	if got := c.RunURL(5001); got != "https://ts.example.com/prefix/ui/td/runs/5001" {
		t.Errorf("RunURL = %q", got)
	}
	if got := c.UserAgent(); got != "terraform-provider-testsigma/dev" {
		t.Errorf("UserAgent = %q", got)
	}
	if c.key != testKey {
		t.Errorf("key not trimmed: %q", c.key)
	}
	if c.opts.RequestTimeout != defaultRequestTimeout || c.opts.MaxAttempts != 4 || c.opts.Clock == nil || c.http == nil {
		t.Errorf("defaults not applied: %+v", c.opts)
	}
	if _, err := New("app.testsigma.com", testKey, Options{}); err == nil {
		t.Error("New accepted a base URL without a scheme")
	}
}

func TestHeaders(t *testing.T) {
	srv := newScriptServer(t)
	srv.route = func(w http.ResponseWriter, r *http.Request) bool {
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v1/reports/junit/"):
			respond(200, "application/xml", `<testsuites></testsuites>`)(w, r)
		case r.URL.Path == "/api/v1/saved_execution_configs":
			jsonStep(200, `[]`)(w, r)
		case strings.HasSuffix(r.URL.Path, "/test_case_results"):
			jsonStep(200, `{"testCases":[]}`)(w, r)
		default:
			jsonStep(200, runJSON(5001, StatusCreated, ResultQueued))(w, r)
		}
		return true
	}
	for _, tc := range []struct{ version, ua string }{{"1.2.3", "terraform-provider-testsigma/1.2.3"}, {"", "terraform-provider-testsigma/dev"}} {
		c := newClient(t, srv.URL, Options{Version: tc.version})
		ctx := context.Background()
		if _, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 301}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetRun(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if err := c.StopRun(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if _, err := c.TestCases(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SavedConfigs(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.JUnitReport(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		reqs := srv.requests()
		reqs = reqs[len(reqs)-6:]
		for _, r := range reqs {
			where := r.Method + " " + r.Path
			if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
				t.Errorf("%s: Authorization = %q", where, got)
			}
			if got := r.Header.Get("User-Agent"); got != tc.ua {
				t.Errorf("%s: User-Agent = %q, want %q", where, got, tc.ua)
			}
			wantAccept := "application/json"
			if strings.Contains(r.Path, "/reports/junit/") {
				wantAccept = "application/xml"
			}
			if got := r.Header.Get("Accept"); got != wantAccept {
				t.Errorf("%s: Accept = %q, want %q", where, got, wantAccept)
			}
			wantCT := ""
			if r.Method == http.MethodPost || r.Method == http.MethodPut {
				wantCT = "application/json"
			}
			if got := r.Header.Get("Content-Type"); got != wantCT {
				t.Errorf("%s: Content-Type = %q, want %q", where, got, wantCT)
			}
		}
		gotPaths := []string{}
		for _, r := range reqs {
			gotPaths = append(gotPaths, r.Method+" "+r.Path)
		}
		wantPaths := []string{
			"POST /api/v1/execution_results",
			"GET /api/v1/execution_results/5001",
			"PUT /api/v1/execution_results/5001",
			"GET /api/v1/execution_results/5001/test_case_results",
			"GET /api/v1/saved_execution_configs",
			"GET /api/v1/reports/junit/5001",
		}
		if !reflect.DeepEqual(gotPaths, wantPaths) {
			t.Errorf("paths:\n got %q\nwant %q", gotPaths, wantPaths)
		}
	}
}

func TestBaseURLPrefixAndAPISuffix(t *testing.T) {
	srv := newScriptServer(t, jsonStep(200, runJSON(7, StatusCreated, "")))
	c := newClient(t, srv.URL+"/onprem/api/v1/", Options{})
	if _, err := c.GetRun(context.Background(), 7); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[0].Path; got != "/onprem/api/v1/execution_results/7" {
		t.Errorf("path = %q", got)
	}
}

func TestTriggerRequestBody(t *testing.T) {
	tests := []struct {
		name string
		req  TriggerRequest
		want string
	}{
		{"only the plan", TriggerRequest{TestPlanID: 301}, `{"executionId":301}`},
		{"empty maps and strings are omitted", TriggerRequest{TestPlanID: 301, BuildNumber: "", RuntimeData: map[string]string{}, UploadVersions: map[string]string{}}, `{"executionId":301}`},
		{"config by id", TriggerRequest{TestPlanID: 301, Config: &ExecutionConfig{ID: ptr(int64(12))}}, `{"executionId":301,"executionConfig":{"id":12}}`},
		{"config by name", TriggerRequest{TestPlanID: 301, Config: &ExecutionConfig{Name: "Chrome smoke"}}, `{"executionId":301,"executionConfig":{"name":"Chrome smoke"}}`},
		{
			"everything",
			TriggerRequest{
				TestPlanID: 301, Config: &ExecutionConfig{ID: ptr(int64(12))}, EnvironmentID: ptr(int64(7)), BuildNumber: "build-42",
				RuntimeData: map[string]string{"user": "ci", "url": "https://x"}, UploadVersions: map[string]string{"11": "22"},
			},
			`{"executionId":301,"executionConfig":{"id":12},"environmentId":7,"buildNo":"build-42","runtimeData":{"url":"https://x","user":"ci"},"uploadVersions":{"11":"22"}}`,
		},
		{"environment id zero is still sent", TriggerRequest{TestPlanID: 301, EnvironmentID: ptr(int64(0))}, `{"executionId":301,"environmentId":0}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, jsonStep(200, runJSON(5001, StatusCreated, ResultQueued)))
			c := newClient(t, srv.URL, Options{})
			run, err := c.Trigger(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if run.ID != 5001 || run.Status != StatusCreated || run.Finished {
				t.Errorf("run = %+v", run)
			}
			reqs := srv.requests()
			if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v1/execution_results" {
				t.Fatalf("requests = %+v", reqs)
			}
			if reqs[0].Body != tt.want {
				t.Errorf("body:\n got %s\nwant %s", reqs[0].Body, tt.want)
			}
		})
	}
}

// trigger2021 is the 2021 documented trigger answer: counts 0, epoch-ms times, snake_case
// executionDetails inside a camelCase object, execution null.
const trigger2021 = `{"id":5001,"execution":null,"executionId":301,"startTime":1700000000000,"endTime":null,"duration":null,
"result":"QUEUED","status":"STATUS_CREATED","message":"Test Plan execution is initiated and waiting to be queued",
"executedBy":3,"buildNo":null,"environmentId":null,"totalCount":0,"failedCount":0,"passedCount":0,"abortedCount":0,
"stoppedCount":0,"notExecutedCount":0,"preRequisiteFailedCount":0,"queuedCount":0,"isVisuallyPassed":null,
"environment":null,"childResult":null,"reRunParentId":null,"reRunType":null,"triggeredType":"API","totalRunningCount":0,
"executionDetails":{"page_timeout":30,"element_timeout":30,"recovery_action":"Run_Next_Testcase","on_aborted_action":"Reuse_Session",
"screenshot_option":"ALL_TYPES","group_prerequisite_fail":"Abort","test_case_prerequisite_fail":"Abort",
"test_step_prerequisite_fail":"Run_Next_Step","global_param_name":null},"totalQueuedCount":0}`

func TestTriggerDecodesDocumentedAnswer(t *testing.T) {
	srv := newScriptServer(t, jsonStep(200, trigger2021))
	c := newClient(t, srv.URL, Options{})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	want := Run{
		ID: 5001, TestPlanID: 301, Status: StatusCreated, Result: ResultQueued,
		Message:   "Test Plan execution is initiated and waiting to be queued",
		StartedAt: ptr(time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)),
		Counts:    Counts{Total: &zero, Passed: &zero, Failed: &zero, Aborted: &zero, Stopped: &zero, NotExecuted: &zero, Queued: &zero},
	}
	if !reflect.DeepEqual(run, want) {
		t.Errorf("run:\n got %+v\nwant %+v", run, want)
	}
}

func TestGetRun(t *testing.T) {
	body := `{"id":5001,"executionId":301,"execution":{"id":301,"name":"Smoke plan","reRunType":"NONE","createdDate":1700000000000},
"status":"STATUS_COMPLETED","result":"SUCCESS","message":"Test plan execution completed","buildNo":"b7","environmentId":9,
"startTime":1700000000000,"endTime":1700000065000,"duration":65000,"totalCount":3,"passedCount":3,"failedCount":0,
"stoppedCount":0,"notExecutedCount":0,"queuedCount":0}`
	srv := newScriptServer(t, jsonStep(200, body))
	c := newClient(t, srv.URL, Options{})
	run, err := c.GetRun(context.Background(), 5001)
	if err != nil {
		t.Fatal(err)
	}
	if run.ID != 5001 || run.TestPlanID != 301 || run.TestPlanName != "Smoke plan" || run.Status != StatusCompleted ||
		run.Result != ResultSuccess || !run.Finished || run.BuildNumber != "b7" || run.EnvironmentID == nil || *run.EnvironmentID != 9 {
		t.Errorf("run = %+v", run)
	}
	if run.Duration == nil || *run.Duration != 65*time.Second {
		t.Errorf("Duration = %v", run.Duration)
	}
	if run.FinishedAt == nil || !run.FinishedAt.Equal(time.Date(2023, 11, 14, 22, 14, 25, 0, time.UTC)) {
		t.Errorf("FinishedAt = %v", run.FinishedAt)
	}
	if run.Counts.Total == nil || *run.Counts.Total != 3 || run.Counts.Aborted != nil {
		t.Errorf("Counts = %+v (aborted absent must stay nil)", run.Counts)
	}
	if !Passed(run, []string{ResultSuccess}) {
		t.Error("Passed = false for a completed SUCCESS run")
	}
}

func TestStopRun(t *testing.T) {
	tests := []struct {
		name     string
		step     step
		wantErr  bool
		notFound bool
	}{
		{"stopped", jsonStep(200, `{"id":5001,"status":"STATUS_COMPLETED","result":"STOPPED","message":"User stopped the Test Plan"}`), false, false},
		{"empty 200", respond(200, "", ""), false, false},
		{"nothing left to stop", jsonStep(500, `{"timeStamp":null,"error":"No Queued executions for test plan - Smoke plan","code":"No Queued executions for test plan - Smoke plan","fieldErrors":null,"objectErrors":null}`), false, false},
		{"other 500", jsonStep(500, `{"error":"Something broke","code":null}`), true, false},
		{"unknown run", jsonStep(404, `{"timeStamp":null,"error":"Resource not found for id: 5001","code":"0"}`), true, true},
		{"forbidden", respond(403, "text/plain", "Only admins can stop executions"), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, tt.step)
			c := newClient(t, srv.URL, Options{})
			err := c.StopRun(context.Background(), 5001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if IsNotFound(err) != tt.notFound {
				t.Errorf("IsNotFound(%v) = %v", err, !tt.notFound)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1 (a 4xx/500 is not retried)", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPut || r.Path != "/api/v1/execution_results/5001" {
				t.Errorf("request = %s %s", r.Method, r.Path)
			}
			var body map[string]any
			if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
				t.Fatal(err)
			}
			if want := map[string]any{"result": "STOPPED", "canStopAll": false}; !reflect.DeepEqual(body, want) {
				t.Errorf("body = %s", r.Body)
			}
		})
	}
}

func TestTestCases(t *testing.T) {
	body := `{"executionId":301,"executionResultId":5001,"result":"FAILURE","status":"STATUS_COMPLETED","testCases":[
{"testCaseId":"11","testCaseName":"Login works","testCaseResultId":111,"result":"SUCCESS","isDataDrivenCase":false,
 "iterationResults":[],"testSuiteId":5,"testSuiteName":"Auth","testSuiteResultId":55,"machineId":1,"machineTitle":"Chrome 120","machineResultId":9},
{"testCaseId":12,"testCaseName":"Checkout","testCaseResultId":"112","result":"FAILED","isDataDrivenCase":true,
 "iterationResults":[{"iterationResultId":1,"setName":"visa","result":"SUCCESS"},{"iterationResultId":2,"setName":"amex","result":"failure"}],
 "testSuiteId":6,"testSuiteName":"Shop","machineTitle":"Chrome 120","extra":{"nested":[1,2]}},
{"testCaseId":13,"testCaseName":"Null result","result":null,"isDataDrivenCase":null}]}`
	srv := newScriptServer(t, jsonStep(200, body))
	c := newClient(t, srv.URL, Options{})
	cases, err := c.TestCases(context.Background(), 5001)
	if err != nil {
		t.Fatal(err)
	}
	want := []TestCase{
		{ID: 11, ResultID: 111, Name: "Login works", Result: ResultSuccess, SuiteID: 5, SuiteName: "Auth", MachineTitle: "Chrome 120"},
		{ID: 12, ResultID: 112, Name: "Checkout", Result: ResultFailure, SuiteID: 6, SuiteName: "Shop", MachineTitle: "Chrome 120", DataDriven: true,
			Iterations: []Iteration{{SetName: "visa", Result: ResultSuccess}, {SetName: "amex", Result: ResultFailure}}},
		{ID: 13, Name: "Null result"},
	}
	if !reflect.DeepEqual(cases, want) {
		t.Errorf("cases:\n got %+v\nwant %+v", cases, want)
	}
	if got := srv.requests()[0].Path; got != "/api/v1/execution_results/5001/test_case_results" {
		t.Errorf("path = %q", got)
	}
	if got := (Outcome{FailedCases: failedCases(cases)}).FailedNames(); !reflect.DeepEqual(got, []string{"Checkout", "Null result"}) {
		t.Errorf("FailedNames = %q", got)
	}
}

func TestTestCasesEmptyAndErrors(t *testing.T) {
	srv := newScriptServer(t, jsonStep(200, `{"testCases":null}`), jsonStep(404, `{"error":"Resource not found for id: 9"}`))
	c := newClient(t, srv.URL, Options{})
	cases, err := c.TestCases(context.Background(), 9)
	if err != nil || cases == nil || len(cases) != 0 {
		t.Errorf("null testCases: cases=%#v err=%v (want empty, non-nil)", cases, err)
	}
	if _, err := c.TestCases(context.Background(), 9); !IsNotFound(err) {
		t.Errorf("404: err = %v", err)
	}
}

const junitSample = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="Smoke plan || Chrome 120" timestamp="2024-05-01 12:00:00.0" tests="3" failures="1" errors="1" time="12.345">
    <properties><property name="Testsigma reports URL" value="https://app.testsigma.com/ui/td/runs/5001"/></properties>
    <testcase name="Login works" classname="Auth" time="01.000"/>
    <testcase name="Checkout" classname="Shop" time="02.000"><failure>Test failed with message:"boom".please visit below URL for more details.
 https://app.testsigma.com/ui/td/runs/5001</failure></testcase>
    <testcase name="Search" classname="Shop" time="03.000"/>
    <system-out>For More info on results, visit https://app.testsigma.com/ui/td/runs/5001</system-out>
  </testsuite>
  <testsuite name="Smoke plan || Firefox" tests="2" failures="1" errors="1">
    <testcase name="Login works" classname="Auth"><error>broken</error></testcase>
    <testcase name="Search" classname="Shop"/>
  </testsuite>
</testsuites>`

func TestJUnitReport(t *testing.T) {
	tests := []struct {
		name          string
		step          step
		wantTests     int
		wantFailures  int
		wantNotReady  bool
		wantErr       bool
		wantErrSubstr string
	}{
		{name: "report", step: respond(200, "application/xml", junitSample), wantTests: 5, wantFailures: 2},
		{name: "single testsuite root", step: respond(200, "application/xml", `<testsuite tests="2"><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>`), wantTests: 2, wantFailures: 1},
		{name: "empty testsuites", step: respond(200, "application/xml", `<testsuites/>`)},
		{name: "not completed yet", step: respond(200, "application/json", "Report generation failed, Test plan run is not completed"), wantErr: true, wantNotReady: true},
		{name: "other text", step: respond(200, "text/plain", "Internal hiccup"), wantErr: true, wantErrSubstr: "not XML"},
		{name: "JSON", step: respond(200, "application/json", `{"error":"x"}`), wantErr: true, wantErrSubstr: "not XML"},
		{name: "empty", step: respond(200, "application/xml", ""), wantErr: true, wantErrSubstr: "not XML"},
		{name: "malformed XML", step: respond(200, "application/xml", `<testsuites><testsuite>`), wantErr: true, wantErrSubstr: "not well-formed"},
		{name: "wrong root", step: respond(200, "text/html", `<html><body>Login</body></html>`), wantErr: true, wantErrSubstr: "<html>"},
		{name: "unknown run", step: jsonStep(404, `{"error":"Resource not found for id: 5001"}`), wantErr: true, wantErrSubstr: "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newScriptServer(t, tt.step)
			c := newClient(t, srv.URL, Options{})
			rep, err := c.JUnitReport(context.Background(), 5001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if errors.Is(err, ErrReportNotReady) != tt.wantNotReady {
				t.Errorf("errors.Is(err, ErrReportNotReady) = %v for %v", !tt.wantNotReady, err)
			}
			if tt.wantErrSubstr != "" && !strings.Contains(err.Error(), tt.wantErrSubstr) {
				t.Errorf("err %q does not mention %q", err, tt.wantErrSubstr)
			}
			if err != nil {
				if !reflect.DeepEqual(rep, JUnitReport{}) {
					t.Errorf("report on error = %+v", rep)
				}
				return
			}
			if rep.Tests != tt.wantTests || rep.Failures != tt.wantFailures {
				t.Errorf("Tests/Failures = %d/%d, want %d/%d", rep.Tests, rep.Failures, tt.wantTests, tt.wantFailures)
			}
			if !strings.HasPrefix(rep.XML, "<") {
				t.Errorf("XML = %q", rep.XML)
			}
			if got := srv.requests()[0].Path; got != "/api/v1/reports/junit/5001" {
				t.Errorf("path = %q", got)
			}
		})
	}
}

func TestSavedConfigs(t *testing.T) {
	body := `[
{"id":12,"name":"Chrome smoke","query":"[{\"key\":\"suiteId\",\"value\":[114],\"operation\":\"NOT_IN\"}]",
 "executionConfigType":"SAVED_CONFIG","executionConfigCondition":"EXCLUDED",
 "createdByUser":{"id":3,"email":"qa@example.com","firstName":"Q","privileges":[],"isAdmin":true}},
{"id":"13","name":"Broken query","query":"suiteId NOT IN 114","executionConfigType":"SAVED_CONFIG","createdByUser":null},
{"id":14,"name":"Query as array","query":[{"key":"assignee","values":["7","8"],"operation":"IN"}]},
{"id":15,"name":"No query","query":null}
]`
	srv := newScriptServer(t, jsonStep(200, body))
	c := newClient(t, srv.URL, Options{})
	got, err := c.SavedConfigs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []SavedConfig{
		{ID: 12, Name: "Chrome smoke", Type: "SAVED_CONFIG", Condition: "EXCLUDED", QueryJSON: `[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`,
			Query: []QueryTerm{{Key: "suiteId", Values: []int64{114}, Operation: "NOT_IN"}}, CreatedByEmail: "qa@example.com"},
		{ID: 13, Name: "Broken query", Type: "SAVED_CONFIG", QueryJSON: "suiteId NOT IN 114"},
		{ID: 14, Name: "Query as array", QueryJSON: `[{"key":"assignee","values":["7","8"],"operation":"IN"}]`,
			Query: []QueryTerm{{Key: "assignee", Values: []int64{7, 8}, Operation: "IN"}}},
		{ID: 15, Name: "No query"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("configs:\n got %+v\nwant %+v", got, want)
	}
	if got[1].Query != nil {
		t.Errorf("unparseable query: Query = %#v, want nil", got[1].Query)
	}
}

func TestSavedConfigsEmptyAndNotArray(t *testing.T) {
	srv := newScriptServer(t, jsonStep(200, `[]`), jsonStep(200, `{"content":[]}`))
	c := newClient(t, srv.URL, Options{MaxAttempts: 1})
	got, err := c.SavedConfigs(context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty list: %#v, %v", got, err)
	}
	_, err = c.SavedConfigs(context.Background())
	var dErr *DecodeError
	if !errors.As(err, &dErr) {
		t.Errorf("an object instead of the array: err = %v, want *DecodeError", err)
	}
}
