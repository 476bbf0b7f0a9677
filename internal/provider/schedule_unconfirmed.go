package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// A schedule create whose answer was lost may have made the schedule, and the API lists no
// schedules to find it by. Sending the create again would make the plan run twice at every
// tick, so Create keeps an unconfirmed placeholder in state (no id; Terraform marks it
// tainted) and fails. Every later apply or destroy of it fails the same way, sending
// nothing, until the user has looked in Testsigma and removed or imported it.

// keepUnconfirmed records the placeholder and the error that says what to look for.
func keepUnconfirmed(ctx context.Context, plan scheduleModel, err error, resp *resource.CreateResponse) {
	plan.ID, plan.NextRunAt = types.StringNull(), types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
	resp.Diagnostics.Append(scheduleMayExistDiag(plan, errText(err)))
}

// unconfirmed says whether a state is such a placeholder.
func unconfirmed(st scheduleModel) bool { return st.ID.IsNull() }

func scheduleMayExistDiag(m scheduleModel, why string) diag.Diagnostic {
	return objectCallDiag("create", "schedule", fmt.Sprintf(
		"The answer to creating it was lost (%s), so schedule %q of test plan %d may have been created: look in Testsigma for a %s schedule of that plan with that name, starting %s %s. "+
			"The provider does not send the create again (a second schedule would run the plan twice at every tick), and fails until you have looked. "+
			"If it is there: forget this placeholder (terraform state rm <address>, or a removed block with destroy = false) and adopt it with terraform import <address> <schedule id>. "+
			"If it is not: terraform state rm <address>, then apply again.",
		why, m.Name.ValueString(), m.TestPlanID.ValueInt64(), m.ScheduleType.ValueString(), m.NextInterval.ValueString(), m.Timezone.ValueString()))
}

// refuseUnconfirmed fails a destroy or replacement of a placeholder with the same advice,
// and sends nothing.
func refuseUnconfirmed(st scheduleModel, diags *diag.Diagnostics) bool {
	if !unconfirmed(st) {
		return false
	}
	diags.Append(scheduleMayExistDiag(st, "an earlier apply"))
	return true
}
