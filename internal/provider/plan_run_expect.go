package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// durationMemory remembers, for the life of one provider process, how long the last run of
// each test plan took. A replacement run (triggers changed, or a failed run re-run) destroys
// the old instance before creating the new one in the same apply, so Delete records the old
// duration and Create reads it as its expectation. The plan cannot carry it: Terraform plans
// the create half of a replacement again at apply time without the prior state. Runs that
// finish record theirs too, so in a fan-out over one plan the first to finish tells the
// others, still waiting, when to look.
type durationMemory struct {
	mu     sync.Mutex
	byPlan map[int64]*learned
}

type learned struct {
	seconds int64
	changed chan struct{} // closed, and replaced, whenever seconds changes
}

func (m *durationMemory) entry(testPlanID int64) *learned {
	if m.byPlan == nil {
		m.byPlan = map[int64]*learned{}
	}
	e, ok := m.byPlan[testPlanID]
	if !ok {
		e = &learned{changed: make(chan struct{})}
		m.byPlan[testPlanID] = e
	}
	return e
}

func (m *durationMemory) remember(testPlanID, seconds int64) {
	if seconds <= 0 {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entry(testPlanID)
	if e.seconds == seconds {
		return
	}
	e.seconds = seconds
	close(e.changed)
	e.changed = make(chan struct{})
}

// recall is the last duration of the plan (0 if none) and a channel closed when it changes.
func (m *durationMemory) recall(testPlanID int64) (int64, <-chan struct{}) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e := m.entry(testPlanID)
	return e.seconds, e.changed
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
	if secs, _ := r.data.durations.recall(plan.TestPlanID.ValueInt64()); secs > 0 {
		return types.Int64Value(secs)
	}
	return types.Int64Null()
}

// waitPolicy is the plan's wait settings plus the expectation: a hint is fixed; otherwise the
// engine asks the memory before each poll, so it learns from runs finishing meanwhile.
func (r *planRunResource) waitPolicy(ctx context.Context, plan planRunModel) testsigma.WaitPolicy {
	p := plan.waitPolicy(ctx)
	if parseGoDuration(plan.ExpectedHint) > 0 {
		return p
	}
	testPlanID := plan.TestPlanID.ValueInt64()
	p.Expect = func() (time.Duration, <-chan struct{}) {
		secs, changed := r.data.durations.recall(testPlanID)
		return time.Duration(secs) * time.Second, changed
	}
	return p
}
