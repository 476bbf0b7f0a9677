package testsigma

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"
)

// RunSummary is one item of the documented runs listing (spec 8.2: the v2 run object):
// id, testPlanId, buildNo, result, startTime, endTime, duration, executor, triggeredType
// and metrics, and nothing else. It has no status: a run without an end time is still
// going, or the listing does not say.
type RunSummary struct {
	ID            int64
	TestPlanID    int64
	BuildNumber   string
	Result        string // normalised; "" when null
	StartedAt     *time.Time
	FinishedAt    *time.Time
	Duration      *time.Duration
	Executor      string
	TriggeredType string
	Counts        Counts
}

type wireRunSummary struct {
	ID            flexInt    `json:"id"`
	TestPlanID    flexInt    `json:"testPlanId"`
	BuildNo       flexString `json:"buildNo"`
	Result        *string    `json:"result"`
	StartTime     flexTime   `json:"startTime"`
	EndTime       flexTime   `json:"endTime"`
	Duration      flexInt    `json:"duration"`
	Executor      flexString `json:"executor"`
	TriggeredType flexString `json:"triggeredType"`
	Metrics       *struct {
		Total       flexInt `json:"totalCount"`
		Passed      flexInt `json:"passedCount"`
		Failed      flexInt `json:"failedCount"`
		Aborted     flexInt `json:"abortedCount"`
		Stopped     flexInt `json:"stoppedCount"`
		NotExecuted flexInt `json:"notExecutedCount"`
		Queued      flexInt `json:"queuedCount"`
	} `json:"metrics"`
}

func (w wireRunSummary) summary() RunSummary {
	s := RunSummary{
		ID: w.ID.Value, TestPlanID: w.TestPlanID.Value, BuildNumber: string(w.BuildNo),
		StartedAt: w.StartTime.ptr(), FinishedAt: w.EndTime.ptr(),
		Executor: string(w.Executor), TriggeredType: string(w.TriggeredType),
	}
	if w.Result != nil {
		s.Result = NormalizeResult(*w.Result)
	}
	if w.Duration.Valid {
		d := time.Duration(w.Duration.Value) * time.Millisecond
		s.Duration = &d
	}
	if m := w.Metrics; m != nil {
		s.Counts = Counts{Total: m.Total.ptr(), Passed: m.Passed.ptr(), Failed: m.Failed.ptr(), Aborted: m.Aborted.ptr(),
			Stopped: m.Stopped.ptr(), NotExecuted: m.NotExecuted.ptr(), Queued: m.Queued.ptr()}
	}
	return s
}

// runsPage is a page of the listing in the documented shape ({content, page, pageSize,
// isLast, totalElements}) or Spring's ({content, number, last, totalPages}).
type runsPage struct {
	Content       []wireRunSummary `json:"content"`
	IsLast        *bool            `json:"isLast"`
	Last          *bool            `json:"last"`
	TotalElements flexInt          `json:"totalElements"`
	TotalPages    flexInt          `json:"totalPages"`
}

// final: this page (0-based) is the last, by whichever key the server sends; seen counts
// the items read so far, this page's included. A page that says nothing ends only empty.
func (p runsPage) final(page, seen int) bool {
	switch {
	case len(p.Content) == 0:
		return true
	case p.IsLast != nil:
		return *p.IsLast
	case p.Last != nil:
		return *p.Last
	case p.TotalPages.Valid:
		return int64(page)+1 >= p.TotalPages.Value
	case p.TotalElements.Valid:
		return int64(seen) >= p.TotalElements.Value
	}
	return false
}

// ListPlanRuns is every run of a test plan the documented listing shows, newest (highest
// id) first. The listing promises no order and this asks for none (no `sort`): the walk
// reads every page, at most maxListPages, and sorts here. complete is false when it stopped
// at that bound. Items of another plan (a server that ignores the query) are dropped.
func (c *Client) ListPlanRuns(ctx context.Context, testPlanID int64) (runs []RunSummary, complete bool, err error) {
	seen := map[int64]bool{}
	read := 0
	for page := range maxListPages {
		q := url.Values{"query": {fmt.Sprintf("testPlanId:%d", testPlanID)}, "page": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(listPageSize)}}
		var p runsPage
		if err := c.do(ctx, call{method: http.MethodGet, path: "/api/v2/test_runs?" + q.Encode(), retry: retryIdempotent, out: &p}); err != nil {
			return nil, false, err
		}
		read += len(p.Content)
		for _, w := range p.Content {
			s := w.summary()
			// An item that moved to the next page while the walk went on is counted once.
			if s.ID <= 0 || seen[s.ID] || s.TestPlanID != 0 && s.TestPlanID != testPlanID {
				continue
			}
			seen[s.ID] = true
			runs = append(runs, s)
		}
		if p.final(page, read) {
			complete = true
			break
		}
	}
	slices.SortFunc(runs, func(a, b RunSummary) int { return cmp.Compare(b.ID, a.ID) })
	return runs, complete, nil
}
