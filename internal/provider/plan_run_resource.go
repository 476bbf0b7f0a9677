package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var (
	_ resource.ResourceWithConfigure      = (*planRunResource)(nil)
	_ resource.ResourceWithImportState    = (*planRunResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*planRunResource)(nil)
	_ resource.ResourceWithValidateConfig = (*planRunResource)(nil)
)

// planRunResource is an event: creating it runs a test plan. Inputs that change what runs
// force a new run; wait settings change in place and never start one.
type planRunResource struct{ data *providerData }

// NewPlanRunResource is the factory for testsigma_plan_run.
func NewPlanRunResource() resource.Resource { return &planRunResource{} }

func (r *planRunResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plan_run"
}

func (r *planRunResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replaceInt := []planmodifier.Int64{int64planmodifier.RequiresReplace()}
	replaceStr := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	replaceMap := []planmodifier.Map{mapplanmodifier.RequiresReplace()}
	rules := runInputValidators()
	noNulls := rules.NoNulls
	attrs := map[string]schema.Attribute{
		"test_plan_id": schema.Int64Attribute{
			Required: true, PlanModifiers: replaceInt, Validators: rules.ID,
			MarkdownDescription: inputDocs["test_plan_id"] + changeStartsRun,
		},
		"saved_config_id": schema.Int64Attribute{
			Optional: true, PlanModifiers: replaceInt,
			Validators:          rules.SavedConfigID,
			MarkdownDescription: inputDocs["saved_config_id"] + changeStartsRun,
		},
		"saved_config_name": schema.StringAttribute{
			Optional: true, PlanModifiers: replaceStr, Validators: rules.SavedConfigName,
			MarkdownDescription: inputDocs["saved_config_name"] + changeStartsRun,
		},
		"environment_id": schema.Int64Attribute{
			Optional: true, PlanModifiers: replaceInt, Validators: rules.ID,
			MarkdownDescription: inputDocs["environment_id"] + changeStartsRun,
		},
		"build_number": schema.StringAttribute{
			Optional: true, PlanModifiers: replaceStr,
			MarkdownDescription: inputDocs["build_number"] + changeStartsRun,
		},
		"runtime_data": schema.MapAttribute{
			Optional: true, Sensitive: true, ElementType: types.StringType, PlanModifiers: replaceMap, Validators: noNulls,
			MarkdownDescription: "Runtime variables for the tests (`$|name|` in Testsigma). Sensitive: hidden in plan output, but Terraform stores it in state; put secrets in `runtime_data_wo` instead. Changing it starts a new run.",
		},
		"runtime_data_wo": schema.MapAttribute{
			Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType, Validators: noNulls,
			MarkdownDescription: "Runtime variables like `runtime_data`, but write-only (Terraform 1.11+, OpenTofu 1.11+): sent with the trigger and never stored in the plan or state, so secrets such as a test user's password, and ephemeral values, can flow in. Merged with `runtime_data`; a key in both is an error. Terraform cannot see a change of a write-only value: raise `runtime_data_wo_version` to send new values.",
		},
		"runtime_data_wo_version": schema.Int64Attribute{
			Optional: true, PlanModifiers: replaceInt,
			MarkdownDescription: "Required with `runtime_data_wo`. Any number; stored in state. Changing it starts a new run with the current `runtime_data_wo` values; changing only the write-only values plans no change.",
		},
		"upload_versions": schema.MapAttribute{
			Optional: true, ElementType: types.StringType, PlanModifiers: replaceMap, Validators: noNulls,
			MarkdownDescription: inputDocs["upload_versions"] + changeStartsRun,
		},
		"triggers": schema.MapAttribute{
			Optional: true, ElementType: types.StringType, PlanModifiers: replaceMap, Validators: noNulls,
			MarkdownDescription: "Arbitrary values (a release version, an image digest) whose change runs the plan again, like `terraform_data`'s `triggers_replace`.",
		},
		"wait_for_completion": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Wait for the run to finish (default `true`). With `false` the apply returns once the run is triggered; later refreshes move `status` and `result` on until it finishes.",
		},
		"poll_interval": schema.StringAttribute{
			Optional: true, CustomType: timetypes.GoDurationType{}, Validators: rules.Duration,
			MarkdownDescription: inputDocs["poll_interval"],
		},
		"accepted_results": schema.SetAttribute{
			Optional: true, Computed: true, ElementType: types.StringType,
			Default:             setdefault.StaticValue(acceptedDefault()),
			Validators:          rules.AcceptedResults,
			MarkdownDescription: acceptedResultsDescription("Final results that count as a pass"),
		},
		"on_failure": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString(onError),
			Validators:          rules.ErrorOrWarning,
			MarkdownDescription: "What a finished run that did not pass does to the apply. `\"error\"` (default) fails it, keeping the run in state (tainted, so the next apply runs the plan again) and so stops everything that depends on this resource. `\"warning\"` lets the apply succeed with a warning, for gating with postconditions on the outputs.",
		},
		"on_timeout": schema.StringAttribute{
			Optional: true, Computed: true, Default: stringdefault.StaticString(onError),
			Validators:          rules.ErrorOrWarning,
			MarkdownDescription: "What reaching the create timeout does: `\"error\"` (default) or `\"warning\"`. Either way the run stays in state.",
		},
		"stop_on_timeout":   boolDefaultTrue(inputDocs["stop_on_timeout"]),
		"stop_on_interrupt": boolDefaultTrue(inputDocs["stop_on_interrupt"]),
		"rerun_failed_tests": schema.Int64Attribute{
			Optional: true, Computed: true, Default: int64default.StaticInt64(0), Validators: rules.Reruns,
			MarkdownDescription: inputDocs["rerun_failed_tests"],
		},
		"rerun_ids": schema.ListAttribute{
			Computed: true, ElementType: types.StringType, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The re-runs of the failed tests (`rerun_failed_tests`), in order, each recorded before it is waited for; empty when there were none. `id` stays the first run's, and `app_url` links it; `result`, `passed`, `message`, the counts and the failed tests are the last attempt's.",
		},
		"expected_duration": schema.StringAttribute{
			Optional: true, CustomType: timetypes.GoDurationType{}, Validators: rules.Duration,
			MarkdownDescription: "How long a run of this plan usually takes, e.g. `\"12m\"`. The provider polls densely around that moment, so it notices the end within seconds while spending fewer requests than a steady poll. Optional: without it the provider expects the duration of the run this one replaces, or of another run of the same plan that finished earlier in the same apply; in a fan-out over one plan, the first run to finish tells the others when to look.",
		},
		"expected_duration_seconds": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The run length the wait expected when it began, in seconds: `expected_duration`, else the duration of the run this one replaced (or of a run of the same plan that finished earlier in the apply); null when none was known. Runs of the same plan finishing during the wait can still sharpen it.",
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		"stop_on_destroy": boolDefaultTrue("Stop the Testsigma run (this run only) when the resource is destroyed or replaced while the run is still going. Finished runs are never touched. Default `true`."),
	}
	for name, a := range runResultResourceAttributes() {
		attrs[name] = a
	}
	timeoutsBlock := timeouts.Block(ctx, timeouts.Opts{Create: true, CreateDescription: "How long to wait for the run to finish, e.g. `\"45m\"`. Default `30m`."})
	// The timeouts package leaves the block itself undescribed.
	if b, ok := timeoutsBlock.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "How long Terraform may take, as Go duration strings (`\"30s\"`, `\"45m\"`, `\"2h\"`). What reaching the limit does is set by `on_timeout` and `stop_on_timeout`."
		timeoutsBlock = b
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a Testsigma test plan on apply, waits for it to finish and records the result, so that `depends_on` and postconditions can gate everything downstream on the tests.",
		Attributes:          attrs,
		Blocks:              map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

// acceptedDefault is the client's default verdict rule, as the schema's default value.
func acceptedDefault() types.Set {
	elems := []attr.Value{}
	for _, r := range testsigma.DefaultAccepted() {
		elems = append(elems, types.StringValue(r))
	}
	return types.SetValueMust(types.StringType, elems)
}

func boolDefaultTrue(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{Optional: true, Computed: true, Default: booldefault.StaticBool(true), MarkdownDescription: desc}
}

func (r *planRunResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what no single attribute's validator can: the two halves of the
// runtime data together.
func (r *planRunResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var plain, wo types.Map
	var version types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("runtime_data"), &plain)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("runtime_data_wo"), &wo)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("runtime_data_wo_version"), &version)...)
	if !resp.Diagnostics.HasError() {
		resp.Diagnostics.Append(checkRuntimeData(ctx, plain, wo, version, true)...)
	}
}

// client is the configured client, or nil after adding the "not configured" error.
func (r *planRunResource) client(diags *diag.Diagnostics) *testsigma.Client {
	if r.data == nil {
		diags.Append(notConfiguredDiag())
		return nil
	}
	return r.data.client
}

// applyDefaults gives every attribute an import left null its schema default, so that a
// configuration matching the run plans no change and no default is written a second time.
func (r *planRunResource) applyDefaults(ctx context.Context, state *tfsdk.State, diags *diag.Diagnostics) {
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
