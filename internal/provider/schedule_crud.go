package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

func scheduleStatus(enabled types.Bool) string {
	if enabled.ValueBool() {
		return "ACTIVE"
	}
	return "INACTIVE"
}

func scheduleInput(m scheduleModel) testsigma.ScheduleInput {
	return testsigma.ScheduleInput{
		PlanID: m.TestPlanID.ValueInt64(), Name: m.Name.ValueString(), ScheduleType: m.ScheduleType.ValueString(),
		NextInterval: m.NextInterval.ValueString(), Timezone: m.Timezone.ValueString(), Status: scheduleStatus(m.Enabled),
		ConfigID: m.SavedConfigID.ValueInt64Pointer(), ConfigName: m.SavedConfigName.ValueString(),
	}
}

func nextRunAt(s testsigma.Schedule) types.String {
	if s.NextRun == nil {
		return types.StringNull()
	}
	return types.StringValue(s.NextRun.UTC().Format(time.RFC3339))
}

func (r *scheduleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan scheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	in := scheduleInput(plan)
	s, err := client.CreateSchedule(ctx, in)
	if testsigma.MayHaveBeenMade(err) {
		keepUnconfirmed(ctx, plan, err, resp)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(objectCallDiag("create", "schedule", failedText(fmt.Sprintf("Creating schedule %q of test plan %d", in.Name, in.PlanID), err)))
		return
	}
	if s.Status != "" && s.Status != in.Status {
		after := "It was deleted again, so it does not run; create it with enabled = true, or switch it off in Testsigma."
		if derr := client.DeleteSchedule(ctx, s.ID); derr != nil {
			after = fmt.Sprintf("Deleting it again failed (%s): delete schedule %d in Testsigma, or it runs.", errText(derr), s.ID)
		}
		resp.Diagnostics.Append(scheduleNotOffDiag(s.ID, in.Status, s.Status, after))
		return
	}
	plan.ID, plan.NextRunAt = stringID(s.ID), nextRunAt(s)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// Read keeps the state unless detect_drift asks for the undocumented GET.
func (r *scheduleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var st scheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	if resp.Diagnostics.HasError() || !st.DetectDrift.ValueBool() || unconfirmed(st) {
		return
	}
	client := r.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	id := idNumber(st.ID)
	s, err := client.Schedule(ctx, id)
	switch {
	case testsigma.IsNotFound(err):
		resp.Diagnostics.Append(goneWarning("schedule", "Schedule", id, err,
			"(detect_drift reads it with an endpoint the docs do not list: if this account lacks it, set detect_drift = false.)"))
		resp.State.RemoveResource(ctx)
		return
	case testsigma.IsMethodNotAllowed(err) && st.Name.IsNull():
		keepImportedByID(ctx, st, err, resp)
		return
	case testsigma.IsMethodNotAllowed(err):
		resp.Diagnostics.Append(scheduleUnreadableDiag(id, err))
		return
	case err != nil:
		resp.Diagnostics.Append(objectCallDiag("read", "schedule", failedText(fmt.Sprintf("Reading schedule %d", id), err)))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, scheduleToModel(s, st))...)
}

// scheduleToModel is the mapping from a read to state: what the answer has replaces the
// state; the start time, zone and config, which it lacks, are kept.
func scheduleToModel(s testsigma.Schedule, prior scheduleModel) *scheduleModel {
	m := prior
	m.ID, m.TestPlanID, m.Name = stringID(s.ID), types.Int64Value(s.PlanID), types.StringValue(s.Name)
	m.ScheduleType, m.NextRunAt = types.StringValue(s.ScheduleType), nextRunAt(s)
	switch s.Status {
	case "ACTIVE":
		m.Enabled = types.BoolValue(true)
	case "INACTIVE":
		m.Enabled = types.BoolValue(false)
	}
	if m.Enabled.IsNull() {
		m.Enabled = types.BoolValue(true)
	}
	return &m
}

func (r *scheduleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, st scheduleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	plan.ID, plan.NextRunAt = st.ID, st.NextRunAt
	// detect_drift is the provider's own setting: changing it alone sends nothing.
	same := plan
	same.DetectDrift = st.DetectDrift
	if same != st {
		sent := scheduleInput(plan)
		s, err := client.UpdateSchedule(ctx, idNumber(st.ID), sent)
		if err != nil {
			resp.Diagnostics.Append(objectCallDiag("update", "schedule", failedText(fmt.Sprintf("Updating schedule %d", idNumber(st.ID)), err)))
			return
		}
		if s.Status != "" && s.Status != sent.Status {
			resp.Diagnostics.Append(statusUnchangedDiag(idNumber(st.ID), sent.Status, s.Status))
			return
		}
		plan.NextRunAt = nextRunAt(s)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *scheduleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var st scheduleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
	client := r.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil || refuseUnconfirmed(st, &resp.Diagnostics) {
		return
	}
	// Already deleted in Testsigma is as good as deleted now.
	if err := client.DeleteSchedule(ctx, idNumber(st.ID)); err != nil && !testsigma.IsNotFound(err) {
		resp.Diagnostics.Append(objectCallDiag("delete", "schedule", failedText(fmt.Sprintf("Deleting schedule %d", idNumber(st.ID)), err)))
	}
}

// keepImportedByID ends an import on an account with only the documented endpoints: the
// schedule cannot be read, so the state keeps the id alone (a name is required, so only an
// import leaves it null) and the next apply sends the whole configuration to that id, which
// the plan shows. detect_drift goes back to false: it could only warn at every refresh.
func keepImportedByID(ctx context.Context, st scheduleModel, err error, resp *resource.ReadResponse) {
	st.DetectDrift = types.BoolValue(false)
	resp.Diagnostics.Append(resp.State.Set(ctx, &st)...)
	resp.Diagnostics.Append(scheduleImportedByIDDiag(idNumber(st.ID), err))
}
