package emulator

import (
	"testing"
	"time"
)

// legacyListing is the listing the emulator served before it followed the docs: every
// guess of E21/E22 at once.
var legacyListing = Options{RichRunsListing: true, HonourRunsSort: true, SpringRunsPage: true}

// The guessed listing (E21, E22): rich items, newest first on sort=id,desc, a Spring page.
func TestRunsListingGuessed(t *testing.T) {
	s, clk := newTestServer(t, legacyListing)
	SeedDemo(s)
	a := triggerRun(t, s, `{"executionId":1001,"buildNo":"b-1","environmentId":21,"executionConfig":{"name":"Chrome smoke"}}`)
	clk.Advance(time.Second)
	other := triggerRun(t, s, `{"executionId":1002}`)
	b := s.StartRun(1001)
	for _, v := range []string{"v1", "v2"} {
		path := "/api/" + v + "/test_runs?sort=id,desc&query=testPlanId:1001"
		m, items := listPage(t, s, path)
		wantFields(t, m, "totalElements", 2, "number", 0)
		if len(items) != 2 || items[0]["id"] != float64(b) || items[1]["id"] != float64(a) {
			t.Fatalf("%s: newest first: %v", v, items)
		}
		wantFields(t, items[0], "triggeredType", "SCHEDULED", "testPlanId", 1001, "status", "STATUS_CREATED",
			"result", "QUEUED", "executionConfig", nil, "reRunParentId", nil, "endTime", nil)
		wantFields(t, items[1], "triggeredType", "API", "buildNo", "b-1", "environmentId", 21,
			"startTime", "2024-05-29T07:29:19Z", "status", "STATUS_IN_PROGRESS")
		if cfg, _ := items[1]["executionConfig"].(map[string]any); cfg["id"] != float64(11) || cfg["name"] != "Chrome smoke" {
			t.Errorf("executionConfig = %v", items[1]["executionConfig"])
		}
	}
	if _, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1002"); len(items) != 1 || items[0]["id"] != float64(other) {
		t.Errorf("plan 1002: %v", items)
	}
	m, items := listPage(t, s, "/api/v2/test_runs?sort=id,desc&size=2&page=1")
	if m["totalElements"] != float64(3) || len(items) != 1 || items[0]["id"] != float64(a) {
		t.Errorf("paging: %v %v", m, items)
	}
	clk.Advance(time.Hour)
	_, items = listPage(t, s, "/api/v2/test_runs?sort=id,desc&query=testPlanId:1001,status:STATUS_COMPLETED")
	wantFields(t, items[1], "endTime", "2024-05-29T07:29:23Z", "duration", 4000, "result", "SUCCESS")
}

// A trigger whose answer was lost leaves a run the listing finds.
func TestRunsListingFindsAmbiguousTrigger(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Minute})
	s.Fault(postRoute, After(504).Once())
	if r := call(t, s, "POST", "/api/v1/execution_results", `{"executionId":1,"buildNo":"ci-7"}`); r.status != 504 {
		t.Fatalf("%d", r.status)
	}
	_, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1")
	if len(items) != 1 || items[0]["buildNo"] != "ci-7" || items[0]["id"] != float64(firstRunID) {
		t.Errorf("items = %v", items)
	}
}

func TestRunsListingAbsent(t *testing.T) {
	s, _ := newTestServer(t, Options{NoRunsListV2: true})
	if r := call(t, s, "GET", "/api/v2/test_runs?query=testPlanId:1", ""); r.status != 404 || decode(t, r)["error"] == nil {
		t.Errorf("v2 absent: %d %s", r.status, r.body)
	}
	listPage(t, s, "/api/v1/test_runs?query=testPlanId:1")
	both, _ := newTestServer(t, Options{NoRunsListV1: true, NoRunsListV2: true})
	if r := call(t, both, "GET", "/api/v1/test_runs", ""); r.status != 404 {
		t.Errorf("v1 absent: %d", r.status)
	}
	if r := call(t, both, "GET", "/api/v2/test_runs", "", "Authorization", "Bearer nope"); r.status != 401 {
		t.Errorf("v2 still needs the key: %d", r.status)
	}
}
