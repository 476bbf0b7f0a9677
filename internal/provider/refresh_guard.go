package provider

import (
	"fmt"

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
	return diag.NewWarningDiagnostic("Testsigma answered about another run",
		fmt.Sprintf("Run %d in Testsigma is of test plan %d with build number %q, but this resource recorded run %d of test plan %d with build number %q: api_key or base_url may now point at another Testsigma account. The resource keeps its last known state and was not updated from that run; check api_key and base_url.",
			run.ID, run.TestPlanID, run.BuildNumber, run.ID, wantPlan, wantBuild))
}
