package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// planRunModel is testsigma_plan_run: the inputs that decide what runs (runIdentity and the
// rest), the wait settings, and the outcome (runResultModel).
type planRunModel struct {
	runInputs
	waitSettings
	RuntimeDataWO   types.Map      `tfsdk:"runtime_data_wo"` // always null here: see triggerRequest
	RuntimeDataWOV  types.Int64    `tfsdk:"runtime_data_wo_version"`
	Triggers        types.Map      `tfsdk:"triggers"`
	WaitForCompl    types.Bool     `tfsdk:"wait_for_completion"`
	OnFailure       types.String   `tfsdk:"on_failure"`
	OnTimeout       types.String   `tfsdk:"on_timeout"`
	StopOnDestroy   types.Bool     `tfsdk:"stop_on_destroy"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
	ExpectedSeconds types.Int64    `tfsdk:"expected_duration_seconds"`
	RerunIDs        types.List     `tfsdk:"rerun_ids"`
	runResultModel
}

const (
	onError   = "error"
	onWarning = "warning"
)

// triggerRequest is what to start. The write-only runtime data is never in the plan or the
// model, only in the configuration, so the caller reads it from there and hands it in.
func (m *planRunModel) triggerRequest(ctx context.Context, runtimeDataWO types.Map) (testsigma.TriggerRequest, diag.Diagnostics) {
	return m.runInputs.triggerRequest(ctx, runtimeDataWO)
}

// policy maps the wait settings onto the engine, as the action does.
func (m *planRunModel) policy(ctx context.Context) testsigma.Policy {
	return m.waitSettings.policy(ctx, logEvents(ctx))
}

// record puts an Outcome into the model, through the one mapper; rerun_ids are the attempts
// after the first, which stays the resource's identity.
func (m *planRunModel) record(o testsigma.Outcome) diag.Diagnostics {
	diags := m.fromOutcome(o)
	m.RerunIDs = rerunIDs(o.Runs)
	return diags
}

// attempts are the run and its re-runs as state records them (ids only), first to last.
func (m *planRunModel) attempts(diags *diag.Diagnostics) ([]testsigma.Run, bool) {
	id, ok := parseRunID(m.ID.ValueString(), path.Root("id"), diags)
	if !ok {
		return nil, false
	}
	runs := []testsigma.Run{{ID: id, TestPlanID: m.TestPlanID.ValueInt64()}}
	var reruns []string
	if !m.RerunIDs.IsNull() && !m.RerunIDs.IsUnknown() {
		diags.Append(m.RerunIDs.ElementsAs(context.Background(), &reruns, false)...)
	}
	for i, raw := range reruns {
		rid, ok := parseRunID(raw, path.Root("rerun_ids").AtListIndex(i), diags)
		if !ok {
			return nil, false
		}
		runs = append(runs, testsigma.Run{ID: rid, TestPlanID: m.TestPlanID.ValueInt64()})
	}
	return runs, true
}

func rerunIDs(runs []testsigma.Run) types.List {
	ids := []attr.Value{}
	for _, r := range runs[min(1, len(runs)):] {
		ids = append(ids, types.StringValue(strconv.FormatInt(r.ID, 10)))
	}
	return types.ListValueMust(types.StringType, ids)
}

// expectedSeconds is expected_duration_seconds for an expectation (0 = none known).
func expectedSeconds(d time.Duration) types.Int64 {
	if d <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(d.Round(time.Second).Seconds()))
}

func (m *planRunModel) warnOnFailure() bool { return m.OnFailure.ValueString() == onWarning }
func (m *planRunModel) warnOnTimeout() bool { return m.OnTimeout.ValueString() == onWarning }
