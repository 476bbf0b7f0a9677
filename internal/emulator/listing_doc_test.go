package emulator

import (
	"fmt"
	"testing"
	"time"
)

// ids are the ids of listing items, in order.
func ids(items []map[string]any) []int64 {
	out := make([]int64, len(items))
	for i, it := range items {
		out[i] = int64(it["id"].(float64))
	}
	return out
}

// The documented listing (api/test-results-at-all-levels.md, revision ad26c61e):
// GET /api/v2/test_runs?query=testPlanId:N&page=P, items the v2 run object, and
// "Pagination: { page, pageSize, isLast, totalElements }". No sort or size is documented,
// so it is oldest first whatever sort says and paged by pageSize, 20 when absent.
func TestDocumentedRunsListing(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Hour})
	var want []int64
	for i := 0; i < 23; i++ {
		want = append(want, triggerRun(t, s, `{"executionId":1,"environmentId":4}`))
	}
	m, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1&sort=id,desc&size=50")
	wantOnlyKeys(t, m, []string{"content", "page", "pageSize", "isLast", "totalElements"})
	wantFields(t, m, "page", 0, "pageSize", 20, "isLast", false, "totalElements", 23)
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint(want[:20]) {
		t.Errorf("page 0 = %v, want oldest first %v", got, want[:20])
	}
	wantOnlyKeys(t, items[0], v2RunKeys)
	m, items = listPage(t, s, "/api/v1/test_runs?query=testPlanId:1&page=1")
	wantFields(t, m, "page", 1, "isLast", true)
	if got := ids(items); fmt.Sprint(got) != fmt.Sprint(want[20:]) {
		t.Errorf("page 1 = %v", got)
	}
	if m, items = listPage(t, s, "/api/v2/test_runs?pageSize=5&page=4"); len(items) != 3 || m["isLast"] != true {
		t.Errorf("pageSize 5, page 4: %v %v", m, ids(items))
	}
}

// RichRunsListing and HonourRunsSort, guesses (E21, E22), bring today's items and order.
func TestRunsListingGuesses(t *testing.T) {
	s, _ := newTestServer(t, Options{RichRunsListing: true, HonourRunsSort: true})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Hour})
	a := triggerRun(t, s, `{"executionId":1,"environmentId":4}`)
	b := triggerRun(t, s, `{"executionId":1}`)
	_, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1&sort=id,desc&size=1")
	if len(items) != 1 || items[0]["id"] != float64(b) {
		t.Fatalf("newest first, size 1: %v", items)
	}
	wantFields(t, items[0], "status", "STATUS_CREATED", "environmentId", nil, "reRunParentId", nil)
	_, items = listPage(t, s, "/api/v2/test_runs?query=testPlanId:1")
	wantFields(t, items[0], "id", a, "environmentId", 4)
}

// ListingLag (a guess, row 47): a run shows in the listing only once the lag has passed,
// while GET /api/v1/execution_results/{id} knows it at once.
func TestRunsListingLag(t *testing.T) {
	s, clk := newTestServer(t, Options{ListingLag: 10 * time.Second})
	s.AddPlan(Plan{ID: 1, Name: "P", Queued: time.Hour})
	id := triggerRun(t, s, `{"executionId":1}`)
	getRun(t, s, id)
	clk.Advance(9 * time.Second)
	if m, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1"); len(items) != 0 || m["totalElements"] != float64(0) {
		t.Errorf("before the lag: %v", items)
	}
	clk.Advance(time.Second)
	if _, items := listPage(t, s, "/api/v2/test_runs?query=testPlanId:1"); len(items) != 1 {
		t.Errorf("after the lag: %v", items)
	}
}
