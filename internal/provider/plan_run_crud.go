package provider

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const defaultCreateTimeout = 30 * time.Minute

func (r *planRunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan planRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if r.data == nil {
		resp.Diagnostics.Append(notConfiguredDiag())
		return
	}
	client := r.data.client
	treq, diags := plan.triggerRequest(ctx)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	run, err := client.Trigger(ctx, treq)
	if err != nil {
		resp.Diagnostics.Append(triggerDiag(treq.TestPlanID, err))
		return
	}
	ctx = tflog.SetField(ctx, "run_id", run.ID)
	tflog.Info(ctx, "Triggered Testsigma run", map[string]any{"test_plan_id": treq.TestPlanID, "status": run.Status})
	plan.ExpectedSeconds = r.expectationFor(plan)
	// The run exists from here on: it goes into state before any waiting, so neither a
	// failure, a timeout nor Ctrl-C can make Terraform forget it (or trigger it again).
	resp.Diagnostics.Append(plan.record(ctx, client, run, nil)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if resp.Diagnostics.HasError() || !plan.WaitForCompl.ValueBool() {
		return
	}

	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	resp.Diagnostics.Append(diags...)
	wctx, cancel := context.WithTimeout(ctx, timeout)
	final, err := client.Wait(wctx, run.ID, r.waitPolicy(ctx, plan))
	cancel()
	var we *testsigma.WaitError
	if errors.As(err, &we) {
		if we.Last.ID != 0 {
			resp.Diagnostics.Append(plan.record(ctx, client, we.Last, nil)...)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
		warn := we.Reason == testsigma.WaitTimedOut && plan.OnTimeout.ValueString() == onWarning
		resp.Diagnostics.Append(waitEndedDiag(warn, we, client.RunURL(run.ID)))
		return
	}
	if err != nil {
		resp.Diagnostics.AddError("Cannot follow the Testsigma run", errText(err)+".")
		return
	}
	if final.Duration != nil {
		r.data.durations.remember(final.TestPlanID, int64(final.Duration.Seconds()))
	}
	failed := failedTestsOf(ctx, client, final, &resp.Diagnostics)
	resp.Diagnostics.Append(plan.record(ctx, client, final, failed)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	if accepted := plan.accepted(ctx); !testsigma.Passed(final, accepted) {
		resp.Diagnostics.Append(failedRunDiag(plan.OnFailure.ValueString() == onWarning, final, accepted, failed, client.RunURL(run.ID)))
	}
}

// Read never changes a finished run (runs are immutable once complete), so it makes no API
// call for one. Unfinished runs (fire and forget, timed out, imported) are refreshed.
func (r *planRunResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state planRunModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || state.Finished.ValueBool() || r.data == nil {
		return
	}
	runID, ok := parseRunID(state.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	client := r.data.client
	run, err := client.GetRun(ctx, runID)
	// Only an import has no test_plan_id yet: a 404 then is an unknown id, an error below.
	if testsigma.IsNotFound(err) && !state.TestPlanID.IsNull() {
		// Runs can be purged by retention. Removing the resource would silently start a new
		// run on the next apply, so keep it and say so.
		resp.Diagnostics.AddWarning("Testsigma run not found",
			"Run "+state.ID.ValueString()+" no longer exists in Testsigma (it may have been purged). The resource keeps its last known state; remove it with `terraform state rm` or taint it to run the plan again.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(runReadDiag(runID, err))
		return
	}
	state.fillImported(run)
	failed := failedTestsOf(ctx, client, run, &resp.Diagnostics)
	resp.Diagnostics.Append(state.record(ctx, client, run, failed)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update only stores wait settings: every input that changes what runs forces a new run.
func (r *planRunResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan planRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Delete forgets the run; Testsigma's history is never deleted. A run still going is
// stopped first when stop_on_destroy is set.
func (r *planRunResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state planRunModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if r.data != nil {
		r.data.durations.remember(state.TestPlanID.ValueInt64(), state.DurationSeconds.ValueInt64())
	}
	if resp.Diagnostics.HasError() || state.Finished.ValueBool() || !state.StopOnDestroy.ValueBool() || r.data == nil {
		return
	}
	runID, ok := parseRunID(state.ID.ValueString(), path.Root("id"), &resp.Diagnostics)
	if !ok {
		return
	}
	client := r.data.client
	run, err := client.GetRun(ctx, runID)
	if testsigma.IsNotFound(err) || (err == nil && run.Finished) {
		return
	}
	if err == nil {
		err = client.StopRun(ctx, runID)
	}
	if err != nil {
		resp.Diagnostics.AddWarning("Could not stop the Testsigma run",
			"Run "+state.ID.ValueString()+" may still be going: "+errText(err)+". Stop it in Testsigma if needed: "+client.RunURL(runID))
		return
	}
	tflog.Info(ctx, "Stopped Testsigma run on destroy", map[string]any{"run_id": runID})
}

func (r *planRunResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if _, ok := parseRunID(req.ID, path.Root("id"), &resp.Diagnostics); !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
}

func parseRunID(raw string, at path.Path, diags *diag.Diagnostics) (int64, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		diags.AddAttributeError(at, "Invalid Testsigma run id",
			"\""+raw+"\" is not a run id. A run id is a positive whole number, the number at the end of the run's URL in Testsigma (…/ui/td/runs/<id>), e.g. 5001.")
		return 0, false
	}
	return id, true
}

// failedTestsOf reads the failed case names of a finished run that did not succeed. A failure
// to read them is only a warning: the run's result is what matters.
func failedTestsOf(ctx context.Context, client *testsigma.Client, run testsigma.Run, diags *diag.Diagnostics) []string {
	if !failedTestsWanted(run) {
		return nil
	}
	cases, err := client.TestCases(ctx, run.ID)
	if err != nil {
		diags.AddWarning("Cannot list the run's test cases", "failed_tests is left empty: "+errText(err)+".")
		return nil
	}
	return failedTestsFrom(run, cases)
}
