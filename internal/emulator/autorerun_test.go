package emulator

import (
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

func autoServer(t *testing.T, p Plan) (*Server, *simclock.Clock, int64) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(p)
	return s, clk, triggerRun(t, s, `{"executionId":1}`)
}

func TestAutoRerunPassesOnFirstRerun(t *testing.T) {
	s, clk, parent := autoServer(t, Plan{ID: 1, Name: "P", Queued: 2 * time.Second, Running: 10 * time.Second,
		Result: "FAILURE", ReRunType: "ONLY_FAILED_TESTS", Cases: rerunCases[:2]})
	m := getRun(t, s, parent)
	wantFields(t, m, "isReRunEnabled", true, "consolidatedStatus", "STATUS_CREATED", "childResult", nil)
	if p := m["execution"].(map[string]any); p["reRunType"] != "ONLY_FAILED_TESTS" {
		t.Errorf("plan reRunType = %v", p["reRunType"])
	}
	clk.Advance(12 * time.Second)
	m = getRun(t, s, parent)
	child, _ := m["childResult"].(map[string]any)
	wantFields(t, m, "status", "STATUS_COMPLETED", "result", "FAILURE", "consolidatedStatus", "STATUS_CREATED",
		"consolidatedResult", "QUEUED", "consolidatedDuration", nil)
	wantFields(t, child, "status", "STATUS_CREATED", "triggeredType", "MANUAL", "reRunParentId", parent,
		"reRunType", "ONLY_FAILED_TESTS", "startTime", m["endTime"])
	childID := int64(child["id"].(float64))
	clk.Advance(11 * time.Second)
	wantFields(t, getRun(t, s, parent), "consolidatedStatus", "STATUS_IN_PROGRESS")
	clk.Advance(time.Second)
	m = getRun(t, s, parent)
	wantFields(t, m, "consolidatedStatus", "STATUS_COMPLETED", "consolidatedResult", "SUCCESS",
		"latestResult", "SUCCESS", "consolidatedDuration", 24000, "consolidatedPlanPassedCount", 2)
	wantFields(t, m["childResult"].(map[string]any), "id", childID, "result", "SUCCESS", "childResult", nil)
	wantFields(t, getRun(t, s, childID), "totalCount", 1, "passedCount", 1, "reRunParentId", parent)
	if len(s.Runs()) != 2 {
		t.Errorf("a passing re-run must not re-run: %d runs", len(s.Runs()))
	}
}

// Plan.AutoReruns 2 is a contradicted behaviour (E14: the OSS re-runs by itself only a
// run whose reRunParentId is null), kept for a client that must not stop at one level.
func TestAutoRerunsChainAndFailAgain(t *testing.T) {
	s, clk, parent := autoServer(t, Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE",
		AutoReruns: 2, Cases: rerunCases})
	clk.Advance(time.Hour) // all three attempts are over; nobody looked in between
	m := getRun(t, s, parent)
	c1 := m["childResult"].(map[string]any)
	c2 := c1["childResult"].(map[string]any)
	wantFields(t, c1, "id", parent+1, "result", "FAILURE", "totalCount", 2, "reRunType", "ONLY_FAILED_TESTS")
	wantFields(t, c2, "id", parent+2, "result", "FAILURE", "totalCount", 1, "reRunParentId", parent+1, "childResult", nil)
	wantFields(t, m, "consolidatedStatus", "STATUS_COMPLETED", "consolidatedResult", "FAILURE",
		"consolidatedDuration", 3000, "consolidatedPlanFailedCount", 1, "consolidatedPlanPassedCount", 2)
	if len(s.Runs()) != 3 {
		t.Errorf("runs = %d, want the first and two re-runs", len(s.Runs()))
	}
	// A run started after the re-runs gets a later id, as it started later.
	if id := triggerRun(t, s, `{"executionId":1}`); id != parent+3 {
		t.Errorf("next id = %d", id)
	}
}

func TestAutoRerunFollowsPolls(t *testing.T) {
	s, _, parent := autoServer(t, Plan{ID: 1, Name: "P", RunningPolls: 1, Result: "FAILURE",
		ReRunType: "ALL_TESTS", Cases: rerunCases[:1]})
	var got []string
	for range 4 {
		m := getRun(t, s, parent)
		got = append(got, m["consolidatedStatus"].(string))
	}
	want := []string{"STATUS_IN_PROGRESS", "STATUS_IN_PROGRESS", "STATUS_COMPLETED", "STATUS_COMPLETED"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("consolidatedStatus by poll = %v", got)
		}
	}
	wantFields(t, getRun(t, s, parent), "consolidatedResult", "SUCCESS")
}

func TestNoAutoRerunAfterPassStopOrWithoutSetting(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "Green", Result: "SUCCESS", ReRunType: "ONLY_FAILED_TESTS"})
	s.AddPlan(Plan{ID: 2, Name: "Stopped", Running: time.Hour, Result: "FAILURE", AutoReruns: 1})
	s.AddPlan(Plan{ID: 3, Name: "Plain", Result: "FAILURE", Cases: rerunCases})
	triggerRun(t, s, `{"executionId":1}`)
	stopped := triggerRun(t, s, `{"executionId":2}`)
	call(t, s, "PUT", "/api/v1/execution_results/"+itoa(stopped), `{"result":"STOPPED"}`)
	plain := triggerRun(t, s, `{"executionId":3}`)
	clk.Advance(time.Hour)
	if n := len(s.Runs()); n != 3 {
		t.Errorf("runs = %d", n)
	}
	m := getRun(t, s, plain)
	// A plain run rolls up to itself (runs/executing-tests-in-private-grid.md, E15).
	wantFields(t, m, "consolidatedResult", "FAILURE", "consolidatedStatus", "STATUS_COMPLETED",
		"latestResult", "FAILURE", "resultType", "ORIGINAL", "isReRunEnabled", false)
	wantFields(t, getRun(t, s, stopped), "consolidatedResult", "STOPPED", "consolidatedStatus", "STATUS_COMPLETED")
}

// The OSS re-runs by itself only a run whose reRunParentId is null (TestPlanResultService
// isReRunEligible, E14), with triggeredType MANUAL (E13): a failed automatic re-run is
// not re-run again, and neither is a manual re-run.
func TestAutoRerunOneLevel(t *testing.T) {
	s, clk, parent := autoServer(t, Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE",
		ReRunType: "ONLY_FAILED_TESTS", Cases: rerunCases})
	clk.Advance(time.Hour)
	m := getRun(t, s, parent)
	child := m["childResult"].(map[string]any)
	wantFields(t, child, "triggeredType", "MANUAL", "result", "FAILURE", "childResult", nil)
	childID := int64(child["id"].(float64))
	manual := triggerRun(t, s, rerunBody(childID, "ONLY_FAILED_TESTS"))
	clk.Advance(time.Hour)
	if st, _ := s.Run(manual); st.Result != "FAILURE" || st.ReRunID != 0 || len(s.Runs()) != 3 {
		t.Errorf("a failed manual re-run is not re-run: %+v, %d runs", st, len(s.Runs()))
	}
}

// AutoRerunDelay (a guess, rows 28/29, E17): until the delay has passed the parent reads
// COMPLETED/FAILURE with childResult null and completed roll-ups; then the child appears,
// started at the parent's end plus the delay.
func TestAutoRerunDelay(t *testing.T) {
	s, clk := newTestServer(t, Options{AutoRerunDelay: 20 * time.Second})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: time.Second, Result: "FAILURE", ReRunType: "ONLY_FAILED_TESTS", Cases: rerunCases})
	parent := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(20 * time.Second)
	wantFields(t, getRun(t, s, parent), "status", "STATUS_COMPLETED", "result", "FAILURE", "childResult", nil,
		"isReRunEnabled", true, "consolidatedStatus", "STATUS_COMPLETED", "consolidatedResult", "FAILURE")
	clk.Advance(time.Second)
	m := getRun(t, s, parent)
	wantFields(t, m, "consolidatedStatus", "STATUS_IN_PROGRESS")
	wantFields(t, m["childResult"].(map[string]any), "startTime", float64(m["endTime"].(float64)+20000))
}

// RollupsStayAtCreation: a plain run's roll-ups keep their creation values after it
// completes by its own status and result; a re-run family's roll-ups are untouched.
func TestRollupsStayAtCreation(t *testing.T) {
	s, clk := newTestServer(t, Options{RollupsStayAtCreation: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: 10 * time.Second, Result: "SUCCESS"})
	id := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(11 * time.Second)
	wantFields(t, getRun(t, s, id), "status", "STATUS_COMPLETED", "result", "SUCCESS",
		"consolidatedStatus", "STATUS_CREATED", "consolidatedResult", "QUEUED")
}
