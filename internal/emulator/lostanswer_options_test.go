package emulator

import (
	"net/url"
	"testing"
)

// The readings a lost trigger answer is reconciled against, each behind an option.
func TestLostAnswerReadingsAreOptions(t *testing.T) {
	s, _ := newTestServer(t, Options{IDAboveAnswersEmpty: true, PlansWithoutLastRunID: true})
	s.AddPlan(Plan{ID: 20, Name: "Smoke"})
	id := triggerRun(t, s, `{"executionId":20}`)

	q := "/api/v2/test_runs?query=" + url.QueryEscape("testPlanId:20,id>1")
	if m := decode(t, call(t, s, "GET", q, "")); len(m["content"].([]any)) != 0 {
		t.Errorf("IDAboveAnswersEmpty: narrowed listing = %v, want empty", m)
	}
	q = "/api/v2/test_runs?query=" + url.QueryEscape("testPlanId:20")
	if m := decode(t, call(t, s, "GET", q, "")); len(m["content"].([]any)) != 1 {
		t.Errorf("the unnarrowed listing = %v, want the run", m)
	}
	if _, items := listPage(t, s, "/api/v1/test_plans"); items[0]["lastRunId"] != nil {
		t.Errorf("PlansWithoutLastRunID: plan item = %v", items[0])
	}
	exec := getRun(t, s, id)["execution"].(map[string]any)
	wantFields(t, exec, "lastRunId", id)

	s.Fault("POST /api/v1/execution_results", SpringDefaultError(500).Once())
	r := call(t, s, "POST", "/api/v1/execution_results", `{"executionId":20}`)
	wantFields(t, decode(t, r), "status", 500, "error", "Internal Server Error", "path", "/api/v1/execution_results")
	if r.status != 500 || len(s.Runs()) != 2 {
		t.Errorf("SpringDefaultError: %d, %d runs; want 500 after the run was made", r.status, len(s.Runs()))
	}
}
