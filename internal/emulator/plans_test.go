package emulator

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

func listPage(t *testing.T, s *Server, path string) (map[string]any, []map[string]any) {
	t.Helper()
	r := call(t, s, "GET", path, "")
	if r.status != 200 {
		t.Fatalf("%s: %d %s", path, r.status, r.body)
	}
	m := decode(t, r)
	var items []map[string]any
	raw, _ := json.Marshal(m["content"])
	if err := json.Unmarshal(raw, &items); err != nil {
		t.Fatalf("content: %v", err)
	}
	return m, items
}

func names(items []map[string]any) []string {
	var out []string
	for _, it := range items {
		out = append(out, it["name"].(string))
	}
	return out
}

func manyPlans(t *testing.T, opts Options) (*Server, *simclock.Clock) {
	s, clk := newTestServer(t, opts)
	for i := range 12 {
		s.AddPlan(Plan{ID: int64(100 + i), Name: "Plan " + string(rune('A'+i)), Queued: time.Minute})
	}
	s.AddPlan(Plan{ID: 200, Name: "Checkout smoke", Description: "d", ApplicationVersionID: 52, ReRunType: "ONLY_FAILED_TESTS"})
	s.AddPlan(Plan{ID: 201, Name: "Checkout smoke (old)"})
	return s, clk
}

func TestPlansPage(t *testing.T) {
	s, _ := manyPlans(t, Options{})
	// Spring's default page is 20 items (E24).
	m, _ := listPage(t, s, "/api/v1/test_plans")
	wantFields(t, m, "totalElements", 14, "totalPages", 1, "size", 20, "last", true, "numberOfElements", 14)
	m, items := listPage(t, s, "/api/v1/test_plans?size=10")
	wantFields(t, m, "totalElements", 14, "totalPages", 2, "number", 0, "size", 10, "first", true,
		"last", false, "numberOfElements", 10, "empty", false)
	if items[0]["id"] != float64(100) || items[0]["lastRunId"] != nil || items[0]["reRunType"] != "NONE" {
		t.Errorf("first item = %v", items[0])
	}
	m, items = listPage(t, s, "/api/v1/test_plans?page=1&size=10")
	wantFields(t, m, "number", 1, "numberOfElements", 4, "first", false, "last", true)
	wantFields(t, items[2], "id", 200, "name", "Checkout smoke", "description", "d",
		"applicationVersionId", 52, "reRunType", "ONLY_FAILED_TESTS", "executionType", "CROSS_BROWSER")
	m, _ = listPage(t, s, "/api/v1/test_plans?page=9&size=5")
	wantFields(t, m, "number", 9, "size", 5, "numberOfElements", 0, "empty", true, "last", true, "totalPages", 3)
	m, _ = listPage(t, s, "/api/v1/test_plans?size=500&page=-3")
	wantFields(t, m, "size", 500, "number", 0, "numberOfElements", 14) // no cap of 50 (E24)
	capped, _ := manyPlans(t, Options{MaxPageSize: 4})
	m, _ = listPage(t, capped, "/api/v1/test_plans?size=20")
	wantFields(t, m, "size", 4, "totalPages", 4)
}

func TestPlansQueryByName(t *testing.T) {
	s, _ := manyPlans(t, Options{})
	q := "/api/v1/test_plans?query=" + url.QueryEscape("name:Checkout smoke")
	if _, items := listPage(t, s, q); len(items) != 1 || items[0]["id"] != float64(200) {
		t.Errorf("exact name: %v", names(items))
	}
	q = "/api/v1/test_plans?query=" + url.QueryEscape("name:Checkout smoke (old),flavour:x")
	if r := call(t, s, "GET", q, ""); r.status != 500 || decode(t, r)["error"] == nil {
		t.Errorf("an unknown key is a 500 in OSS (BaseSpecification.java, E23): %d %s", r.status, r.body)
	}
	lenient, _ := manyPlans(t, Options{LenientQuery: true})
	if _, items := listPage(t, lenient, q); len(items) != 1 || items[0]["id"] != float64(201) {
		t.Errorf("LenientQuery ignores unknown keys: %v", names(items))
	}
	if _, items := listPage(t, s, "/api/v1/test_plans?query=name:nothing"); len(items) != 0 {
		t.Errorf("no match: %v", names(items))
	}
	if _, items := listPage(t, s, "/api/v1/test_plans?query="+url.QueryEscape("name:*checkout*")); len(items) != 2 {
		t.Errorf("contains: %v", names(items))
	}
	if _, items := listPage(t, lenient, "/api/v1/test_plans?query="+url.QueryEscape("name~checkout")); len(items) != 2 {
		t.Errorf("LenientQuery like: %v", names(items))
	}
	ignoring, _ := manyPlans(t, Options{IgnoreQuery: true})
	if m, _ := listPage(t, ignoring, q); m["totalElements"] != float64(14) {
		t.Errorf("IgnoreQuery: %v", m["totalElements"])
	}
}

func TestPlansAsArray(t *testing.T) {
	s, _ := manyPlans(t, Options{PlansAsArray: true})
	var items []map[string]any
	if err := json.Unmarshal(call(t, s, "GET", "/api/v1/test_plans?size=5", "").body, &items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 14 {
		t.Errorf("array = %d items", len(items))
	}
	r := call(t, s, "GET", "/api/v1/test_plans?query=name:Plan%20B", "")
	if err := json.Unmarshal(r.body, &items); err != nil || len(items) != 1 {
		t.Errorf("array with query: %s", r.body)
	}
}

// GET /api/v1/test_plans/{id} is in no docs (E25): a 404 as an unknown route by default.
func TestPlanByIDAbsentByDefault(t *testing.T) {
	s, _ := manyPlans(t, Options{})
	r := call(t, s, "GET", "/api/v1/test_plans/200", "")
	if m := decode(t, r); r.status != 404 || m["error"] != "No handler found for GET /api/v1/test_plans/200" {
		t.Errorf("%d %s", r.status, r.body)
	}
}

func TestPlanByIDAndLastRunID(t *testing.T) {
	s, _ := manyPlans(t, Options{PlanByID: true})
	wantFields(t, decode(t, call(t, s, "GET", "/api/v1/test_plans/200", "")), "name", "Checkout smoke", "lastRunId", nil)
	a := triggerRun(t, s, `{"executionId":200}`)
	wantFields(t, decode(t, call(t, s, "GET", "/api/v1/test_plans/200", "")), "lastRunId", a)
	b := s.StartRun(200)
	_, items := listPage(t, s, "/api/v1/test_plans?query=id:200")
	wantFields(t, items[0], "lastRunId", b)
	r := call(t, s, "GET", "/api/v1/test_plans/999", "")
	if m := decode(t, r); r.status != 404 || m["code"] != "0" || m["error"] != "Resource not found for id: 999" {
		t.Errorf("unknown: %d %s", r.status, r.body)
	}
	if r = call(t, s, "GET", "/api/v1/test_plans/abc", ""); r.status != 400 {
		t.Errorf("bad id: %d", r.status)
	}
	if r = call(t, s, "GET", "/api/v1/test_plans", "", "Authorization", "Bearer nope"); r.status != 401 {
		t.Errorf("no auth: %d", r.status)
	}
}
