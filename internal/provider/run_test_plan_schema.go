package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
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
			MarkdownDescription: "What a finished run that did not pass does. `\"error\"` (default) fails the action, and so the apply. That does not reliably hold back what depends on the resource that triggered the action before Terraform 1.16: public reports on 1.14 and 1.15 show dependents applied without waiting for the action (see the action's page). From 1.16, the `action_trigger`'s own `on_failure` decides (`halt`, the default, `taint` or `continue`). For a hard gate, use the `testsigma_plan_run` resource. `\"warning\"` reports the failed run and lets the apply go on.",
		},
		// The resource's texts for these speak of state, which an action does not keep.
		"stop_on_timeout": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Stop the Testsigma run (this run only) when `timeouts.invoke` passes. Default `true`. With `false` the run goes on in Testsigma after the action stops waiting: the action still fails, names the run and links it, and nothing in Terraform follows it further.",
		},
		"stop_on_interrupt": schema.BoolAttribute{
			Optional:            true,
			MarkdownDescription: "Stop the Testsigma run (this run only) when Terraform is interrupted (Ctrl-C) while the action waits. Default `true`. With `false` the run goes on in Testsigma and the action ends with an error naming it and its link. This holds for one interrupt: a second Ctrl-C or a killed Terraform exits at once, without stopping the run.",
		},
		"rerun_failed_tests": schema.Int64Attribute{
			Optional: true, Validators: rules.Reruns,
			MarkdownDescription: fmt.Sprintf("When a finished run does not pass and has failed test cases, re-run only those, wait, and repeat, at most this many times (0 to %d, default 0). Each re-run re-runs the last attempt's failed tests and the last attempt decides, so a flaky test that passes on its re-run does not fail the action; the progress names each re-run and links it. A run that failed with no failed test case (aborted, not executed, its machine never started) is not re-run. Testsigma's own automatic re-runs are waited for first. Ctrl-C and the timeout stop the attempt that is going; `timeouts.invoke` counts the whole chain.", testsigma.MaxReruns),
		},
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
