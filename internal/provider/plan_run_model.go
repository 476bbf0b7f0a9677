package provider

import (
	"context"
	"reflect"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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

// policy maps the wait settings and the run's target onto the engine, as the action does.
func (m *planRunModel) policy(ctx context.Context) testsigma.Policy {
	return m.followPolicy(ctx, m.waitSettings, logEvents(ctx))
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

// attributeStore is a state or a list result's resource: what applyDefaults fills.
type attributeStore interface {
	GetAttribute(ctx context.Context, p path.Path, target any) diag.Diagnostics
	SetAttribute(ctx context.Context, p path.Path, val any) diag.Diagnostics
}

// applyDefaults gives every attribute an import left null its schema default, so that a
// configuration matching the run plans no change and no default is written a second time.
func (r *planRunResource) applyDefaults(ctx context.Context, state attributeStore, diags *diag.Diagnostics) {
	var s resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &s)
	for name, a := range s.Schema.Attributes {
		p := path.Root(name)
		switch a := a.(type) {
		case schema.BoolAttribute:
			var cur types.Bool
			if a.Default == nil {
				continue
			}
			if diags.Append(state.GetAttribute(ctx, p, &cur)...); cur.IsNull() {
				var out defaults.BoolResponse
				a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: p}, &out)
				diags.Append(state.SetAttribute(ctx, p, out.PlanValue)...)
			}
		case schema.StringAttribute:
			var cur types.String
			if a.Default == nil {
				continue
			}
			if diags.Append(state.GetAttribute(ctx, p, &cur)...); cur.IsNull() {
				var out defaults.StringResponse
				a.Default.DefaultString(ctx, defaults.StringRequest{Path: p}, &out)
				diags.Append(state.SetAttribute(ctx, p, out.PlanValue)...)
			}
		case schema.Int64Attribute:
			var cur types.Int64
			if a.Default == nil {
				continue
			}
			if diags.Append(state.GetAttribute(ctx, p, &cur)...); cur.IsNull() {
				var out defaults.Int64Response
				a.Default.DefaultInt64(ctx, defaults.Int64Request{Path: p}, &out)
				diags.Append(state.SetAttribute(ctx, p, out.PlanValue)...)
			}
		case schema.SetAttribute:
			var cur types.Set
			if a.Default == nil {
				continue
			}
			if diags.Append(state.GetAttribute(ctx, p, &cur)...); cur.IsNull() {
				var out defaults.SetResponse
				a.Default.DefaultSet(ctx, defaults.SetRequest{Path: p}, &out)
				diags.Append(state.SetAttribute(ctx, p, out.PlanValue)...)
			}
		}
	}
}

// planOutcomeUnknown marks what a resumed wait will learn as unknown, so the plan shows an
// in-place update, and the apply runs it. The wait may start re-runs, and the deciding
// attempt then gives every outcome attribute (started_at too), so the list is derived from
// the outcome model rather than written out, and cannot miss one added later.
func planOutcomeUnknown(ctx context.Context, plan *tfsdk.Plan) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, name := range outcomeAttributes() {
		p := path.Root(name)
		typ, d := plan.Schema.TypeAtPath(ctx, p)
		if diags.Append(d...); d.HasError() {
			continue
		}
		v, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(typ.TerraformType(ctx), tftypes.UnknownValue))
		if err != nil {
			diags.Append(resumePlanDiag(p, err))
			continue
		}
		diags.Append(plan.SetAttribute(ctx, p, v)...)
	}
	return diags
}

// outcomeAttributes are the attributes a wait decides: every one of the outcome model
// (runResultModel) but the first attempt's identity and page, which a wait never changes,
// and the re-runs it made.
func outcomeAttributes() []string {
	names := []string{"rerun_ids"}
	t := reflect.TypeFor[runResultModel]()
	for i := range t.NumField() {
		if name := t.Field(i).Tag.Get("tfsdk"); name != "id" && name != "app_url" {
			names = append(names, name)
		}
	}
	return names
}
