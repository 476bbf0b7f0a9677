package testsigma

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The documented listing pages with {page, pageSize, isLast, totalElements} and promises
// no order: the client walks every page and sorts by id itself. This answer (two pages,
// out of order, one run repeated across pages, one of another plan) is one the emulator
// does not give, as it answers Spring pages newest first.
func TestListPlanRuns_documentedPagesAnyOrder(t *testing.T) {
	pages := []string{
		`{"content":[` + item(812, 7, "FAILURE") + `,` + item(640, 7, "SUCCESS") + `],"page":0,"pageSize":2,"isLast":false,"totalElements":4}`,
		`{"content":[` + item(640, 7, "SUCCESS") + `,` + item(901, 7, "") + `,` + item(5, 8, "SUCCESS") + `],"page":1,"pageSize":2,"isLast":true,"totalElements":4}`,
	}
	var mu sync.Mutex
	var queries []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		n := len(queries) - 1
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(pages[min(n, len(pages)-1)]))
	}))
	t.Cleanup(srv.Close)
	runs, complete, err := newClient(t, srv.URL, Options{}).ListPlanRuns(t.Context(), 7)
	if err != nil {
		t.Fatal(err)
	}
	if !complete {
		t.Error("complete = false after the page that says isLast")
	}
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	if want := []int64{901, 812, 640}; !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v (newest first, each once, only plan 7)", ids, want)
	}
	if r := runs[1]; r.Result != ResultFailure || r.BuildNumber != "1.4.2" || r.Counts.Total == nil || *r.Counts.Total != 6 || r.FinishedAt == nil {
		t.Errorf("run 812 decoded as %+v", r)
	}
	if runs[0].Result != "" || runs[0].FinishedAt != nil {
		t.Errorf("run 901 (still going) decoded as %+v", runs[0])
	}
	if len(queries) != 2 {
		t.Fatalf("%d requests, want 2: %v", len(queries), queries)
	}
	for i, q := range queries {
		if !strings.Contains(q, "query=testPlanId%3A7") || !strings.Contains(q, "pageSize=") || !strings.Contains(q, "page="+string(rune('0'+i))) || strings.Contains(q, "sort") {
			t.Errorf("request %d asked %q: want query=testPlanId:7, page=%d, pageSize and no sort", i, q, i)
		}
	}
}

func item(id, plan int64, result string) string {
	res, end := `null`, `null`
	if result != "" {
		res, end = `"`+result+`"`, `"2026-11-30T10:05:00Z"`
	}
	return `{"id":` + itoa(id) + `,"testPlanId":` + itoa(plan) + `,"buildNo":"1.4.2","result":` + res +
		`,"startTime":"2026-11-30T10:00:00Z","endTime":` + end + `,"duration":300000,"executor":"redacted@example.com","triggeredType":"API",` +
		`"metrics":{"totalCount":6,"passedCount":4,"failedCount":2}}`
}

// Spring's page keys (last, totalPages) end the walk too: the emulator answers them.
func TestListPlanRuns_springPages(t *testing.T) {
	emu, c := emuClient(t, emulator.Plan{ID: 1001, Name: "Smoke"}, emulator.Plan{ID: 1002, Name: "Other"})
	var want []int64
	for range 12 { // more than the emulator's default page of 10
		want = append(want, emu.StartRun(1001))
	}
	emu.StartRun(1002)
	slices.Reverse(want)
	runs, complete, err := c.ListPlanRuns(t.Context(), 1001)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, r := range runs {
		ids = append(ids, r.ID)
	}
	if !complete || !slices.Equal(ids, want) {
		t.Errorf("ids = %v (complete %v), want %v", ids, complete, want)
	}
}
