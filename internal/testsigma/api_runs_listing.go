package testsigma

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// RunSummary is an item of a plan's runs listing: the documented v2 run object (spec 2.12),
// which has no status, environment, saved config or re-run fields. What it lacks is
// unknown, never "different": a decision that needs those reads the run itself (GetRun).
type RunSummary struct {
	ID            int64
	TestPlanID    int64 // 0 when the item did not say
	BuildNumber   string
	Result        string // normalised; "" when null (also while the run goes)
	TriggeredType string // API, MANUAL, SCHEDULED; "" when the item did not say
	Executor      string
	StartedAt     *time.Time
	FinishedAt    *time.Time
	Duration      *time.Duration
	Counts        Counts // from the item's metrics; nil where they are null or absent
}

type wireRunItem struct {
	ID            flexInt        `json:"id"`
	TestPlanID    flexInt        `json:"testPlanId"`
	BuildNo       flexString     `json:"buildNo"`
	Result        flexString     `json:"result"`
	StartTime     flexTime       `json:"startTime"`
	EndTime       flexTime       `json:"endTime"`
	Duration      flexInt        `json:"duration"`
	Executor      flexString     `json:"executor"`
	TriggeredType flexString     `json:"triggeredType"`
	Metrics       *wireV2Metrics `json:"metrics"`
}

func (w wireRunItem) summary() RunSummary {
	s := RunSummary{
		ID: w.ID.Value, TestPlanID: w.TestPlanID.Value, BuildNumber: safeText(string(w.BuildNo), maxNameChars),
		Result: NormalizeResult(string(w.Result)), TriggeredType: strings.ToUpper(strings.TrimSpace(string(w.TriggeredType))),
		Executor: string(w.Executor), StartedAt: w.StartTime.ptr(), FinishedAt: w.EndTime.ptr(),
	}
	if w.Duration.Valid {
		d := time.Duration(w.Duration.Value) * time.Millisecond
		s.Duration = &d
	}
	s.Counts = w.Metrics.counts()
	return s
}

// runListings are where a plan's runs are listed: the v2 results API (documented once,
// spec 6.15), then v1, which later revisions of the same page name.
var runListings = []string{"/api/v2/test_runs", "/test_runs"}

// planRuns lists the runs of a test plan, walked to the listing's documented end (at most
// maxListPages pages), in no promised order: the listing documents none. With above > 0 the
// server is asked for newer runs only (`id>above`, a documented operator); a server that
// refuses that narrowing is asked again without it, and the id is compared here either way.
// complete is false when the walk stopped at its bound, so a run may exist that was not seen.
func (c *Client) planRuns(ctx context.Context, testPlanID, above int64) (runs []RunSummary, complete bool, err error) {
	queries := []string{fmt.Sprintf("testPlanId:%d", testPlanID)}
	if above > 0 {
		queries = append([]string{fmt.Sprintf("testPlanId:%d,id>%d", testPlanID, above)}, queries...)
	}
	for _, path := range runListings {
		for _, q := range queries {
			var items []wireRunItem
			items, complete, err = walk[wireRunItem](ctx, c, path, url.Values{"query": {q}})
			if err == nil {
				return keepRuns(items, testPlanID, above), complete, nil
			}
			if IsUnauthorized(err) || ctx.Err() != nil {
				return nil, false, err
			}
		}
	}
	return nil, false, err
}

// ListPlanRuns is planRuns of every run, newest (highest id) first: the order is made
// here, since the listing promises none.
func (c *Client) ListPlanRuns(ctx context.Context, testPlanID int64) ([]RunSummary, bool, error) {
	runs, complete, err := c.planRuns(ctx, testPlanID, 0)
	slices.SortFunc(runs, func(a, b RunSummary) int { return cmp.Compare(b.ID, a.ID) })
	return runs, complete, err
}

// keepRuns drops what a server that ignores the query sends beside the plan's newer runs,
// and runs listed twice (a run that moved to the next page during the walk).
func keepRuns(items []wireRunItem, testPlanID, above int64) []RunSummary {
	seen := map[int64]bool{}
	var out []RunSummary
	for _, it := range items {
		r := it.summary()
		if !it.ID.Valid || seen[r.ID] || r.ID <= above || r.TestPlanID != 0 && r.TestPlanID != testPlanID {
			continue
		}
		seen[r.ID] = true
		out = append(out, r)
	}
	return out
}
