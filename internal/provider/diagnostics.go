package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// Every diagnostic wording about runs lives here, written once.

func providerDataFrom(raw any, diags *diag.Diagnostics) *providerData {
	if raw == nil {
		return nil
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil
	}
	return data
}

func notConfiguredDiag() diag.Diagnostic {
	return diag.NewErrorDiagnostic("Testsigma provider not configured",
		"The provider has no API key or base URL yet, usually because they depend on values only known after apply. Set api_key/base_url (or TESTSIGMA_API_KEY/TESTSIGMA_BASE_URL) to known values.")
}

// runSummary is the one description of a run used in errors and warnings.
func runSummary(run testsigma.Run, failedTests []string, appURL string) string {
	var b strings.Builder
	plan := fmt.Sprintf("test plan %d", run.TestPlanID)
	if run.TestPlanName != "" {
		plan += fmt.Sprintf(" (%s)", run.TestPlanName)
	}
	result := run.Result
	if result == "" {
		result = "no result"
	}
	if run.Finished {
		fmt.Fprintf(&b, "Run %d of %s finished with %s", run.ID, plan, result)
	} else {
		fmt.Fprintf(&b, "Run %d of %s is %s", run.ID, plan, orUnknown(run.Status))
	}
	if run.Message != "" {
		fmt.Fprintf(&b, ": %s", run.Message)
	}
	b.WriteString(".")
	if c := countsText(run.Counts); c != "" {
		b.WriteString(" " + c)
	}
	if len(failedTests) > 0 {
		shown := failedTests[:min(len(failedTests), 10)]
		fmt.Fprintf(&b, "\nFailed tests: %s", strings.Join(shown, ", "))
		if len(failedTests) > len(shown) {
			fmt.Fprintf(&b, " and %d more", len(failedTests)-len(shown))
		}
		b.WriteString(".")
	}
	fmt.Fprintf(&b, "\nDetails: %s", appURL)
	return b.String()
}

func countsText(c testsigma.Counts) string {
	if c.Total == nil {
		return ""
	}
	parts := []string{}
	for _, p := range []struct {
		n    *int64
		name string
	}{{c.Passed, "passed"}, {c.Failed, "failed"}, {c.Aborted, "aborted"}, {c.Stopped, "stopped"}, {c.NotExecuted, "not executed"}, {c.Queued, "queued"}} {
		if p.n != nil && *p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", *p.n, p.name))
		}
	}
	return fmt.Sprintf("%d test cases: %s.", *c.Total, strings.Join(parts, ", "))
}

func orUnknown(s string) string {
	if s == "" {
		return "in an unknown state"
	}
	return s
}

// failedRunDiag: a finished run whose result is not accepted.
func failedRunDiag(asWarning bool, run testsigma.Run, accepted, failedTests []string, appURL string) diag.Diagnostic {
	summary := "Testsigma run did not pass"
	detail := runSummary(run, failedTests, appURL) + fmt.Sprintf("\nAccepted results: %s.", strings.Join(accepted, ", "))
	if asWarning {
		return diag.NewWarningDiagnostic(summary, detail+"\non_failure = \"warning\", so the apply goes on; gate on the outputs (passed, failed_count) with a postcondition.")
	}
	return diag.NewErrorDiagnostic(summary, detail+"\nThe run is kept in state and the resource is tainted: the next apply runs the plan again. Set on_failure = \"warning\" to let the apply go on instead.")
}

// waitEndedDiag: the wait timed out, was interrupted, or the API refused to answer.
func waitEndedDiag(asWarning bool, we *testsigma.WaitError, appURL string) diag.Diagnostic {
	run := we.Last
	run.ID = we.RunID
	var summary, why string
	switch we.Reason {
	case testsigma.WaitTimedOut:
		summary, why = "Timed out waiting for the Testsigma run", "The create timeout passed before the run finished. Raise timeouts.create, or set on_timeout = \"warning\" to keep going and let later refreshes record the result."
	case testsigma.WaitInterrupted:
		summary, why = "Interrupted while waiting for the Testsigma run", "Terraform was interrupted before the run finished."
	default:
		summary, why = "Cannot follow the Testsigma run", "Waiting stopped because the API answered: "+errText(we.Err)+"."
	}
	stopped := ""
	switch {
	case we.Stopped:
		stopped = " The run was stopped in Testsigma (only this run)."
	case we.StopErr != nil:
		stopped = " Stopping the run failed: " + errText(we.StopErr) + "."
	}
	detail := why + stopped + "\n" + runSummary(run, nil, appURL) + "\nThe run id is kept in state."
	if asWarning {
		return diag.NewWarningDiagnostic(summary, detail)
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// triggerDiag explains a trigger that failed; nothing is in state afterwards.
func triggerDiag(testPlanID int64, err error) diag.Diagnostic {
	var te *testsigma.TriggerError
	switch {
	case testsigma.IsCurrentlyRunning(err):
		return diag.NewErrorDiagnostic("Test plan is already running",
			fmt.Sprintf("Testsigma refused to start test plan %d because a run of it is still going. Wait for that run to finish (or stop it in Testsigma) and apply again. No run was started.", testPlanID))
	case testsigma.IsUnauthorized(err):
		return diag.NewErrorDiagnostic("Testsigma rejected the API key",
			fmt.Sprintf("Starting test plan %d failed: %s. Check api_key / TESTSIGMA_API_KEY and that the key may run test plans. No run was started.", testPlanID, errText(err)))
	case errors.As(err, &te) && te.MayHaveStarted:
		return diag.NewErrorDiagnostic("A Testsigma run may have started",
			fmt.Sprintf("%s. Nothing was recorded in state.", errText(err)))
	}
	return diag.NewErrorDiagnostic("Cannot start the Testsigma run", errText(err)+".")
}

// errText is an error as a sentence fragment (no trailing period).
func errText(err error) string {
	if err == nil {
		return "no error"
	}
	return strings.TrimSuffix(err.Error(), ".")
}
