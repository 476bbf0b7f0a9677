package emulator

import (
	"testing"
	"time"
)

// v2RunKeys is the documented v2 run object, api/test-results-at-all-levels.md:
// {id, testPlanId, buildNo, result, startTime, endTime, duration, executor,
// triggeredType, metrics{...}}, and nothing else.
var v2RunKeys = []string{"id", "testPlanId", "buildNo", "result", "startTime", "endTime",
	"duration", "executor", "triggeredType", "metrics"}

func wantOnlyKeys(t *testing.T, m map[string]any, keys []string) {
	t.Helper()
	want := map[string]bool{}
	for _, k := range keys {
		want[k] = true
		if _, ok := m[k]; !ok {
			t.Errorf("missing %q in %v", k, m)
		}
	}
	for k := range m {
		if !want[k] {
			t.Errorf("undocumented key %q in %v", k, m)
		}
	}
}

// GET /api/v2/test_runs/{id} (api/test-results-at-all-levels.md) answers the v2 run
// object with ISO times, `duration` in ms, and metrics whose counts move as the cases of
// a Progressive run finish and are complete at completion.
func TestV2RunByID(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Running: 4 * time.Second, Progressive: true, Seed: 3,
		Result: "FAILURE", NullCounts: true, Cases: demoCases})
	id := triggerRun(t, s, `{"executionId":1,"buildNo":"b-9"}`)
	get := func() (map[string]any, map[string]any) {
		r := call(t, s, "GET", "/api/v2/test_runs/"+itoa(id), "")
		if r.status != 200 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		m := decode(t, r)
		wantOnlyKeys(t, m, v2RunKeys)
		met, _ := m["metrics"].(map[string]any)
		return m, met
	}
	m, met := get()
	wantFields(t, m, "id", id, "testPlanId", 1, "buildNo", "b-9", "result", "QUEUED",
		"startTime", "2024-05-29T07:29:19Z", "endTime", nil, "duration", nil, "triggeredType", "API")
	wantFields(t, met, "testPlanResultId", id, "totalCount", 3, "queuedCount", 2, "runningCount", 1,
		"passedCount", 0, "consolidatedPlanTotalCount", 3)
	clk.Advance(4 * time.Second)
	m, met = get()
	wantFields(t, m, "result", "FAILURE", "endTime", "2024-05-29T07:29:23Z", "duration", 4000)
	wantFields(t, met, "totalCount", 3, "passedCount", 1, "failedCount", 1, "notExecutedCount", 1,
		"queuedCount", 0, "runningCount", 0, "result", "FAILURE", "latestResult", "FAILURE",
		"duration", 4000, "consolidatedDuration", 4000, "consolidatedPlanFailedCount", 1)
	if n := s.Count("GET", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("v1 polls = %d", n)
	}
	if r := call(t, s, "GET", "/api/v2/test_runs/999", ""); r.status != 404 || decode(t, r)["code"] != "0" {
		t.Errorf("unknown run: %d %s", r.status, r.body)
	}
}

// NullV2Metrics: every count of `metrics` is null, the rest of the object unchanged.
func TestV2RunNullMetrics(t *testing.T) {
	s, _ := newTestServer(t, Options{NullV2Metrics: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Result: "SUCCESS", Cases: demoCases[:1]})
	id := triggerRun(t, s, `{"executionId":1}`)
	m := decode(t, call(t, s, "GET", "/api/v2/test_runs/"+itoa(id), ""))
	wantFields(t, m, "result", "SUCCESS")
	met := m["metrics"].(map[string]any)
	for _, k := range []string{"totalCount", "passedCount", "failedCount", "queuedCount", "consolidatedPlanTotalCount"} {
		if v, ok := met[k]; !ok || v != nil {
			t.Errorf("metrics.%s = %v, want null", k, v)
		}
	}
}
