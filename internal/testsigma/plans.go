package testsigma

import (
	"context"
	"net/http"
)

// TestPlan is a test plan as GET /test_plans lists it (spec 2.7, 7.2). Only what a
// configuration may use or gate on is kept.
type TestPlan struct {
	ID                   int64
	Name                 string
	Description          string
	ApplicationVersionID *int64
	ReRunType            string // the plan's automatic re-run setting, e.g. NONE, ONLY_FAILED_TESTS
	ExecutionType        string // e.g. CROSS_BROWSER, CUSTOM
	ExecutionLabType     string // e.g. TestsigmaLab, Hybrid
	EnvironmentID        *int64 // the plan's own environment; nil when it has none
	LastRunID            *int64 // the plan's newest run; nil when it never ran
}

type wireTestPlan struct {
	ID                   flexInt    `json:"id"`
	Name                 flexString `json:"name"`
	Description          flexString `json:"description"`
	ApplicationVersionID flexInt    `json:"applicationVersionId"`
	ReRunType            flexString `json:"reRunType"`
	ExecutionType        flexString `json:"executionType"`
	ExecutionLabType     flexString `json:"executionLabType"`
	EnvironmentID        flexInt    `json:"environmentId"`
	LastRunID            flexInt    `json:"lastRunId"`
}

func (w wireTestPlan) plan() TestPlan {
	return TestPlan{
		ID: w.ID.Value, Name: string(w.Name), Description: string(w.Description),
		ApplicationVersionID: w.ApplicationVersionID.ptr(), ReRunType: string(w.ReRunType),
		ExecutionType: string(w.ExecutionType), ExecutionLabType: string(w.ExecutionLabType),
		EnvironmentID: w.EnvironmentID.ptr(), LastRunID: w.LastRunID.ptr(),
	}
}

func planKey(p TestPlan) (int64, string) { return p.ID, p.Name }

// TestPlans finds the test plans named exactly name (see findByName for how the listing is
// narrowed and walked).
func (c *Client) TestPlans(ctx context.Context, name string) (Lookup[TestPlan], error) {
	return findByName(ctx, c, "/test_plans", name, wireTestPlan.plan, planKey)
}

// TestPlan reads one test plan by id. The path is undocumented (spec 2.7) but answers
// like the other lookups by id: 404 when there is no such plan.
func (c *Client) TestPlan(ctx context.Context, id int64) (TestPlan, error) {
	var w wireTestPlan
	if err := c.do(ctx, call{method: http.MethodGet, path: "/test_plans/" + itoa(id), retry: retryIdempotent, out: &w}); err != nil {
		return TestPlan{}, err
	}
	p := w.plan()
	if !w.ID.Valid {
		p.ID = id // a body without its id still describes the plan asked for
	}
	return p, nil
}
