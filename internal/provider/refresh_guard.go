package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// otherRunDiag is the warning of a refresh whose answer is about another plan's run (or
// another build's) under the same id; the engine decides that (testsigma.Fits). State is
// kept as it was, never overwritten with that run; nil when the answer fits.
func otherRunDiag(state runIdentity, run testsigma.Run) diag.Diagnostic {
	wantPlan, wantBuild := state.TestPlanID.ValueInt64(), state.BuildNumber.ValueString()
	if testsigma.Fits(testsigma.Run{TestPlanID: wantPlan, BuildNumber: wantBuild}, run) {
		return nil
	}
	return otherRunWarning(run, wantPlan, wantBuild)
}
