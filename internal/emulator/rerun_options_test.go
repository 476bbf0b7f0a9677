package emulator

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// A manual re-run inherits runtimeData, as the docs say ("runtime variables carry into
// re-runs", runs/test-plan-executions.md, E19a), but its build, environment and upload
// versions come from the re-run body, else the plan's own (none): OSS takes the re-run's
// environment from the plan (E19b). RunState.Rerun records what the body carried.
func TestManualRerunTarget(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", Cases: rerunCases})
	first := triggerRun(t, s, `{"executionId":1,"buildNo":"b1","environmentId":4,"runtimeData":{"k":"v"},"uploadVersions":{"9":"1"}}`)
	clk.Advance(time.Second)
	bare := triggerRun(t, s, rerunBody(first, "ONLY_FAILED_TESTS"))
	st, _ := s.Run(bare)
	if st.BuildNo != "" || st.EnvironmentID != nil || st.UploadVersions != nil || st.RuntimeData["k"] != "v" {
		t.Errorf("bare re-run: %+v", st)
	}
	wantFields(t, getRun(t, s, bare), "buildNo", nil, "environmentId", nil)
	if st.Rerun == nil || st.Rerun.ExecutionResultID != first || st.Rerun.EnvironmentID != nil || st.Rerun.ReRunType != "ONLY_FAILED_TESTS" {
		t.Errorf("recorded body: %+v", st.Rerun)
	}
	clk.Advance(time.Second)
	cr := int64(caseResults(t, s, bare)[0]["testCaseResultId"].(float64))
	body := fmt.Sprintf(`{"executionId":1,"executionResultId":%d,"isReRun":true,"reRunType":"USER_PICKED",`+
		`"buildNo":"b1","environmentId":4,"uploadVersions":{"9":"1"},`+
		`"testCaseResultRequests":[{"id":%d,"iterationReRunType":"FAILED","iterationResultIds":[7]}]}`, bare, cr)
	sent := triggerRun(t, s, body)
	st, _ = s.Run(sent)
	if st.BuildNo != "b1" || st.EnvironmentID == nil || *st.EnvironmentID != 4 || st.UploadVersions["9"] != "1" {
		t.Errorf("re-run with its target: %+v", st)
	}
	if c := st.Rerun.Cases; len(c) != 1 || c[0].ID != cr || c[0].IterationReRunType != "FAILED" || c[0].IterationResultIDs[0] != 7 {
		t.Errorf("recorded cases: %+v", c)
	}
	if st, _ := s.Run(first); st.Rerun != nil {
		t.Errorf("a first run has no re-run body: %+v", st.Rerun)
	}
}

// RerunInheritsTarget (a guess, E19b) brings back the parent's build and environment.
func TestManualRerunInheritsTarget(t *testing.T) {
	s, clk := newTestServer(t, Options{RerunInheritsTarget: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", Cases: rerunCases})
	first := triggerRun(t, s, `{"executionId":1,"buildNo":"b1","environmentId":4}`)
	clk.Advance(time.Second)
	st, _ := s.Run(triggerRun(t, s, rerunBody(first, "ONLY_FAILED_TESTS")))
	if st.BuildNo != "b1" || st.EnvironmentID == nil || *st.EnvironmentID != 4 {
		t.Errorf("inherited: %+v", st)
	}
}

// RerunParentIsChainEnd (a guess from the docs' sample, executionResultId 467 and
// reRunParentId 469 in api/examples/rerun-test-cases-in-test-run.md; E18): re-running a
// run that was re-run already links the new run to the chain's last run.
func TestManualRerunParentIsChainEnd(t *testing.T) {
	s, clk := newTestServer(t, Options{RerunParentIsChainEnd: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", Cases: rerunCases})
	first := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(time.Second)
	second := triggerRun(t, s, rerunBody(first, "ONLY_FAILED_TESTS"))
	if r := call(t, s, "POST", "/api/v1/execution_results", rerunBody(first, "ONLY_FAILED_TESTS")); r.status != 500 {
		t.Errorf("while the chain's end runs: %d %s", r.status, r.body)
	}
	clk.Advance(time.Second)
	m := decode(t, call(t, s, "POST", "/api/v1/execution_results", rerunBody(first, "ONLY_FAILED_TESTS")))
	wantFields(t, m, "reRunParentId", second)
	// The cases are picked from the run named: its two failures.
	if st, _ := s.Run(int64(m["id"].(float64))); st.Rerun.ExecutionResultID != first || len(st.CaseIDs) != 2 {
		t.Errorf("third attempt: %+v", st)
	}
}

// RerunRefusesBareIterations (a guess, row 35): a data-driven case picked by {id} alone
// is refused with a 500 DTO; with iterationReRunType it is accepted.
func TestManualRerunRefusesBareIterations(t *testing.T) {
	s, clk := newTestServer(t, Options{RerunRefusesBareIterations: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", Cases: demoCases})
	first := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(time.Second)
	dd := int64(caseResults(t, s, first)[2]["testCaseResultId"].(float64))
	r := call(t, s, "POST", "/api/v1/execution_results", rerunBody(first, "USER_PICKED", dd))
	if m := decode(t, r); r.status != 500 || m["error"] == nil || len(s.Runs()) != 1 {
		t.Errorf("bare data-driven pick: %d %s", r.status, r.body)
	}
	body := fmt.Sprintf(`{"executionId":1,"executionResultId":%d,"isReRun":true,"reRunType":"USER_PICKED",`+
		`"testCaseResultRequests":[{"id":%d,"iterationReRunType":"FAILED"}]}`, first, dd)
	triggerRun(t, s, body)
}

// RerunIgnoresBodyTarget (a guess, row 38): the re-run body's build and environment are
// not applied; the re-run shows the plan's own (none).
func TestManualRerunIgnoresBodyTarget(t *testing.T) {
	s, clk := newTestServer(t, Options{RerunIgnoresBodyTarget: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", Cases: rerunCases})
	first := triggerRun(t, s, `{"executionId":1,"buildNo":"b1","environmentId":4}`)
	clk.Advance(time.Second)
	body := strings.Replace(rerunBody(first, "ONLY_FAILED_TESTS"), "{", `{"buildNo":"b1","environmentId":4,`, 1)
	st, _ := s.Run(triggerRun(t, s, body))
	if st.BuildNo != "" || st.EnvironmentID != nil || st.Rerun == nil || st.Rerun.BuildNo == nil {
		t.Errorf("re-run: %+v (its body: %+v)", st, st.Rerun)
	}
}
