package testsigma

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"
)

// The replay checks of everything but the run object: test cases, steps, the JUnit report
// and the lookups by name (see contract_replay_test.go).

// The test cases of a run: what testsigma_run_result lists and failed_tests names.
func checkTestCases(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("test_case_results.json")
	f := jobject(t, v, "test_case_results.json")
	f.need(t, "test_case_results.json", "testCases")
	list, _ := f["testCases"].([]any)
	r.serve("GET /api/v1/execution_results/{id}/test_case_results", jsonType, body)
	cases, err := r.client().TestCases(t.Context(), val(jint(f["executionResultId"])))
	if err != nil || len(cases) != len(list) {
		t.Fatalf("TestCases: %d cases, %v; the sample has %d", len(cases), err, len(list))
	}
	for i, it := range list {
		cf := jobject(t, it, "testCases item")
		cf.need(t, "testCases item", "testCaseId", "testCaseName", "testCaseResultId", "result", "testSuiteName", "machineTitle")
		want := TestCase{
			ID: val(jint(cf["testCaseId"])), ResultID: val(jint(cf["testCaseResultId"])), Name: jstr(cf["testCaseName"]),
			Result: NormalizeResult(jstr(cf["result"])), SuiteID: val(jint(cf["testSuiteId"])), SuiteName: jstr(cf["testSuiteName"]),
			MachineTitle: jstr(cf["machineTitle"]), DataDriven: cf["isDataDrivenCase"] == true,
		}
		its, _ := cf["iterationResults"].([]any)
		for _, x := range its {
			xf := jobject(t, x, "iterationResults item")
			want.Iterations = append(want.Iterations, Iteration{SetName: jstr(xf["setName"]), Result: NormalizeResult(jstr(xf["result"]))})
		}
		sameAs(t, fmt.Sprintf("testCases[%d]", i), cases[i], want)
	}
}

// Why a test failed: the first step that did not succeed, its text and message. The case
// list is made up so that a recording of a passing run still checks its steps' shape.
func checkSteps(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("step_results.json")
	steps := jitems(t, v, "step_results.json")
	caseResult := int64(1)
	var action, message string
	for i := len(steps) - 1; i >= 0; i-- { // the first failed step wins
		sf := jobject(t, steps[i], "step_results item")
		sf.need(t, "step_results item", "action", "message", "result")
		if id := jint(sf["testCaseResultId"]); id != nil {
			caseResult = *id
		}
		if NormalizeResult(jstr(sf["result"])) != ResultSuccess {
			action, message = strings.TrimSpace(jstr(sf["action"])), strings.TrimSpace(jstr(sf["message"]))
		}
	}
	cases := fmt.Sprintf(`{"testCases":[{"testCaseId":1,"testCaseName":"x","testCaseResultId":%d,"result":"FAILURE"}]}`, caseResult)
	r.serve("GET /api/v1/execution_results/{id}/test_case_results", jsonType, []byte(cases))
	r.serve("GET /api/v1/test_runs/{run}/test_case_results/{case}/step_results", jsonType, body)
	r.serve("GET /api/v2/test_runs/{run}/test_case_results/{case}/step_results", jsonType, body)
	run := Run{ID: 7, TestPlanID: 1, Status: StatusCompleted, Result: ResultFailure, Finished: true}
	o := r.client().Judge(t.Context(), run, Policy{})
	if o.ReasonsErr != nil || len(o.FailedCases) != 1 {
		t.Fatalf("Judge: %d failed cases, reasons error %v", len(o.FailedCases), o.ReasonsErr)
	}
	sameAs(t, "failing step action", o.FailedCases[0].Step, action)
	sameAs(t, "failing step message", o.FailedCases[0].Message, message)
}

// The JUnit report: the XML as it came, and its totals counted here independently.
func checkJUnit(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, _ := r.load("junit.xml")
	r.serve("GET /api/v1/reports/junit/{id}", "application/xml", body)
	rep, err := r.client().JUnitReport(t.Context(), 1)
	if err != nil {
		t.Fatalf("JUnitReport: %v", err)
	}
	tests, failures := 0, 0
	inFailed := false
	for d := xml.NewDecoder(bytes.NewReader(body)); ; {
		tok, err := d.Token()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("junit.xml: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "testcase":
				tests, inFailed = tests+1, false
			case "failure", "error":
				if !inFailed {
					failures, inFailed = failures+1, true
				}
			}
		}
	}
	sameAs(t, "tests", rep.Tests, tests)
	sameAs(t, "failures", rep.Failures, failures)
	sameAs(t, "xml", rep.XML, strings.TrimSpace(string(body)))
}

func checkSavedConfigs(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("saved_configs.json")
	list, ok := v.([]any)
	if !ok {
		t.Fatalf("saved_configs.json is %T; the client reads a plain array (spec 2.6)", v)
	}
	r.serve("GET /api/v1/saved_execution_configs", jsonType, body)
	got, err := r.client().SavedConfigs(t.Context())
	if err != nil || len(got) != len(list) {
		t.Fatalf("SavedConfigs: %d, %v; the sample has %d", len(got), err, len(list))
	}
	for i, it := range list {
		f := jobject(t, it, "saved config")
		f.need(t, "saved config", "id", "name", "query", "executionConfigType", "executionConfigCondition", "createdByUser")
		email := ""
		if u, ok := f["createdByUser"].(map[string]any); ok {
			email = jstr(u["email"])
		}
		want := SavedConfig{ID: val(jint(f["id"])), Name: jstr(f["name"]), Type: jstr(f["executionConfigType"]),
			Condition: jstr(f["executionConfigCondition"]), QueryJSON: jstr(f["query"]), CreatedByEmail: email, Query: got[i].Query}
		sameAs(t, fmt.Sprintf("saved config %d", i), got[i], want)
		if json.Valid([]byte(want.QueryJSON)) && got[i].Query == nil {
			t.Errorf("saved config %d: its query %q is JSON, yet it was not parsed", i, want.QueryJSON)
		}
	}
}

func planFrom(f jfields) TestPlan {
	return TestPlan{ID: val(jint(f["id"])), Name: jstr(f["name"]), Description: jstr(f["description"]),
		ApplicationVersionID: jint(f["applicationVersionId"]), ReRunType: jstr(f["reRunType"]),
		ExecutionType: jstr(f["executionType"]), ExecutionLabType: jstr(f["executionLabType"]),
		EnvironmentID: jint(f["environmentId"]), LastRunID: jint(f["lastRunId"])}
}

// A plan by name, as testsigma_test_plan finds it: exactly that name, among the listing.
func checkTestPlans(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("test_plans.json")
	list := jitems(t, v, "test_plans.json")
	if len(list) == 0 {
		t.Fatal("test_plans.json lists no plan")
	}
	r.serve("GET /api/v1/test_plans", jsonType, body)
	f := jobject(t, list[0], "test plan")
	f.need(t, "test plan", "id", "name")
	l, err := r.client().TestPlans(t.Context(), jstr(f["name"]))
	if err != nil {
		t.Fatalf("TestPlans: %v", err)
	}
	for _, p := range l.Matches {
		if p.ID == val(jint(f["id"])) {
			sameAs(t, "test plan", p, planFrom(f))
			return
		}
	}
	t.Errorf("TestPlans(%q) did not find plan %v: %+v", jstr(f["name"]), f["id"], l)
}

// checkTestPlan reads a plan by id as the client does, through the documented listing
// (GET /test_plans/{id} is in no public source: spec 2.7).
func checkTestPlan(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("test_plans.json")
	list := jitems(t, v, "test_plans.json")
	if len(list) == 0 {
		t.Fatal("test_plans.json lists no plan")
	}
	r.serve("GET /api/v1/test_plans", jsonType, body)
	f := jobject(t, list[len(list)-1], "test plan")
	f.need(t, "test plan", "id", "name")
	p, err := r.client().TestPlan(t.Context(), val(jint(f["id"])))
	if err != nil {
		t.Fatalf("TestPlan: %v", err)
	}
	sameAs(t, "test plan", p, planFrom(f))
}

// envFrom is an environment's variables (2024+ variables[], or the 2023 parameters
// object), sorted; a value is read only when the variable is not encrypted.
func envFrom(t *testing.T, f jfields) Environment {
	e := Environment{ID: val(jint(f["id"])), Name: jstr(f["name"]), Description: jstr(f["description"]), Variables: []EnvironmentVariable{}}
	if p, ok := f["projectId"]; ok {
		e.ProjectID = val(jint(p))
	}
	vars, _ := f["variables"].([]any)
	for _, x := range vars {
		vf := jobject(t, x, "variable")
		vf.need(t, "variable", "key", "isEncrypted")
		v := EnvironmentVariable{ID: val(jint(vf["id"])), Key: jstr(vf["key"]), Encrypted: vf["isEncrypted"] == true}
		if !v.Encrypted {
			v.Value = jstr(vf["value"])
		}
		if e.ProjectID == 0 && vf["projectId"] != nil {
			e.ProjectID = val(jint(vf["projectId"]))
		}
		e.Variables = append(e.Variables, v)
	}
	if params, ok := f["parameters"].(map[string]any); ok && len(vars) == 0 {
		secret := map[string]bool{}
		pw, _ := f["passwords"].([]any)
		for _, p := range pw {
			secret[jstr(p)] = true
		}
		for k, x := range params {
			v := EnvironmentVariable{Key: k, Encrypted: secret[k]}
			if !v.Encrypted {
				v.Value = jstr(x)
			}
			e.Variables = append(e.Variables, v)
		}
	}
	sort.Slice(e.Variables, func(i, j int) bool { return e.Variables[i].Key < e.Variables[j].Key })
	return e
}

func checkEnvironments(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("environments.json")
	list := jitems(t, v, "environments.json")
	if len(list) == 0 {
		t.Fatal("environments.json lists no environment")
	}
	r.serve("GET /api/v1/environments", jsonType, body)
	f := jobject(t, list[0], "environment")
	f.need(t, "environment", "id", "name")
	l, err := r.client().Environments(t.Context(), jstr(f["name"]))
	if err != nil || len(l.Matches) == 0 {
		t.Fatalf("Environments(%q): %+v, %v", jstr(f["name"]), l, err)
	}
	sameAs(t, "environment", l.Matches[0], envFrom(t, f))
}

func checkEnvironment(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("environment.json")
	f := jobject(t, v, "environment.json")
	f.need(t, "environment.json", "id", "name")
	r.serve("GET /api/v1/environments/{id}", jsonType, body)
	e, err := r.client().Environment(t.Context(), val(jint(f["id"])))
	if err != nil {
		t.Fatalf("Environment: %v", err)
	}
	sameAs(t, "environment", e, envFrom(t, f))
}
