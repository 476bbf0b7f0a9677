package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// durationMemory remembers, for the life of one provider process, how long the last run of
// each test plan took. A replacement run (triggers changed, or a failed run re-run) destroys
// the old instance before creating the new one in the same apply, so Delete records the old
// duration and Create reads it as its expectation. The plan cannot carry it: Terraform plans
// the create half of a replacement again at apply time without the prior state.
type durationMemory struct{ byPlan sync.Map }

func (m *durationMemory) remember(testPlanID, seconds int64) {
	if seconds > 0 {
		m.byPlan.Store(testPlanID, seconds)
	}
}

func (m *durationMemory) recall(testPlanID int64) (int64, bool) {
	v, ok := m.byPlan.Load(testPlanID)
	if !ok {
		return 0, false
	}
	secs, ok := v.(int64)
	return secs, ok
}

// planExpectation makes expected_duration_seconds known at plan time when the user gave a
// hint; otherwise a new run learns it at apply time (see expectationFor).
func planExpectation(ctx context.Context, resp *resource.ModifyPlanResponse, plan planRunModel) diag.Diagnostics {
	if plan.ExpectedHint.IsUnknown() || parseGoDuration(plan.ExpectedHint) == 0 {
		return nil
	}
	return resp.Plan.SetAttribute(ctx, path.Root("expected_duration_seconds"), types.Int64Value(int64(parseGoDuration(plan.ExpectedHint).Seconds())))
}

// expectationFor is the expectation of a run about to be waited for: the user's hint wins,
// then the duration of the run this one replaced.
func (r *planRunResource) expectationFor(plan planRunModel) types.Int64 {
	if d := parseGoDuration(plan.ExpectedHint); d > 0 {
		return types.Int64Value(int64(d.Seconds()))
	}
	if secs, ok := r.data.durations.recall(plan.TestPlanID.ValueInt64()); ok {
		return types.Int64Value(secs)
	}
	return types.Int64Null()
}
