package provider

import (
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The messages of testsigma_plan_run's lifecycle (plan_run_lifecycle.go decides when each
// is said): a wait left to resume, a replacement that stops the old run, a destroy whose
// stop went wrong.

// resumeError: the wait ended before the run did, and the run goes on, unjudged: without a
// verdict the apply fails, and the next apply waits for the same run.
func resumeError(we *testsigma.WaitError, o testsigma.Outcome, door frontDoor) diag.Diagnostic {
	why := "Terraform was interrupted before the run finished, and stop_on_interrupt = false left it going."
	if we.Reason == testsigma.WaitTimedOut {
		why = door.timedOutText() + ", and stop_on_timeout = false left it going." + lastReadsText(we) +
			" To let a timeout through as a warning instead, set on_timeout = \"warning\"."
	}
	return diag.NewErrorDiagnostic("The Testsigma run is still going; the next apply waits for it",
		why+" Without a verdict the apply fails, so nothing that depends on the run goes ahead. The run is kept in state, not judged: the next apply waits for this same run and judges it as this one would have, without starting another (also when Terraform marks the resource tainted).\n"+runSummary(o.Final, nil, o.FinalURL))
}

// stopOnReplaceWarning: the replaced run (runID) goes, and the stop_on_destroy = false the
// change sets comes too late for it.
func stopOnReplaceWarning(runID string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(path.Root("stop_on_destroy"), "The replaced run will be stopped",
		"This change replaces the resource while its run "+runID+" is still going, and that run was recorded with stop_on_destroy = true, so replacing it stops it: the new stop_on_destroy = false takes effect only once applied. To keep the run going, apply stop_on_destroy = false on its own first (that changes nothing else), then this change.")
}

// releaseWarning: a destroy's stop of the run (runID, its page url) went wrong. A run that
// no longer exists needs no stop, and says nothing.
func releaseWarning(runID int64, url string, err error) diag.Diagnostics {
	switch {
	case err == nil || testsigma.IsNotFound(err):
		return nil
	case testsigma.IsStopMissed(err):
		return diag.Diagnostics{diag.NewWarningDiagnostic("Testsigma may have stopped another run", errText(err)+".")}
	case testsigma.IsStopWithheld(err):
		return diag.Diagnostics{diag.NewWarningDiagnostic("The Testsigma run was not stopped", errText(err)+".")}
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Could not stop the Testsigma run",
		"Run "+strconv.FormatInt(runID, 10)+" may still be going: "+errText(err)+". Stop it in Testsigma if needed: "+url)}
}

// resumePlanDiag: an outcome attribute could not be planned unknown for a resumed wait.
func resumePlanDiag(at path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Cannot plan the resumed wait", err.Error())
}
