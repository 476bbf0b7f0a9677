package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
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
	if got := c.userAgent(); got != "terraform-provider-testsigma/dev" {
		t.Errorf("userAgent = %q", got)
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
	for _, tc := range []struct{ version, ua string }{{"1.2.3", "terraform-provider-testsigma/1.2.3"}, {"", "terraform-provider-testsigma/dev"}} {
		emu, c, _ := newEmu(t, emulator.Options{}, Options{Version: tc.version}, longPlan)
		ctx := context.Background()
		if _, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 301}); err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetRun(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if _, err := c.stopRun(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if _, err := c.TestCases(ctx, 5001); err != nil {
			t.Fatal(err)
		}
		if _, err := c.SavedConfigs(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := c.JUnitReport(ctx, 5001); err != nil { // the run is complete once stopped
			t.Fatal(err)
		}
		reqs := emu.Requests()
		for _, r := range reqs {
			checkHeaders(t, r, tc.ua)
		}
		gotPaths := []string{}
		for _, r := range afterWatermark(t, reqs) {
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

// checkHeaders: every request carries the key, the User-Agent, what it accepts, and a
// Content-Type exactly when it has a body.
func checkHeaders(t *testing.T, r emulator.Request, ua string) {
	t.Helper()
	where := r.Method + " " + r.Path
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("%s: Authorization = %q", where, got)
	}
	if got := r.Header.Get("User-Agent"); got != ua {
		t.Errorf("%s: User-Agent = %q, want %q", where, got, ua)
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

// An on-premises server under a path prefix: the emulator mounted below /onprem, reached with
// a base URL that also carries /api/v1, which the client must not double.
func TestBaseURLPrefixAndAPISuffix(t *testing.T) {
	emu := emulator.NewUnstarted(emulator.Options{APIKey: testKey})
	t.Cleanup(emu.Close)
	emu.AddPlan(longPlan)
	id := emu.StartRun(longPlan.ID)
	srv := httptest.NewServer(http.StripPrefix("/onprem", emu.Handler())) // anything else: 404
	t.Cleanup(srv.Close)
	c := newClient(t, srv.URL+"/onprem/api/v1/", Options{})
	if _, err := c.GetRun(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	if got := emu.Requests()[0].Path; got != "/api/v1/execution_results/5001" {
		t.Errorf("path below /onprem = %q", got)
	}
}

func TestTriggerRequestBody(t *testing.T) {
	tests := []struct {
		name string
		req  TriggerRequest
		want string
	}{
		// Without a build number the trigger carries a generated one (markTrigger): GEN below.
		{"only the plan", TriggerRequest{TestPlanID: 301}, `{"executionId":301,"buildNo":"GEN"}`},
		{"empty maps and strings are omitted", TriggerRequest{TestPlanID: 301, BuildNumber: "", RuntimeData: map[string]string{}, UploadVersions: map[string]string{}}, `{"executionId":301,"buildNo":"GEN"}`},
		{"config by id", TriggerRequest{TestPlanID: 301, Config: &ExecutionConfig{ID: ptr(int64(12))}}, `{"executionId":301,"executionConfig":{"id":12},"buildNo":"GEN"}`},
		{"config by name", TriggerRequest{TestPlanID: 301, Config: &ExecutionConfig{Name: "Chrome smoke"}}, `{"executionId":301,"executionConfig":{"name":"Chrome smoke"},"buildNo":"GEN"}`},
		{
			"everything",
			TriggerRequest{
				TestPlanID: 301, Config: &ExecutionConfig{ID: ptr(int64(12))}, EnvironmentID: ptr(int64(7)), BuildNumber: "build-42",
				RuntimeData: map[string]string{"user": "ci", "url": "https://x"}, UploadVersions: map[string]string{"11": "22"},
			},
			`{"executionId":301,"executionConfig":{"id":12},"environmentId":7,"buildNo":"build-42","runtimeData":{"url":"https://x","user":"ci"},"uploadVersions":{"11":"22"}}`,
		},
		{"environment id zero is still sent", TriggerRequest{TestPlanID: 301, EnvironmentID: ptr(int64(0))}, `{"executionId":301,"environmentId":0,"buildNo":"GEN"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, _ := newEmu(t, emulator.Options{}, Options{}, longPlan)
			emu.AddSavedConfig(emulator.SavedConfig{ID: 12, Name: "Chrome smoke"})
			run, err := c.Trigger(context.Background(), tt.req)
			if err != nil {
				t.Fatal(err)
			}
			if run.ID != 5001 || run.Status != StatusCreated || run.Finished {
				t.Errorf("run = %+v", run)
			}
			reqs := afterWatermark(t, emu.Requests())
			if len(reqs) != 1 || reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v1/execution_results" {
				t.Fatalf("requests = %+v", reqs)
			}
			body := string(reqs[0].Body)
			if gen := run.BuildNumber; tt.req.BuildNumber == "" && IsGeneratedBuildNumber(gen) {
				body = strings.Replace(body, gen, "GEN", 1)
			}
			if body != tt.want {
				t.Errorf("body:\n got %s\nwant %s", reqs[0].Body, tt.want)
			}
		})
	}
}

func TestStopRun(t *testing.T) {
	finished := emulator.Plan{ID: 302, Name: "Smoke plan", Result: "SUCCESS"} // done at its first look
	tests := []struct {
		name     string
		setup    func(emu *emulator.Server) // on an emulator with longPlan and finished
		wantErr  bool
		notFound bool
	}{
		{"stopped", func(emu *emulator.Server) { emu.StartRun(longPlan.ID) }, false, false},
		{"empty 200", fault(stopRoute, emulator.Malformed("")), false, false},
		// The emulator's own answer to stopping a run that is already complete.
		{"nothing left to stop", func(emu *emulator.Server) { emu.StartRun(finished.ID) }, false, false},
		{"other 500", fault(stopRoute, emulator.StatusBody(500, "application/json", `{"error":"Something broke","code":null}`)), true, false},
		{"unknown run", func(*emulator.Server) {}, true, true},
		{"forbidden", fault(stopRoute, emulator.StatusBody(403, "text/plain", "Only admins can stop executions")), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, _ := newEmu(t, emulator.Options{}, Options{}, longPlan, finished)
			tt.setup(emu)
			_, err := c.stopRun(context.Background(), 5001)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if IsNotFound(err) != tt.notFound {
				t.Errorf("IsNotFound(%v) = %v", err, !tt.notFound)
			}
			reqs := emu.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1 (a 4xx/500 is not retried)", len(reqs))
			}
			r := reqs[0]
			if r.Method != http.MethodPut || r.Path != "/api/v1/execution_results/5001" {
				t.Errorf("request = %s %s", r.Method, r.Path)
			}
			var body map[string]any
			if err := json.Unmarshal(r.Body, &body); err != nil {
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
	emu, c, _ := newEmu(t, emulator.Options{}, Options{})
	emu.Fault(casesRoute, emulator.StatusBody(200, "application/json", body)) // shapes the emulator does not send
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
	if got := emu.Requests()[0].Path; got != "/api/v1/execution_results/5001/test_case_results" {
		t.Errorf("path = %q", got)
	}
	if got := (Outcome{FailedCases: failedCases(cases)}).FailedNames(); !reflect.DeepEqual(got, []string{"Checkout", "Null result"}) {
		t.Errorf("FailedNames = %q", got)
	}
}

func TestTestCasesEmptyAndErrors(t *testing.T) {
	emu, c, _ := newEmu(t, emulator.Options{}, Options{}) // no run 9: its own answer is a 404
	emu.Fault(casesRoute, emulator.StatusBody(200, "application/json", `{"testCases":null}`).Once())
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
	xmlAnswer := func(ct, body string) func(*emulator.Server) {
		return fault(junitRoute, emulator.StatusBody(200, ct, body))
	}
	tests := []struct {
		name          string
		setup         func(emu *emulator.Server) // on an emulator with longPlan and no run
		wantTests     int
		wantFailures  int
		wantNotReady  bool
		wantErr       bool
		wantErrSubstr string
	}{
		{name: "report", setup: xmlAnswer("application/xml", junitSample), wantTests: 5, wantFailures: 2},
		{name: "the emulator's report", setup: func(emu *emulator.Server) {
			emu.AddPlan(emulator.Plan{ID: 302, Name: "Smoke plan", Result: "FAILURE", Cases: []emulator.Case{
				{ID: 1, Name: "Login works", Result: "SUCCESS"}, {ID: 2, Name: "Checkout", Result: "FAILURE"},
				{ID: 3, Name: "Login works", Result: "FAILURE", Machine: "Firefox"}}})
			emu.StartRun(302)
		}, wantTests: 3, wantFailures: 2},
		{name: "single testsuite root", setup: xmlAnswer("application/xml", `<testsuite tests="2"><testcase name="a"/><testcase name="b"><failure/></testcase></testsuite>`), wantTests: 2, wantFailures: 1},
		{name: "empty testsuites", setup: xmlAnswer("application/xml", `<testsuites/>`)},
		// The emulator's own answer for a run that is still going.
		{name: "not completed yet", setup: func(emu *emulator.Server) { emu.StartRun(longPlan.ID) }, wantErr: true, wantNotReady: true},
		{name: "other text", setup: xmlAnswer("text/plain", "Internal hiccup"), wantErr: true, wantErrSubstr: "not XML"},
		{name: "JSON", setup: xmlAnswer("application/json", `{"error":"x"}`), wantErr: true, wantErrSubstr: "not XML"},
		{name: "empty", setup: fault(junitRoute, emulator.Malformed("")), wantErr: true, wantErrSubstr: "not XML"},
		{name: "malformed XML", setup: xmlAnswer("application/xml", `<testsuites><testsuite>`), wantErr: true, wantErrSubstr: "not well-formed"},
		{name: "wrong root", setup: xmlAnswer("text/html", `<html><body>Login</body></html>`), wantErr: true, wantErrSubstr: "<html>"},
		{name: "unknown run", setup: func(*emulator.Server) {}, wantErr: true, wantErrSubstr: "404"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			emu, c, _ := newEmu(t, emulator.Options{}, Options{}, longPlan)
			tt.setup(emu)
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
			if got := emu.Requests()[0].Path; got != "/api/v1/reports/junit/5001" {
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
	emu, c, _ := newEmu(t, emulator.Options{}, Options{})
	emu.Fault(configsRoute, emulator.StatusBody(200, "application/json", body)) // shapes the emulator does not send
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
	emu, c, _ := newEmu(t, emulator.Options{}, Options{MaxAttempts: 1}) // the emulator's own list: no configs
	got, err := c.SavedConfigs(context.Background())
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("empty list: %#v, %v", got, err)
	}
	emu.Fault(configsRoute, emulator.StatusBody(200, "application/json", `{"content":[]}`))
	_, err = c.SavedConfigs(context.Background())
	var dErr *decodeError
	if !errors.As(err, &dErr) {
		t.Errorf("an object instead of the array: err = %v, want *decodeError", err)
	}
}

// afterWatermark drops the reads a trigger makes before its POST (the plan's newest run id,
// spec 8.1 rule 2), checking that they are only reads.
func afterWatermark(t *testing.T, reqs []emulator.Request) []emulator.Request {
	t.Helper()
	for i, r := range reqs {
		if r.Method == http.MethodPost {
			return reqs[i:]
		}
		if r.Method != http.MethodGet {
			t.Errorf("before the trigger: %s %s; only reads of the plan's runs belong there", r.Method, r.Path)
		}
	}
	return nil
}
