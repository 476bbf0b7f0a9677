package emulator

import (
	"fmt"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

func stepPath(v string, run, caseResult int64) string {
	return fmt.Sprintf("/api/%s/test_runs/%d/test_case_results/%d/step_results", v, run, caseResult)
}

func stepServer(t *testing.T, opts Options) (*Server, *simclock.Clock, int64, []int64) {
	s, clk := newTestServer(t, opts)
	s.AddPlan(Plan{ID: 1, Name: "P", Running: 8 * time.Second, Result: "FAILURE", Cases: []Case{
		{ID: 1, Name: "Generic", Result: "FAILURE"},
		{ID: 2, Name: "Custom", Result: "FAILURE", Steps: []string{"Open", "Click on Refund", "Verify refund"},
			FailStep: "Verify refund", FailMessage: "Expected Refunded"},
		{ID: 3, Name: "Green", Result: "SUCCESS"},
		{ID: 4, Name: "Skipped", Result: "NOT_EXECUTED"},
	}})
	id := triggerRun(t, s, `{"executionId":1}`)
	var ids []int64
	for _, c := range caseResults(t, s, id) {
		ids = append(ids, int64(c["testCaseResultId"].(float64)))
	}
	return s, clk, id, ids
}

func TestStepResultsOfAFailedCase(t *testing.T) {
	s, clk, run, ids := stepServer(t, Options{})
	if _, items := listPage(t, s, stepPath("v2", run, ids[0])); len(items) != 0 {
		t.Errorf("before the case ran: %v", items)
	}
	clk.Advance(8 * time.Second)
	m, items := listPage(t, s, stepPath("v2", run, ids[0]))
	wantFields(t, m, "size", 100, "totalElements", 4)
	var got []string
	for _, it := range items {
		got = append(got, it["result"].(string))
	}
	if fmt.Sprint(got) != "[SUCCESS SUCCESS FAILURE NOT_EXECUTED]" {
		t.Fatalf("results = %v", got)
	}
	wantFields(t, items[2], "action", "Click on Pay now", "message", defaultFailMessage,
		"errorType", "ELEMENT_ERROR", "errorCode", 2002, "testCaseResultId", ids[0], "stepId", 103,
		"startTime", "2024-05-29T07:29:20.333Z", "endTime", "2024-05-29T07:29:20.999Z", "duration", 666)
	wantFields(t, items[0], "startTime", "2024-05-29T07:29:19Z", "errorType", nil, "errorCode", nil)
	wantFields(t, items[3], "startTime", nil, "duration", nil, "message", "")

	_, items = listPage(t, s, stepPath("v2", run, ids[1]))
	wantFields(t, items[2], "action", "Verify refund", "message", "Expected Refunded", "result", "FAILURE",
		"errorType", "ASSERT_ERROR")
	_, items = listPage(t, s, stepPath("v2", run, ids[2]))
	if len(items) != 4 || items[2]["result"] != "SUCCESS" || items[2]["errorType"] != nil {
		t.Errorf("passed case: %v", items)
	}
	_, items = listPage(t, s, stepPath("v2", run, ids[3]))
	if items[0]["result"] != "NOT_EXECUTED" {
		t.Errorf("not executed case: %v", items)
	}
}

func TestStepResultsVersionsAndUnknowns(t *testing.T) {
	s, clk, run, ids := stepServer(t, Options{})
	clk.Advance(time.Minute)
	for _, v := range []string{"v1", "v3"} {
		if r := call(t, s, "GET", stepPath(v, run, ids[0]), ""); r.status != 404 {
			t.Errorf("%s must be absent by default, the current docs say v2: %d", v, r.status)
		}
	}
	for _, tc := range []struct {
		run, cr int64
		want    string
	}{{999, ids[0], "Resource not found for id: 999"}, {run, 42, "Resource not found for id: 42"}} {
		r := call(t, s, "GET", stepPath("v2", tc.run, tc.cr), "")
		if m := decode(t, r); r.status != 404 || m["error"] != tc.want || m["code"] != "0" {
			t.Errorf("%d/%d: %d %s", tc.run, tc.cr, r.status, r.body)
		}
	}
}

// A re-run's cases belong to the re-run: their steps are found under its id.
func TestStepResultsOfARerun(t *testing.T) {
	s, clk, parent := rerunServer(t, Options{})
	child := triggerRun(t, s, rerunBody(parent, "ONLY_FAILED_TESTS"))
	clk.Advance(10 * time.Second)
	cs := caseResults(t, s, child)
	_, items := listPage(t, s, stepPath("v2", child, int64(cs[0]["testCaseResultId"].(float64))))
	if items[2]["result"] != "SUCCESS" {
		t.Errorf("the flaky case passed on its re-run: %v", items)
	}
	if r := call(t, s, "GET", stepPath("v2", parent, int64(cs[0]["testCaseResultId"].(float64))), ""); r.status != 404 {
		t.Errorf("a re-run's case under the parent: %d", r.status)
	}
}

// StepResultsAt picks the one version that answers: the docs moved step results from
// /api/v3 (2024-05) to /api/v1 (2025-02) to /api/v2 (current since ef09e9e0). Step ids
// are UUID strings and the type NLP_TEXT, as in the current sample
// (api/test-results-at-all-levels.md, E30).
func TestStepResultsAt(t *testing.T) {
	for _, v := range []string{"v1", "v2", "v3"} {
		s, clk, run, ids := stepServer(t, Options{StepResultsAt: v})
		clk.Advance(time.Minute)
		for _, o := range []string{"v1", "v2", "v3"} {
			r := call(t, s, "GET", stepPath(o, run, ids[0]), "")
			if (r.status == 200) != (o == v) {
				t.Errorf("StepResultsAt %s: %s answers %d", v, o, r.status)
			}
		}
		_, items := listPage(t, s, stepPath(v, run, ids[0]))
		id, _ := items[0]["id"].(string)
		if len(id) != 36 || id[8] != '-' || items[0]["type"] != "NLP_TEXT" {
			t.Errorf("step id %v, type %v", items[0]["id"], items[0]["type"])
		}
	}
}
