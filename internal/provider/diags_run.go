package provider

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The catalogue of what became of a run: the trigger, the wait and how it ended, the
// verdict, and the reads of a run by id. Every such wording is written here, once, and the
// resource, the action and the data sources all say it through these functions;
// TestDiagnostics_summariesWrittenOnce keeps it so.

// frontDoor is what the resource's and the action's diagnostics say differently: what
// became of the run and what happens next. Every other word is shared.
type frontDoor struct {
	timeout       string // the timeouts attribute that bounds the wait
	failedError   string // ends a failed run's error
	failedWarning string // ends a failed run's warning (on_failure = "warning")
	timeoutAdvice string // why a timeout ended the wait
	timeoutWarned string // the same, when on_timeout = "warning" made it a warning
	// timeoutStop is what to change when stop_on_timeout stopped the run; timeoutGoing
	// what becomes of a timed-out run left going.
	timeoutStop   string
	timeoutGoing  string
	waitEnded     string // ends the error of a wait that ended early, if anything does
	waitEndedWarn string // ends the warning of one, if anything does
	triggerLost   string // ends the error of a trigger whose answer was lost
	casesLost     string // what is missing when the test cases could not be read
}

// resourceDoor: testsigma_plan_run keeps the run in state.
var resourceDoor = frontDoor{
	timeout:       "create",
	failedError:   "The run is kept in state and the resource is tainted: the next apply runs the plan again. Set on_failure = \"warning\" to let the apply go on instead.",
	failedWarning: "on_failure = \"warning\", so the apply goes on; gate on the outputs (passed, failed_count) with a postcondition.",
	timeoutAdvice: "The create timeout passed before the run finished.",
	timeoutWarned: "The create timeout passed before the run finished; on_timeout = \"warning\", so the apply goes on.",
	timeoutStop:   "Raise timeouts.create to wait longer, or set stop_on_timeout = false to let the run finish: the next apply then waits for this same run instead of starting a new one.",
	timeoutGoing:  "The run goes on in Testsigma, and later refreshes record its result. Raise timeouts.create to wait longer.",
	waitEnded:     "The run id is kept in state and the resource is tainted: the next apply replaces it, which starts a new run of the plan.",
	waitEndedWarn: "The run id is kept in state.",
	triggerLost:   " Nothing was recorded in state.",
	casesLost:     "failed_tests is left empty",
}

// updateDoor: testsigma_plan_run resuming a wait in an update, which timeouts.update bounds.
var updateDoor = resourceDoor.timedBy("update")

// timedBy is d for a wait bounded by timeouts.<name> instead of timeouts.create.
func (d frontDoor) timedBy(name string) frontDoor {
	r := strings.NewReplacer("The create timeout", "The "+name+" timeout", "timeouts.create", "timeouts."+name)
	d.timeout, d.timeoutAdvice, d.timeoutWarned = name, r.Replace(d.timeoutAdvice), r.Replace(d.timeoutWarned)
	d.timeoutStop, d.timeoutGoing = r.Replace(d.timeoutStop), r.Replace(d.timeoutGoing)
	return d
}

func (d frontDoor) timedOutText() string {
	return "The " + d.timeout + " timeout passed before the run finished"
}

// actionDoor: testsigma_run_test_plan keeps nothing; what the failed apply does to the
// resource that triggered it is Terraform's to decide.
var actionDoor = frontDoor{
	timeout: "invoke",
	failedError: "The action failed. Before Terraform 1.16 that fails the apply, but what depends on the resource that triggered the action is applied anyway. " +
		"From Terraform 1.16 the action_trigger's on_failure decides: halt (the default) fails the apply and holds those back, but the next apply applies them without running the tests again; " +
		"taint also taints the triggering resource, so the next apply replaces it and runs the tests again; continue goes on. " +
		"For a gate that holds until the tests pass, use on_failure = taint (Terraform 1.16+) or the testsigma_plan_run resource. " +
		"Set this action's on_failure = \"warning\" to make a run that does not pass a warning instead.",
	failedWarning: "on_failure = \"warning\", so the apply goes on.",
	timeoutAdvice: "The invoke timeout passed before the run finished.",
	timeoutWarned: "The invoke timeout passed before the run finished.",
	timeoutStop:   "Raise timeouts.invoke to wait longer, or set stop_on_timeout = false to let the run finish in Testsigma after the action gives up waiting.",
	timeoutGoing:  "The run goes on in Testsigma; follow it at the link below. Raise timeouts.invoke to wait longer.",
	casesLost:     "the failed tests cannot be named",
}

// failedRunDiag: a finished run whose result is not accepted. It names the deciding
// attempt, and links it.
func (d frontDoor) failedRunDiag(asWarning bool, o testsigma.Outcome) diag.Diagnostic {
	const summary = "Testsigma run did not pass"
	// The counts are the deciding attempt's, as in state; rerunsText adds the whole plan's,
	// named as such.
	detail := runSummary(o.Final, o.FailedCases, o.FinalURL) + rerunsText(o) + offTargetText(o) + fmt.Sprintf("\nAccepted results: %s.", strings.Join(o.Accepted, ", "))
	if asWarning {
		return warnOrError(true, summary, detail+"\n"+d.failedWarning)
	}
	return warnOrError(false, summary, detail+"\n"+d.failedError)
}

// outcomeDiags is what a front door says once a wait is over: why it ended early, or that
// the run did not pass, and a warning when the failed tests could not be read.
func (d frontDoor) outcomeDiags(o testsigma.Outcome, we *testsigma.WaitError, warnOnFailure, warnOnTimeout bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if we != nil {
		warn := we.Reason == testsigma.WaitTimedOut && warnOnTimeout
		diags.Append(d.waitEndedDiag(warn, we, o))
		return diags
	}
	diags.Append(d.casesWarning(o)...)
	diags.Append(reasonsWarning(o)...)
	if !o.Passed {
		diags.Append(d.failedRunDiag(warnOnFailure, o))
	}
	return diags
}

// casesWarning: the failed tests are best effort; the run's result is what matters.
func (d frontDoor) casesWarning(o testsigma.Outcome) diag.Diagnostics {
	if o.CasesErr == nil {
		return nil
	}
	return diag.Diagnostics{casesUnreadDiag(true, d.casesLost+": "+errText(o.CasesErr)+".")}
}

// reasonsWarning: why tests failed is best effort too; it never changes the verdict.
func reasonsWarning(o testsigma.Outcome) diag.Diagnostics {
	if o.ReasonsErr == nil {
		return nil
	}
	return diag.Diagnostics{diag.NewWarningDiagnostic("Cannot read why the tests failed",
		"The failed tests are named, but the steps they failed at could not be read (message is left empty): "+errText(o.ReasonsErr)+". The verdict does not depend on it.")}
}

// runNotFoundDiag: the one summary of a run Testsigma does not have, an error where a read
// by id must never come back empty, a warning (with runPurgedText) where the resource keeps
// what it knew.
func runNotFoundDiag(asWarning bool, detail string) diag.Diagnostic {
	return warnOrError(asWarning, "Testsigma run not found", detail)
}

func runPurgedText(runID string) string {
	// Runs can be purged by retention. Removing the resource would silently start a new run
	// on the next apply, so it is kept.
	return "Run " + runID + " no longer exists in Testsigma (it may have been purged). The resource keeps its last known state; remove it with `terraform state rm` or taint it to run the plan again."
}

// waitEndedDiag: the wait timed out, was interrupted, or the API refused to answer.
func (d frontDoor) waitEndedDiag(asWarning bool, we *testsigma.WaitError, o testsigma.Outcome) diag.Diagnostic {
	run := we.Last // the engine names the run even when it read nothing of it
	advice := d.timeoutAdvice
	if asWarning {
		advice = d.timeoutWarned
	}
	summary, why := waitEndedText(we, advice)
	timedOut := we.Reason == testsigma.WaitTimedOut
	stopped := ""
	switch {
	case we.Stopped:
		stopped = " The run was stopped in Testsigma (only this run)."
		if timedOut {
			stopped += " " + d.timeoutStop
		}
	case testsigma.IsStopWithheld(we.StopErr):
		stopped = " The run was not stopped: " + errText(we.StopErr) + "."
	case we.StopErr != nil:
		stopped = " Stopping the run failed: " + errText(we.StopErr) + "."
	case timedOut:
		stopped = " " + d.timeoutGoing
	}
	detail := why + stopped + "\n" + runSummary(run, nil, o.FinalURL) + rerunsText(o)
	end := d.waitEnded
	if asWarning {
		end = d.waitEndedWarn
	}
	if end != "" {
		detail += "\n" + end
	}
	return warnOrError(asWarning, summary, detail)
}

// waitEndedText is the summary of a wait that ended early and why, shared by the resource
// and the run-result data source; only the advice on a timeout differs between them.
func waitEndedText(we *testsigma.WaitError, timeoutAdvice string) (summary, why string) {
	switch we.Reason {
	case testsigma.WaitTimedOut:
		return "Timed out waiting for the Testsigma run", timeoutAdvice + lastReadsText(we)
	case testsigma.WaitInterrupted:
		return "Interrupted while waiting for the Testsigma run", "Terraform was interrupted before the run finished." + lastReadsText(we)
	case testsigma.WaitRerunFailed:
		return "Cannot re-run the failed tests", "Re-running the failed tests failed: " + errText(we.Err) + "."
	}
	return "Cannot follow the Testsigma run", "Waiting stopped because the API answered: " + errText(we.Err) + "."
}

// lastReadsText: when the status reads were failing as the wait ended, that is why it never
// saw the run finish.
func lastReadsText(we *testsigma.WaitError) string {
	switch {
	case we.LastErr == nil:
		return ""
	case errors.Is(we.LastErr, testsigma.ErrRateLimited):
		return " The last status reads were not sent: the provider's own rate limit (max_requests_per_second) had no slot for them before the deadline; raise max_requests_per_second or the timeout."
	}
	return " The last status reads failed: " + errText(we.LastErr) + "."
}

// readWaitEndedDiag: testsigma_run_result's wait ended before the run finished. The data
// source did not start the run, so it never stops it; saying so keeps users from worrying.
func readWaitEndedDiag(we *testsigma.WaitError, timeout time.Duration, appURL string) diag.Diagnostic {
	run := we.Last
	summary, why := waitEndedText(we, fmt.Sprintf("The read timeout (%s) passed before the run finished. Raise timeouts.read, or set wait_for_completion = false to read the run as it is now.", timeout))
	return diag.NewErrorDiagnostic(summary, why+" The run was left going: this data source did not start it, so it never stops it.\n"+runSummary(run, nil, appURL))
}

// runReadDiag explains a failed read of a run by id. A 404 names the id: a data source must
// never turn a wrong id into an empty result.
func runReadDiag(runID int64, err error) diag.Diagnostic {
	if testsigma.IsNotFound(err) {
		return runNotFoundDiag(false,
			fmt.Sprintf("Run %d not found in Testsigma (%s). A run id is the number at the end of the run's URL (…/ui/td/runs/<id>); check it, and that the API key belongs to the run's account. Old runs may also have been purged by retention.", runID, errText(err)))
	}
	return diag.NewErrorDiagnostic("Cannot read the Testsigma run", fmt.Sprintf("Reading run %d failed: %s.", runID, errText(err)))
}

// testCasesDiag: testsigma_run_result without its test cases would be a partial answer.
func testCasesDiag(runID int64, err error) diag.Diagnostic {
	if testsigma.IsNotFound(err) {
		return runReadDiag(runID, err)
	}
	return casesUnreadDiag(false, fmt.Sprintf("Reading the test cases of run %d failed: %s.", runID, errText(err)))
}

// casesUnreadDiag: the one summary of test cases that could not be read, a warning where
// the verdict does not need them and an error where they are the answer.
func casesUnreadDiag(asWarning bool, detail string) diag.Diagnostic {
	return warnOrError(asWarning, "Cannot list the run's test cases", detail)
}

// warnOrError is the diagnostic of one wording that is a warning where the user chose so
// (on_failure, on_timeout) or where the rest of the answer stands, and an error elsewhere.
func warnOrError(asWarning bool, summary, detail string) diag.Diagnostic {
	if asWarning {
		return diag.NewWarningDiagnostic(summary, detail)
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// junitReportDiag explains why there is no JUnit report to hand on.
func junitReportDiag(runID int64, err error) diag.Diagnostic {
	switch {
	case errors.Is(err, testsigma.ErrReportNotReady):
		return diag.NewErrorDiagnostic("Testsigma run not complete",
			fmt.Sprintf("Run %d is not complete yet, and Testsigma makes the JUnit report only once a run is complete. Read it after the run: take run_id from a testsigma_plan_run that waits for completion, or make this data source depend on a data \"testsigma_run_result\" with wait_for_completion = true.", runID))
	case testsigma.IsNotFound(err):
		return runReadDiag(runID, err)
	}
	return diag.NewErrorDiagnostic("Cannot read the JUnit report", fmt.Sprintf("Reading the JUnit report of run %d failed: %s.", runID, errText(err)))
}

// triggerDiag explains a trigger that failed.
func (d frontDoor) triggerDiag(testPlanID int64, err error) diag.Diagnostic {
	var te *testsigma.TriggerError
	switch {
	case testsigma.IsCurrentlyRunning(err):
		return diag.NewErrorDiagnostic("Test plan is already running",
			fmt.Sprintf("Testsigma refused to start test plan %d because a run of it is still going. Wait for that run to finish (or stop it in Testsigma) and apply again. No run was started.", testPlanID))
	case testsigma.IsUnauthorized(err):
		return keyRejectedDiag(fmt.Sprintf("Starting test plan %d", testPlanID), err, "run test plans", "No run was started.")
	case errors.As(err, &te) && te.MayHaveStarted:
		return diag.NewErrorDiagnostic("A Testsigma run may have started",
			errText(err)+"."+d.triggerLost)
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

// otherRunWarning: a refresh answered with another plan's (or build's) run under the
// recorded id; refresh_guard.go decides when.
func otherRunWarning(run testsigma.Run, wantPlan int64, wantBuild string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Testsigma answered about another run",
		fmt.Sprintf("Run %d in Testsigma is of test plan %d with build number %q, but this resource recorded run %d of test plan %d with build number %q: api_key or base_url may now point at another Testsigma account. The resource keeps its last known state and was not updated from that run; check api_key and base_url.",
			run.ID, run.TestPlanID, run.BuildNumber, run.ID, wantPlan, wantBuild))
}
