package emulator

import (
	"fmt"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

var rerunCases = []Case{
	{ID: 1, Name: "Login", Result: "SUCCESS"},
	{ID: 2, Name: "Search", FlakyRuns: 1},
	{ID: 3, Name: "Pay", Result: "FAILURE"},
}

func rerunServer(t *testing.T, opts Options) (*Server, *simclock.Clock, int64) {
	s, clk := newTestServer(t, opts)
	s.AddPlan(Plan{ID: 1, Name: "P", Running: 10 * time.Second, Result: "FAILURE", Cases: rerunCases})
	id := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(10 * time.Second)
	return s, clk, id
}

func caseResults(t *testing.T, s *Server, runID int64) []map[string]any {
	t.Helper()
	m := decode(t, call(t, s, "GET", fmt.Sprintf("/api/v1/execution_results/%d/test_case_results", runID), ""))
	var out []map[string]any
	for _, c := range m["testCases"].([]any) {
		out = append(out, c.(map[string]any))
	}
	return out
}

func rerunBody(parent int64, typ string, ids ...int64) string {
	picks := ""
	for i, id := range ids {
		if i > 0 {
			picks += ","
		}
		picks += fmt.Sprintf(`{"id":%d}`, id)
	}
	return fmt.Sprintf(`{"executionId":1,"executionResultId":%d,"isReRun":true,"reRunType":%q,"testCaseResultRequests":[%s]}`, parent, typ, picks)
}

func TestManualRerunOnlyFailed(t *testing.T) {
	s, clk, parent := rerunServer(t, Options{})
	first := caseResults(t, s, parent)
	r := call(t, s, "POST", "/api/v1/execution_results", rerunBody(parent, "ONLY_FAILED_TESTS"))
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	m := decode(t, r)
	child := int64(m["id"].(float64))
	wantFields(t, m, "status", "STATUS_CREATED", "result", "QUEUED", "reRunParentId", parent,
		"reRunType", "ONLY_FAILED_TESTS", "triggeredType", "API", "execution", nil,
		"consolidatedStatus", "STATUS_CREATED", "resultType", "ORIGINAL")
	if child == parent {
		t.Fatal("a re-run has its own id")
	}
	// The parent is not final while its re-run goes.
	p := getRun(t, s, parent)
	wantFields(t, p, "status", "STATUS_COMPLETED", "result", "FAILURE", "consolidatedStatus", "STATUS_IN_PROGRESS",
		"consolidatedResult", "QUEUED")
	if c, _ := p["childResult"].(map[string]any); c["id"] != float64(child) {
		t.Fatalf("childResult = %v", p["childResult"])
	}
	clk.Advance(10 * time.Second)
	wantFields(t, getRun(t, s, child), "status", "STATUS_COMPLETED", "result", "FAILURE",
		"totalCount", 2, "passedCount", 1, "failedCount", 1)
	cs := caseResults(t, s, child)
	if len(cs) != 2 || cs[0]["testCaseName"] != "Search" || cs[0]["result"] != "SUCCESS" || cs[1]["result"] != "FAILURE" {
		t.Fatalf("re-run cases = %v", cs)
	}
	seen := map[any]bool{}
	for _, c := range append(first, cs...) {
		if seen[c["testCaseResultId"]] {
			t.Errorf("testCaseResultId %v repeats across runs", c["testCaseResultId"])
		}
		seen[c["testCaseResultId"]] = true
	}
	if again := caseResults(t, s, parent); again[1]["testCaseResultId"] != first[1]["testCaseResultId"] {
		t.Error("testCaseResultId must be stable")
	}
	p = getRun(t, s, parent)
	wantFields(t, p, "consolidatedStatus", "STATUS_COMPLETED", "consolidatedResult", "FAILURE",
		"latestResult", "FAILURE", "consolidatedPlanTotalCount", 3, "consolidatedPlanPassedCount", 2,
		"consolidatedPlanFailedCount", 1, "consolidatedDuration", 20000)
	if st, _ := s.Run(parent); st.ReRunID != child {
		t.Errorf("RunState = %+v", st)
	}
}

func TestManualRerunUserPickedPasses(t *testing.T) {
	s, clk, parent := rerunServer(t, Options{})
	search := int64(caseResults(t, s, parent)[1]["testCaseResultId"].(float64))
	child := triggerRun(t, s, rerunBody(parent, "USER_PICKED", search))
	clk.Advance(10 * time.Second)
	wantFields(t, getRun(t, s, child), "result", "SUCCESS", "message", msgSuccess, "totalCount", 1, "passedCount", 1,
		"consolidatedResult", "SUCCESS")
	// Pay was never re-run, so the family as a whole still fails.
	wantFields(t, getRun(t, s, parent), "consolidatedResult", "FAILURE", "latestResult", "SUCCESS")
	// A chain: re-run the last attempt, all of it.
	grand := triggerRun(t, s, rerunBody(child, "ALL_TESTS"))
	if st, _ := s.Run(grand); st.ReRunParentID != child || len(st.CaseIDs) != 1 || st.CaseIDs[0] != 2 {
		t.Errorf("grandchild = %+v", st)
	}
	p := getRun(t, s, parent)
	if c := p["childResult"].(map[string]any); c["childResult"].(map[string]any)["id"] != float64(grand) {
		t.Errorf("nested childResult = %v", p["childResult"])
	}
}

func TestManualRerunRefusals(t *testing.T) {
	s, clk, parent := rerunServer(t, Options{})
	s.AddPlan(Plan{ID: 2, Name: "Green", Result: "SUCCESS", Cases: []Case{{ID: 9, Name: "ok", Result: "SUCCESS"}}})
	green := triggerRun(t, s, `{"executionId":2}`)
	busy := s.StartRun(1)
	for name, tc := range map[string]struct {
		body, want string
	}{
		"not completed":  {rerunBody(busy, "ALL_TESTS"), fmt.Sprintf("Test plan run %d is not completed yet; only a completed run can be re-run", busy)},
		"unknown type":   {rerunBody(parent, "SOMETIMES"), "Unsupported reRunType: SOMETIMES"},
		"iterations":     {rerunBody(parent, "ALL_ITERATIONS"), "Unsupported reRunType: ALL_ITERATIONS"},
		"no type":        {fmt.Sprintf(`{"executionResultId":%d,"isReRun":true}`, parent), "Unsupported reRunType: "},
		"nothing failed": {fmt.Sprintf(`{"executionResultId":%d,"isReRun":"true","reRunType":"ONLY_FAILED_TESTS"}`, green), "No test cases to re-run"},
		"nothing picked": {rerunBody(parent, "USER_PICKED"), "No test cases to re-run"},
		"foreign case":   {rerunBody(parent, "USER_PICKED", 42), "Test case result not found with id: 42"},
		"other plan":     {rerunBody(green, "ALL_TESTS"), fmt.Sprintf("Test plan run %d is not a run of test plan 1", green)},
		"no parent":      {`{"executionId":1,"isReRun":true,"reRunType":"ALL_TESTS"}`, "The given id must not be null!"},
	} {
		r := call(t, s, "POST", "/api/v1/execution_results", tc.body)
		if m := decode(t, r); r.status != 500 || m["error"] != tc.want {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	triggerRun(t, s, rerunBody(parent, "ALL_TESTS"))
	r := call(t, s, "POST", "/api/v1/execution_results", rerunBody(parent, "ALL_TESTS"))
	if m := decode(t, r); r.status != 500 || m["error"] != "ReRun Parent Id Already Exists" || m["code"] != m["error"] {
		t.Errorf("second re-run: %d %s", r.status, r.body)
	}
	if r = call(t, s, "POST", "/api/v1/execution_results", rerunBody(999, "ALL_TESTS")); r.status != 404 {
		t.Errorf("unknown parent: %d %s", r.status, r.body)
	}
	clk.Advance(time.Hour)
	if n := len(s.Runs()); n != 4 {
		t.Errorf("refusals must not start runs: %d runs", n)
	}
}

// A case that always fails fails again on every re-run; the flaky one passes on its first.
func TestFlakyRunsCountAttempts(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Result: "FAILURE", Cases: []Case{{ID: 1, Name: "twice", FlakyRuns: 2, Result: "ABORTED"}}})
	id := triggerRun(t, s, `{"executionId":1}`)
	var got []string
	for range 3 {
		clk.Advance(time.Second)
		got = append(got, caseResults(t, s, id)[0]["result"].(string))
		if getRun(t, s, id)["result"] == "SUCCESS" {
			break
		}
		id = triggerRun(t, s, rerunBody(id, "ONLY_FAILED_TESTS"))
	}
	if fmt.Sprint(got) != "[ABORTED ABORTED SUCCESS]" {
		t.Errorf("attempts = %v", got)
	}
}

func TestManualRerunRejectConcurrent(t *testing.T) {
	s, _, parent := rerunServer(t, Options{RejectConcurrent: true})
	s.StartRun(1)
	r := call(t, s, "POST", "/api/v1/execution_results", rerunBody(parent, "ALL_TESTS"))
	if m := decode(t, r); r.status != 500 || m["error"] != msgCurrentlyRunning {
		t.Errorf("%d %s", r.status, r.body)
	}
}
