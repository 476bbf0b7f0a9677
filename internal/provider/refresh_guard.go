package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// otherRunDiag is the warning of a refresh whose answer is about another plan's run (or
// another build's) under the same id: the API key or base_url now point at another
// account, or ids were reused. State is kept as it was, never overwritten with that run;
// nil when the answer fits the recorded run. A field the answer lacks is not a mismatch.
func otherRunDiag(state runIdentity, run testsigma.Run) diag.Diagnostic {
	wantPlan, wantBuild := state.TestPlanID.ValueInt64(), state.BuildNumber.ValueString()
	planDiffers := run.TestPlanID != 0 && !state.TestPlanID.IsNull() && run.TestPlanID != wantPlan
	buildDiffers := run.BuildNumber != "" && !state.BuildNumber.IsNull() && run.BuildNumber != wantBuild
	if !planDiffers && !buildDiffers {
		return nil
	}
	return otherRunWarning(run, wantPlan, wantBuild)
}
