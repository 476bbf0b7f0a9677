package emulator

import (
	"net/url"
	"testing"
	"time"
)

func TestSeedDemo(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	SeedDemo(s)
	m, _ := listPage(t, s, "/api/v1/test_plans?size=10")
	if m["totalPages"].(float64) < 2 {
		t.Errorf("the plan listing must take more than one page: %v", m)
	}
	for name, id := range map[string]int64{"Smoke - checkout": 1001, "Regression - payments": 1002,
		"Smoke - checkout (old)": 1003, "Smoke": 1013} {
		_, items := listPage(t, s, "/api/v1/test_plans?query="+url.QueryEscape("name:"+name))
		if len(items) != 1 || items[0]["id"] != float64(id) {
			t.Errorf("%q: %v", name, names(items))
		}
	}
	_, envs := listPage(t, s, "/api/v1/environments?query=name:Staging")
	if len(envs) != 1 {
		t.Fatalf("Staging: %v", envs)
	}
	encrypted := 0
	for _, v := range envs[0]["variables"].([]any) {
		if v.(map[string]any)["isEncrypted"] == true {
			encrypted++
		}
	}
	if encrypted != 1 {
		t.Errorf("Staging variables = %v", envs[0]["variables"])
	}

	// 1002 fails and says why; 1004 fails, re-runs itself and passes.
	failing := triggerRun(t, s, `{"executionId":1002}`)
	flaky := triggerRun(t, s, `{"executionId":1004}`)
	clk.Advance(time.Minute)
	wantFields(t, getRun(t, s, failing), "result", "FAILURE", "failedCount", 2)
	cs := caseResults(t, s, failing)
	_, steps := listPage(t, s, stepPath("v2", failing, int64(cs[1]["testCaseResultId"].(float64))))
	wantFields(t, steps[2], "action", "Click on Complete authentication", "result", "FAILURE")
	wantFields(t, getRun(t, s, flaky), "result", "FAILURE", "consolidatedStatus", "STATUS_COMPLETED",
		"consolidatedResult", "SUCCESS")
	if st, _ := s.Run(flaky); st.ReRunID == 0 {
		t.Errorf("1004 did not re-run: %+v", st)
	}
	prog := triggerRun(t, s, `{"executionId":1005}`)
	clk.Advance(20 * time.Second)
	if m := getRun(t, s, prog); m["passedCount"] == float64(0) || m["status"] != "STATUS_IN_PROGRESS" {
		t.Errorf("1005 half-way: %v", m)
	}
}
