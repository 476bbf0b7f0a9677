package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var (
	_ action.ActionWithConfigure      = (*runTestPlanAction)(nil)
	_ action.ActionWithValidateConfig = (*runTestPlanAction)(nil)
	_ action.ActionWithModifyPlan     = (*runTestPlanAction)(nil)
)

const defaultInvokeTimeout = 30 * time.Minute

// runTestPlanAction is testsigma_run_test_plan: the resource's trigger and wait without the
// state, with live progress. It is a thin adapter: config → trigger request → Trigger →
// Follow (progress through SendProgress) → diagnostics. Everything it decides or says is
// shared with testsigma_plan_run.
type runTestPlanAction struct{ data *providerData }

// NewRunTestPlanAction is the factory for testsigma_run_test_plan.
func NewRunTestPlanAction() action.Action { return &runTestPlanAction{} }

func (a *runTestPlanAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run_test_plan"
}

func (a *runTestPlanAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	a.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// ValidateConfig checks what needs more than one attribute and no API: the two halves of the
// runtime data, and a poll interval longer than the whole wait. Unknown values wait for
// apply. The attributes' own validators are the resource's (runInputValidators).
func (a *runTestPlanAction) ValidateConfig(ctx context.Context, req action.ValidateConfigRequest, resp *action.ValidateConfigResponse) {
	var cfg runTestPlanModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	// The action has no version attribute: it sends the write-only values on every invocation.
	resp.Diagnostics.Append(checkRuntimeData(cfg.RuntimeData, cfg.RuntimeDataWO, types.Int64Null(), false)...)
	interval := parseGoDuration(cfg.PollInterval)
	invoke, known := cfg.invokeTimeout(ctx)
	if known {
		checkWaitTimeout("invoke", invoke, defaultInvokeTimeout, "the run it starts would be wasted (triggered, then stopped at once). Use at least %s (the default is %s), or set wait_for_completion = false to start the run without waiting.", &resp.Diagnostics)
	}
	if interval > 0 && known {
		checkPollIntervalFits(interval, invoke, "invoke", &resp.Diagnostics)
	}
}

// invokeTimeout is timeouts.invoke (or the default), and whether it is known yet.
func (m *runTestPlanModel) invokeTimeout(ctx context.Context) (time.Duration, bool) {
	if m.Timeouts.IsUnknown() {
		return 0, false
	}
	if v, ok := m.Timeouts.Attributes()["invoke"]; ok && v.IsUnknown() {
		return 0, false
	}
	d, diags := timeoutOr(ctx, m.Timeouts.Object, "invoke", defaultInvokeTimeout, m.Timeouts.Invoke)
	return d, !diags.HasError()
}

// ModifyPlan catches at plan time what would otherwise fail only after the trigger: a saved
// config name that does not exist (with the names that do). Without a configured client (its
// settings unknown until apply) the trigger reports it instead.
func (a *runTestPlanAction) ModifyPlan(ctx context.Context, req action.ModifyPlanRequest, resp *action.ModifyPlanResponse) {
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("saved_config_name"), &name)...)
	if resp.Diagnostics.HasError() || a.data == nil || name.IsNull() || name.IsUnknown() {
		return
	}
	checkSavedConfigName(ctx, a.data.client, name.ValueString(), path.Root("saved_config_name"), &resp.Diagnostics)
}

// Invoke triggers once, then follows the run with progress, or returns at once when told
// not to wait. The invoke timeout bounds the wait only: the trigger is never cut short
// mid-request, so that a run is never started without Terraform hearing its id.
func (a *runTestPlanAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg runTestPlanModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	client := a.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	ctx = redactingWriteOnly(ctx, cfg.RuntimeDataWO)
	treq, diags := cfg.triggerRequest(ctx, cfg.RuntimeDataWO)
	resp.Diagnostics.Append(diags...)
	timeout, diags := timeoutOr(ctx, cfg.Timeouts.Object, "invoke", defaultInvokeTimeout, cfg.Timeouts.Invoke)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	run, err := client.Trigger(ctx, treq)
	if err != nil {
		resp.Diagnostics.Append(actionDoor.triggerDiag(treq.TestPlanID, err))
		return
	}
	ctx = tflog.SetField(ctx, "run_id", run.ID)
	onEvent := sendProgress(ctx, resp.SendProgress)
	if !cfg.waitForCompletion() {
		// The same first line a wait begins with, and nothing after it.
		onEvent(testsigma.Event{Kind: testsigma.EventStarted, Run: run, URL: client.RunURL(run.ID)})
		return
	}
	policy := cfg.followPolicy(ctx, cfg.waitSettings, onEvent)
	policy.Timeout = timeout
	outcome, we := client.Follow(ctx, run, policy)
	// An action has no on_timeout: a wait that ends early always fails it.
	resp.Diagnostics.Append(actionDoor.outcomeDiags(outcome, we, cfg.warnOnFailure(), false)...)
}

// client is the configured client, or nil after adding the "not configured" error.
func (a *runTestPlanAction) client(diags *diag.Diagnostics) *testsigma.Client {
	if a.data == nil {
		diags.Append(notConfiguredDiag())
		return nil
	}
	return a.data.client
}
