package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/setdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
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
	rules := runInputValidators()
	noNulls := rules.NoNulls
	attrs := map[string]schema.Attribute{
		"test_plan_id": schema.Int64Attribute{CustomType: idType{},
			Required: true, Validators: rules.ID,
			MarkdownDescription: inputDocs["test_plan_id"] + changeStartsRun,
		},
		"saved_config_id": schema.Int64Attribute{CustomType: idType{},
			Optional:            true,
			Validators:          rules.SavedConfigID,
			MarkdownDescription: inputDocs["saved_config_id"] + changeStartsRun,
		},
		"saved_config_name": schema.StringAttribute{
			Optional: true, Validators: rules.SavedConfigName,
			MarkdownDescription: inputDocs["saved_config_name"] + changeStartsRun,
		},
		"environment_id": schema.Int64Attribute{CustomType: idType{},
			Optional: true, Validators: rules.ID,
			MarkdownDescription: inputDocs["environment_id"] + changeStartsRun,
		},
		"build_number": schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: inputDocs["build_number"] + changeStartsRun,
		},
		"runtime_data": schema.MapAttribute{
			Optional: true, Sensitive: true, ElementType: types.StringType, Validators: noNulls,
			MarkdownDescription: "Runtime variables for the tests (`$|name|` in Testsigma). Sensitive: hidden in plan output, but Terraform stores it in state; put secrets in `runtime_data_wo` instead. Changing it starts a new run.",
		},
		"runtime_data_wo": schema.MapAttribute{
			Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType, Validators: noNulls,
			MarkdownDescription: "Runtime variables like `runtime_data`, but write-only (Terraform 1.11+, OpenTofu 1.11+): sent with the trigger and never stored in the plan or state, so secrets such as a test user's password, and ephemeral values, can flow in. Merged with `runtime_data`; a key in both is an error. Terraform cannot see a change of a write-only value: raise `runtime_data_wo_version` to send new values.",
		},
		"runtime_data_wo_version": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: "Required with `runtime_data_wo`. Any number; stored in state. Changing it starts a new run with the current `runtime_data_wo` values; changing only the write-only values plans no change.",
		},
		"upload_versions": schema.MapAttribute{
			Optional: true, ElementType: types.StringType, Validators: noNulls,
			MarkdownDescription: inputDocs["upload_versions"] + changeStartsRun,
		},
		"triggers": schema.MapAttribute{
			Optional: true, ElementType: types.StringType, Validators: noNulls,
			MarkdownDescription: "Arbitrary values (a release version, an image digest) whose change runs the plan again, like `terraform_data`'s `triggers_replace`.",
		},
		"wait_for_completion": schema.BoolAttribute{
			Optional: true, Computed: true, Default: booldefault.StaticBool(true),
			MarkdownDescription: "Wait for the run to finish (default `true`). With `false` the apply returns once the run is triggered; later refreshes move `status` and `result` on until it finishes.",
		},
		"poll_interval": schema.StringAttribute{
			Optional: true, CustomType: durationType{}, Validators: rules.Duration,
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
			Optional: true, CustomType: durationType{}, Validators: rules.Duration,
			MarkdownDescription: "How long a run of this plan usually takes, e.g. `\"12m\"`. The provider polls densely around that moment, so it notices the end within seconds while spending fewer requests than a steady poll. Optional: without it the provider expects the duration of the run this one replaces, or of another run of the same plan that finished earlier in the same apply; in a fan-out over one plan, the first run to finish tells the others when to look.",
		},
		"expected_duration_seconds": schema.Int64Attribute{
			Computed:            true,
			MarkdownDescription: "The run length the wait expected when it began, in seconds: `expected_duration`, else the duration of the run this one replaced (or of a run of the same plan that finished earlier in the apply); null when none was known. Runs of the same plan finishing during the wait can still sharpen it.",
			PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
		},
		"stop_on_destroy": boolDefaultTrue("Stop the Testsigma run (this run only) when the resource is destroyed or replaced while the run is still going. Finished runs are never touched, and neither are imported runs (someone else started them). A replacement uses the value the old run was recorded with; the plan warns when the configuration now says `false`. Default `true`; set `false` for fire-and-forget runs replaced on each release through `triggers`."),
	}
	for name, a := range runResultResourceAttributes() {
		attrs[name] = a
	}
	for _, name := range decidesRun {
		attrs[name] = requiringReplace(attrs[name])
	}
	timeoutsBlock := timeouts.Block(ctx, timeouts.Opts{
		Create: true, CreateDescription: "How long to wait for the run to finish, e.g. `\"45m\"`. Default `30m`; at least `10s`.",
		Update: true, UpdateDescription: "How long an apply that resumes waiting for a run left unjudged (see `stop_on_interrupt`, `stop_on_timeout`) may wait. Default `30m`.",
	})
	// The timeouts package leaves the block itself undescribed.
	if b, ok := timeoutsBlock.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "How long Terraform may take, as Go duration strings (`\"30s\"`, `\"45m\"`, `\"2h\"`). What reaching the limit does is set by `on_timeout` and `stop_on_timeout`."
		timeoutsBlock = b
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a Testsigma test plan on apply, waits for it to finish and records the result, so that `depends_on` and postconditions can gate everything downstream on the tests. Terraform shows no live progress while a resource waits: `TF_LOG_PROVIDER=INFO` logs the run's link at the trigger, each status change and the verdict, and the action `testsigma_run_test_plan` (Terraform 1.14+) shows progress live.",
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
		resp.Diagnostics.Append(checkRuntimeData(plain, wo, version, true)...)
	}
	var t timeouts.Value
	if resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &t)...); !t.IsNull() && !t.IsUnknown() {
		checkWaitTimeouts(ctx, t, &resp.Diagnostics)
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

// ModifyPlan catches at plan time what would otherwise fail only after the trigger (a saved
// config name that does not exist, a poll interval longer than the whole wait), and plans
// what the lifecycle says comes next (recorded.next): a new run for a changed input or after
// a red verdict (a replacement, as a taint would), resuming the wait for a run left
// unjudged (an in-place update), or re-deriving `passed`, the one output that depends on a
// wait setting.
func (r *planRunResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	plan, rec, ok := r.planAgainst(ctx, req, resp)
	if req.State.Raw.IsNull() && !req.Plan.Raw.IsNull() && !resp.Diagnostics.HasError() {
		markCreatePlanned(ctx, resp.Private, plan) // for a replacement's destroy half (handOver)
	}
	if !ok {
		return
	}
	switch rec.next(plan) {
	case replaceInput:
		resp.Diagnostics.Append(rec.replaceWarning(plan)...)
	case replaceRed:
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), types.StringUnknown())...)
		resp.RequiresReplace = append(resp.RequiresReplace, path.Root("id"))
	case resumeWait:
		resp.Diagnostics.Append(planOutcomeUnknown(ctx, &resp.Plan)...)
	case rederivePassed:
		passed := testsigma.Accepts(acceptedResults(ctx, plan.AcceptedResults), plan.Finished.ValueBool(), plan.Result.ValueString())
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("passed"), types.BoolValue(passed))...)
	}
}

// planAgainst checks the plan on its own (and, for a new run, its saved config against the
// API), and returns it with the run it changes; false when there is none (a create, a
// destroy) or something could not be read.
func (r *planRunResource) planAgainst(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) (planRunModel, recorded, bool) {
	var plan, state planRunModel
	if req.Plan.Raw.IsNull() {
		return plan, recorded{}, false
	}
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return plan, recorded{}, false
	}
	checkPollInterval(ctx, plan, &resp.Diagnostics)
	if hint := parseGoDuration(plan.ExpectedHint); hint > 0 {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("expected_duration_seconds"), expectedSeconds(hint))...)
	}
	if req.State.Raw.IsNull() {
		r.checkSavedConfig(ctx, plan, &resp.Diagnostics)
		return plan, recorded{}, false
	}
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	return plan, recordedFrom(ctx, state, req.Private), !resp.Diagnostics.HasError()
}

// checkSavedConfig: a saved config that does not exist fails the plan, not the trigger.
// Without a configured client (its settings unknown until apply) the trigger reports it.
func (r *planRunResource) checkSavedConfig(ctx context.Context, plan planRunModel, diags *diag.Diagnostics) {
	if r.data == nil {
		return
	}
	if !plan.SavedConfigName.IsNull() && !plan.SavedConfigName.IsUnknown() {
		checkSavedConfigName(ctx, r.data.client, plan.SavedConfigName.ValueString(), path.Root("saved_config_name"), diags)
	}
	if !plan.SavedConfigID.IsNull() && !plan.SavedConfigID.IsUnknown() {
		checkSavedConfigID(ctx, r.data.client, plan.SavedConfigID.ValueInt64(), path.Root("saved_config_id"), diags)
	}
}
