package provider

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const defaultCreateTimeout = 30 * time.Minute

// Create is trigger → record → follow → record. The run goes into state before any waiting,
// so neither a failure, a timeout nor Ctrl-C can make Terraform forget it (or trigger it
// again).
func (r *planRunResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	defer func() { identify(ctx, resp.State, resp.Identity, &resp.Diagnostics) }()
	var plan planRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	var wo types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("runtime_data_wo"), &wo)...)
	ctx = redactingWriteOnly(ctx, wo)
	treq, diags := plan.triggerRequest(ctx, wo)
	resp.Diagnostics.Append(diags...)
	timeout, diags := timeoutOr(ctx, plan.Timeouts.Object, "create", defaultCreateTimeout, plan.Timeouts.Create)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if old, ok := takeOver(client.BaseURL(), plan); ok {
		r.takeUp(ctx, plan, old, timeout, resp)
		return
	}
	run, err := client.Trigger(ctx, treq)
	if err != nil {
		resp.Diagnostics.Append(resourceDoor.triggerDiag(treq.TestPlanID, err))
		return
	}
	ctx = tflog.SetField(ctx, "run_id", run.ID)
	policy := plan.policy(ctx)
	plan.ExpectedSeconds = expectedSeconds(client.Expectation(treq.TestPlanID, policy.Expected))
	if !plan.WaitForCompl.ValueBool() {
		// The trigger is logged once: by the wait's first line, or here when there is none.
		policy.OnEvent(testsigma.Event{Kind: testsigma.EventStarted, Run: run, URL: client.RunURL(run.ID)})
	}
	if !r.save(ctx, &plan, client.Judge(ctx, run, policy), &resp.State, &resp.Diagnostics) || !plan.WaitForCompl.ValueBool() {
		return
	}
	// Each re-run goes into state before it is waited for, like the first run.
	logEvent := policy.OnEvent
	policy.OnEvent = func(e testsigma.Event) {
		logEvent(e)
		if e.Kind == testsigma.EventRerun {
			plan.RerunIDs = rerunIDs(e.Attempts)
			resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		}
	}
	policy.Timeout = timeout
	outcome, we := client.Follow(ctx, run, policy)
	r.save(ctx, &plan, outcome, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(after(plan, outcome, we, resourceDoor).leave(ctx, resp.Private)...)
}

// takeUp is a create that replaces one that failed without a verdict (see handOver): it
// records the same run at once, then waits for it and judges it, instead of a trigger.
func (r *planRunResource) takeUp(ctx context.Context, plan, old planRunModel, timeout time.Duration, resp *resource.CreateResponse) {
	attempts, ok := old.attempts(&resp.Diagnostics)
	if !ok {
		return
	}
	plan.runResultModel, plan.RerunIDs = old.runResultModel, old.RerunIDs
	plan.ExpectedSeconds = expectedSeconds(r.data.client.Expectation(attempts[0].TestPlanID, plan.policy(ctx).Expected))
	if resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	r.resume(ctx, &plan, old.runResultModel, attempts, timeout, resourceDoor, &resp.State, resp.Private, &resp.Diagnostics)
}

// save records an Outcome in the model and the state; false when that failed.
func (r *planRunResource) save(ctx context.Context, m *planRunModel, o testsigma.Outcome, state *tfsdk.State, diags *diag.Diagnostics) bool {
	diags.Append(m.record(o)...)
	diags.Append(state.Set(ctx, m)...)
	return !diags.HasError()
}

// Read never changes a finished run (runs are immutable once complete), so it makes no API
// call for one. Unfinished runs (fire and forget, timed out, imported) are refreshed.
func (r *planRunResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	defer func() { identify(ctx, resp.State, resp.Identity, &resp.Diagnostics) }()
	var state planRunModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	// A run a wait left without a verdict is judged by the apply that resumes the wait, not
	// here: refreshed to finished, the replacement of a failed (tainted) create would not
	// take it up (see handOver), and would start another run.
	if resp.Diagnostics.HasError() || state.Finished.ValueBool() || r.data == nil || flag(ctx, req.Private, keyUnjudged) {
		return
	}
	attempts, ok := state.attempts(&resp.Diagnostics)
	if !ok {
		return
	}
	// The last attempt (the run, or its last re-run) is the one still going.
	client, last := r.data.client, attempts[len(attempts)-1]
	run, err := client.ReadRun(ctx, last.ID)
	imported := state.TestPlanID.IsNull() // only an import has no test_plan_id yet
	if testsigma.IsNotFound(err) && !imported {
		resp.Diagnostics.Append(runNotFoundDiag(true, runPurgedText(strconv.FormatInt(last.ID, 10))))
		return
	}
	if err != nil {
		resp.Diagnostics.Append(runReadDiag(last.ID, err))
		return
	}
	if imported {
		resp.Diagnostics.Append(adoptRun(ctx, client, run, &state, &resp.State)...)
		return
	}
	if d := otherRunDiag(state.runIdentity, run); d != nil {
		resp.Diagnostics.Append(d)
		return
	}
	attempts[len(attempts)-1] = run
	outcome := client.JudgeAttempts(ctx, attempts, state.policy(ctx))
	resp.Diagnostics.Append(resourceDoor.casesWarning(outcome)...)
	r.save(ctx, &state, outcome, &resp.State, &resp.Diagnostics)
}

// Update stores wait settings: every input that changes what runs forces a new run. When a
// wait is due (a run left unjudged by an interrupted or timed-out apply, or
// wait_for_completion turned on for a run still going), it resumes it and judges the run
// exactly as a first apply would.
func (r *planRunResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	defer func() { identify(ctx, resp.State, resp.Identity, &resp.Diagnostics) }()
	var plan, state planRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if recordedFrom(ctx, state, req.Private).next(plan) != resumeWait || r.data == nil {
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	attempts, ok := state.attempts(&resp.Diagnostics)
	timeout, diags := timeoutOr(ctx, plan.Timeouts.Object, "update", defaultCreateTimeout, plan.Timeouts.Update)
	if resp.Diagnostics.Append(diags...); !ok || resp.Diagnostics.HasError() {
		return
	}
	r.resume(ctx, &plan, state.runResultModel, attempts, timeout, updateDoor, &resp.State, resp.Private, &resp.Diagnostics)
}

// resume waits for a recorded run (attempts: it and its re-runs) and judges it as a first
// apply would; known is what state knew of it, kept when nothing could be read of it now.
func (r *planRunResource) resume(ctx context.Context, plan *planRunModel, known runResultModel, attempts []testsigma.Run, timeout time.Duration, door frontDoor, state *tfsdk.State, private privateState, diags *diag.Diagnostics) {
	ctx = tflog.SetField(ctx, "run_id", attempts[0].ID)
	// The wait's own first line carries the link; this one says the run is not new.
	tflog.Info(ctx, fmt.Sprintf("Testsigma run %d: resuming the wait an earlier apply began", attempts[len(attempts)-1].ID))
	policy := plan.policy(ctx)
	policy.Timeout = timeout
	outcome, we := r.data.client.FollowAttempts(ctx, attempts, policy)
	if we != nil && outcome.Final.Status == "" {
		// Nothing was read of the run (a 404, say): state keeps what it last knew of it.
		plan.runResultModel = known
		diags.Append(state.Set(ctx, plan)...)
	} else {
		r.save(ctx, plan, outcome, state, diags)
	}
	diags.Append(after(*plan, outcome, we, door).leave(ctx, private)...)
}

// Delete forgets the run; Testsigma's history is never deleted. A run still going is
// stopped first when stop_on_destroy is set. A replacement destroys before it creates, so
// the old run's length is handed to the client here for the new run's schedule.
func (r *planRunResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state planRunModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() || r.data == nil {
		return
	}
	client := r.data.client
	client.RememberDuration(state.TestPlanID.ValueInt64(), time.Duration(state.DurationSeconds.ValueInt64())*time.Second)
	if !state.Finished.ValueBool() && replacedForSameRun(ctx, req.Private, state) {
		// A create that failed without a verdict, replaced: its run goes on, for the create
		// half of this replacement to wait for (see handOver).
		handOver(client.BaseURL(), state)
		tflog.Info(ctx, "Handing the Testsigma run over to the replacement, which waits for it", map[string]any{"run_id": state.ID.ValueString()})
		return
	}
	switch recordedFrom(ctx, state, req.Private).release() {
	case releaseNone:
		return
	case releaseTheirs:
		tflog.Info(ctx, "Not stopping an imported Testsigma run: this provider did not start it", map[string]any{"run_id": state.ID.ValueString()})
		return
	}
	attempts, ok := state.attempts(&resp.Diagnostics)
	if !ok {
		return
	}
	// The last attempt (the run, or its last re-run) is the one that may still be going; the
	// engine reads it, stops it only if it goes, and checks that it stopped.
	last := attempts[len(attempts)-1]
	_, stopped, err := client.Release(ctx, last)
	if resp.Diagnostics.Append(releaseWarning(last.ID, client.RunURL(last.ID), err)...); stopped {
		tflog.Info(ctx, "Stopped Testsigma run on destroy", map[string]any{"run_id": last.ID})
	}
}

// ImportState adopts a run by id, however the import names it. It never waits: a run still
// going is recorded as it is, and later refreshes (or the next apply) follow it.
func (r *planRunResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, ok := importRunID(req, &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	identify(ctx, resp.State, resp.Identity, &resp.Diagnostics)
	setFlag(ctx, resp.Private, keyImported, true)
}

func checkPollInterval(ctx context.Context, plan planRunModel, diags *diag.Diagnostics) {
	interval := parseGoDuration(plan.PollInterval)
	if interval == 0 || plan.Timeouts.IsUnknown() {
		return
	}
	timeout, d := timeoutOr(ctx, plan.Timeouts.Object, "create", defaultCreateTimeout, plan.Timeouts.Create)
	if !d.HasError() {
		checkPollIntervalFits(interval, timeout, "create", diags)
	}
}

func parseRunID(raw string, at path.Path, diags *diag.Diagnostics) (int64, bool) {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		diags.Append(invalidRunIDDiag(at, raw))
		return 0, false
	}
	return id, true
}
