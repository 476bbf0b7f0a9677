package testsigma

import "context"

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

// TestPlan reads one test plan by id, through the listing (query=id:<id>, then the walk;
// see narrowThenWalk): GET /test_plans/{id} is in no public source (spec 2.7, 8.1 rule 8).
// A plan the listing does not have is a notFoundError.
func (c *Client) TestPlan(ctx context.Context, id int64) (TestPlan, error) {
	l, err := narrowThenWalk(ctx, c, "/test_plans", "id:"+itoa(id), func(items []wireTestPlan, complete bool) Lookup[TestPlan] {
		found := Lookup[TestPlan]{Complete: complete}
		for _, w := range items {
			if w.ID.Valid && w.ID.Value == id {
				found.Matches = append(found.Matches, w.plan())
				break
			}
		}
		return found
	})
	if err != nil {
		return TestPlan{}, err
	}
	if len(l.Matches) == 0 {
		return TestPlan{}, &notFoundError{What: "test plan", ID: id, Complete: l.Complete}
	}
	return l.Matches[0], nil
}
