package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ resource.ResourceWithModifyPlan = (*scheduleResource)(nil)

// ModifyPlan fails a saved config that does not exist at plan time, as testsigma_plan_run
// and the action do: otherwise the schedule would be created (or changed) to run with a
// config Testsigma does not have. Only a config that is new or changed is looked up, so a
// plan of a schedule left as it is sends nothing. Without a configured client (its settings
// unknown until apply) the create reports it instead.
func (r *scheduleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.data == nil {
		return
	}
	var planName, stateName types.String
	var planID, stateID types.Int64
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("saved_config_name"), &planName)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("saved_config_id"), &planID)...)
	if !req.State.Raw.IsNull() {
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("saved_config_name"), &stateName)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("saved_config_id"), &stateID)...)
	}
	if resp.Diagnostics.HasError() {
		return
	}
	if !planName.IsNull() && !planName.IsUnknown() && !planName.Equal(stateName) {
		checkSavedConfigName(ctx, r.data.client, planName.ValueString(), path.Root("saved_config_name"), &resp.Diagnostics)
	}
	if !planID.IsNull() && !planID.IsUnknown() && !planID.Equal(stateID) {
		checkSavedConfigID(ctx, r.data.client, planID.ValueInt64(), path.Root("saved_config_id"), &resp.Diagnostics)
	}
}
