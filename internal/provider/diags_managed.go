package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// The catalogue of what became of the managed objects, testsigma_environment and
// testsigma_schedule, in Testsigma: calls that failed, objects gone, writes Testsigma did not
// take as sent. Every such wording is written here, once;
// TestDiagnostics_summariesWrittenOnce keeps it so.

// objectCallDiag: verb is what could not be done ("update"), object what to ("environment"),
// detail what failed and why (see failedText, envWriteText).
func objectCallDiag(verb, object, detail string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot "+verb+" the Testsigma "+object, detail)
}

// failedText: doing is the call, with what it was about ("Reading schedule 7").
func failedText(doing string, err error) string {
	return doing + " failed: " + errText(err) + "."
}

// envWriteText: a name another environment has is the one refusal with an obvious way out.
func envWriteText(doing, name string, err error) string {
	text := failedText(fmt.Sprintf("%s environment %q", doing, name), err)
	if strings.Contains(err.Error(), "same name") {
		text += " Another environment has this name: choose another name, or import that environment (terraform import <address> <id>) to manage it."
	}
	return text
}

// goneWarning: a refresh found no object; the state forgets it, so the next apply creates it.
// title starts the detail ("Schedule"), extra ends it ("" or a sentence).
func goneWarning(object, title string, id int64, err error, extra string) diag.Diagnostic {
	detail := fmt.Sprintf("%s %d was not found in Testsigma (%s), so it is removed from the state; the next apply creates it again.", title, id, errText(err))
	if extra != "" {
		detail += " " + extra
	}
	return diag.NewWarningDiagnostic("Testsigma "+object+" is gone", detail)
}

// envDestroyPlanWarning: the plan says before the apply that destroy only forgets.
func envDestroyPlanWarning(name string, id int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Destroying testsigma_environment leaves it in Testsigma",
		fmt.Sprintf("Environment %q (id %d): %s", name, id, envDestroyText))
}

// envLeftWarning: the apply says it again, once it is done.
func envLeftWarning(name string, id int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Testsigma environment left in Testsigma",
		fmt.Sprintf("Environment %q (id %d) was removed from the Terraform state only. %s", name, id, envDestroyText))
}

// keptVariablesWarning: the docs do not say whether a PUT removes the variables it leaves out.
func keptVariablesWarning(id int64, kept []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Testsigma kept variables the configuration removed",
		fmt.Sprintf("Environment %d still has %s after the update, which sent the variables without them. The Testsigma API documents no way to delete one variable; remove them in Testsigma, or the next plan shows them again.", id, strings.Join(kept, ", ")))
}

// statusRefusedText is the error when Testsigma answers another status than the one sent:
// the only documented status is ACTIVE, so INACTIVE may be ignored rather than refused.
func statusRefusedText(id int64, sent, got, after string) string {
	return fmt.Sprintf("Testsigma answered status %s for schedule %d, which was sent as %s. The API documents only ACTIVE, so this account may not switch schedules off through the API. %s", got, id, sent, after)
}

// scheduleNotOffDiag: a schedule created disabled came back with another status; after says
// what was done about it.
func scheduleNotOffDiag(id int64, sent, got, after string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Testsigma did not switch the schedule off", statusRefusedText(id, sent, got, after))
}

// statusUnchangedDiag: an update's status was not taken; the other changes were.
func statusUnchangedDiag(id int64, sent, got string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Testsigma did not change the schedule's status", statusRefusedText(id, sent, got,
		"The other changes were sent; the state keeps the schedule as it was, so the next plan shows the change again."))
}

// scheduleUnreadableDiag: detect_drift needs a GET the docs do not list, and this account
// refused it. A warning, not an error: an error would fail the very refresh that must run
// before detect_drift = false can be applied, so the advice could never be followed.
func scheduleUnreadableDiag(id int64, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Testsigma does not read schedules back",
		fmt.Sprintf("detect_drift = true reads schedule %d with GET /api/v1/schedule_executions/%d, which Testsigma's docs do not list, and this account refused it (%s), so drift is not detected: the state keeps what the last apply sent. Set detect_drift = false and apply (that change sends nothing to Testsigma) to stop trying.", id, id, errText(err)))
}

// variablesAddedAfterPlanDiag: the update would delete variables the plan did not show.
func variablesAddedAfterPlanDiag(id int64, keys []string) diag.Diagnostic {
	return objectCallDiag("update", "environment", fmt.Sprintf(
		"Environment %d has variables the plan did not show: %s (added in Testsigma after the plan was made). The update sends the whole variable list, so it would delete them; nothing was sent. Run terraform plan again to see their removal, or add them to the configuration to keep them.",
		id, strings.Join(keys, ", ")))
}

// scheduleImportedByIDDiag: an import on an account that cannot read schedules keeps the id
// alone. A warning: the import works, but what the next apply overwrites must be said.
func scheduleImportedByIDDiag(id int64, err error) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Schedule imported by its id alone",
		fmt.Sprintf("Testsigma's documented API has no way to read a schedule, and this account refused the undocumented GET /api/v1/schedule_executions/%d (%s), so nothing of schedule %d was read, not even whether it exists. The state holds its id only: the next apply sends the whole schedule from the configuration to it (an update in place), replacing its name, type, start time, zone, saved config and status in Testsigma. Check that the plan shows the values the schedule should have; if schedule %d does not exist, that apply fails.", id, errText(err), id, id))
}

// idUpgradeDiag: a state from before ids were strings could not be converted (why).
func idUpgradeDiag(why string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot upgrade the state",
		"The state of this resource was written when its id was a number, and converting it to a string failed ("+why+"). Remove it with terraform state rm and import it again.")
}
