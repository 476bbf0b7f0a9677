package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// runTestPlanModel is the configuration of the testsigma_run_test_plan action: the inputs
// and wait settings it shares with testsigma_plan_run, and what only an action has. An
// action keeps nothing, so there are no outputs.
type runTestPlanModel struct {
	runInputs
	RuntimeDataWO types.Map `tfsdk:"runtime_data_wo"`
	waitSettings
	WaitForCompl types.Bool     `tfsdk:"wait_for_completion"`
	OnFailure    types.String   `tfsdk:"on_failure"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
}

// Action schemas cannot hold defaults, so the defaults the descriptions promise are applied
// in code: waitSettings.policy for the stop settings, and these for the rest.
func (m *runTestPlanModel) waitForCompletion() bool { return boolOr(m.WaitForCompl, true) }
func (m *runTestPlanModel) warnOnFailure() bool     { return m.OnFailure.ValueString() == onWarning }

func (a *runTestPlanAction) Schema(ctx context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	rules := runInputValidators()
	attrs := map[string]schema.Attribute{
		"test_plan_id":      schema.Int64Attribute{CustomType: idType{}, Required: true, Validators: rules.ID, MarkdownDescription: inputDocs["test_plan_id"]},
		"saved_config_id":   schema.Int64Attribute{CustomType: idType{}, Optional: true, Validators: rules.SavedConfigID, MarkdownDescription: inputDocs["saved_config_id"]},
		"saved_config_name": schema.StringAttribute{Optional: true, Validators: rules.SavedConfigName, MarkdownDescription: inputDocs["saved_config_name"]},
		"environment_id":    schema.Int64Attribute{CustomType: idType{}, Optional: true, Validators: rules.ID, MarkdownDescription: inputDocs["environment_id"]},
		"build_number":      schema.StringAttribute{Optional: true, MarkdownDescription: inputDocs["build_number"]},
		"runtime_data": schema.MapAttribute{
			Optional: true, ElementType: types.StringType, Validators: rules.NoNulls,
			MarkdownDescription: "Runtime variables for the tests (`$|name|` in Testsigma). Action arguments cannot be marked sensitive, so put secrets in `runtime_data_wo` instead.",
		},
		"runtime_data_wo": schema.MapAttribute{
			Optional: true, WriteOnly: true, ElementType: types.StringType, Validators: rules.NoNulls,
			MarkdownDescription: "Runtime variables like `runtime_data`, but write-only: sent with the trigger and never stored in the plan, so secrets such as a test user's password, and ephemeral values, can flow in. Merged with `runtime_data`; a key in both is an error. An action keeps nothing between runs, so there is no version to raise: every invocation sends the values it is given.",
		},
		"upload_versions": schema.MapAttribute{Optional: true, ElementType: types.StringType, Validators: rules.NoNulls, MarkdownDescription: inputDocs["upload_versions"]},
		"wait_for_completion": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Wait for the run to finish (default `true`), showing its progress. With `false` the action triggers the run, reports its id and link, and returns: the run's result then decides nothing in Terraform.",
		},
		"poll_interval": schema.StringAttribute{Optional: true, CustomType: durationType{}, Validators: rules.Duration, MarkdownDescription: inputDocs["poll_interval"]},
		"expected_duration": schema.StringAttribute{
			Optional: true, CustomType: durationType{}, Validators: rules.Duration,
			MarkdownDescription: "How long a run of this plan usually takes, e.g. `\"12m\"`. The provider polls densely around that moment, so it notices the end within seconds while spending fewer requests than a steady poll. Optional: without it the provider expects the duration of another run of the same plan that finished earlier in the same apply.",
		},
		"accepted_results": schema.SetAttribute{
			Optional: true, ElementType: types.StringType, Validators: rules.AcceptedResults,
			MarkdownDescription: acceptedResultsDescription("Final results that count as a pass"),
		},
		"on_failure": schema.StringAttribute{
			Optional: true, Validators: rules.ErrorOrWarning,
			MarkdownDescription: "What a finished run that did not pass does. `\"error\"` (default) fails the action, so the apply fails and what depends on the resource that triggered it is not applied (from Terraform 1.16, the `action_trigger`'s own `on_failure` chooses whether that halts the apply, taints the resource or continues). `\"warning\"` reports the failed run and lets the apply go on.",
		},
		"stop_on_timeout":    schema.BoolAttribute{Optional: true, MarkdownDescription: inputDocs["stop_on_timeout"]},
		"stop_on_interrupt":  schema.BoolAttribute{Optional: true, MarkdownDescription: inputDocs["stop_on_interrupt"]},
		"rerun_failed_tests": schema.Int64Attribute{Optional: true, Validators: rules.Reruns, MarkdownDescription: inputDocs["rerun_failed_tests"]},
	}
	timeoutsBlock := timeouts.BlockWithOpts(ctx, timeouts.Opts{InvokeDescription: "How long to wait for the run to finish, e.g. `\"45m\"`. Default `30m`."})
	// The timeouts package leaves the block itself undescribed.
	if b, ok := timeoutsBlock.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "How long the action may wait, as Go duration strings (`\"30s\"`, `\"45m\"`, `\"2h\"`). Reaching the limit fails the action, after stopping the run unless `stop_on_timeout = false`."
		timeoutsBlock = b
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs a Testsigma test plan and waits for it, showing its progress live: the run's id and link, status changes, test counts and the verdict. A run that does not pass fails the action. Terraform 1.14 or later; nothing is kept in state (use `testsigma_plan_run` for a run that downstream resources read or depend on).",
		Attributes:          attrs,
		Blocks:              map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}
