package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ModifyPlan catches at plan time what would otherwise fail only after the trigger: a saved
// config name that does not exist, a poll interval longer than the whole wait. On an in-place
// update it re-derives `passed`, the one output that depends on a wait setting.
func (r *planRunResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan planRunModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkPollInterval(ctx, plan, resp)
	resp.Diagnostics.Append(planExpectation(ctx, resp, plan)...)
	if !req.State.Raw.IsNull() {
		if !plan.AcceptedResults.IsUnknown() && !plan.Finished.IsUnknown() {
			resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("passed"), plan.passedFor(plan.accepted(ctx)))...)
		}
		return
	}
	if r.data != nil && !plan.SavedConfigName.IsNull() && !plan.SavedConfigName.IsUnknown() {
		checkSavedConfigName(ctx, r.data.client, plan.SavedConfigName.ValueString(), path.Root("saved_config_name"), &resp.Diagnostics)
	}
}

func (r *planRunResource) checkPollInterval(ctx context.Context, plan planRunModel, resp *resource.ModifyPlanResponse) {
	interval := parseGoDuration(plan.PollInterval)
	if interval == 0 || plan.Timeouts.IsUnknown() {
		return
	}
	timeout, diags := plan.Timeouts.Create(ctx, defaultCreateTimeout)
	if diags.HasError() || timeout <= 0 {
		return
	}
	if interval > timeout {
		resp.Diagnostics.AddAttributeError(path.Root("poll_interval"), "poll_interval is longer than the create timeout",
			fmt.Sprintf("poll_interval is %s but timeouts.create is %s, so the run could never be checked before the wait ends. Use a poll_interval well below %s.", interval, timeout, timeout.Round(time.Second)))
	}
}
