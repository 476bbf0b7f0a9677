package provider

import (
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The wordings a review quoted, pinned whole: what the user reads after a timeout or a
// re-run. A change to any of them is a change to what users are told, and shows here.

func n64(n int64) *int64 { return &n }

// counted is a finished red run of plan 1001 with these counts.
func counted(id int64, total, passed, failed int64) testsigma.Run {
	return testsigma.Run{ID: id, TestPlanID: 1001, TestPlanName: "Smoke", Status: testsigma.StatusCompleted, Result: testsigma.ResultFailure, Finished: true,
		Counts: testsigma.Counts{Total: n64(total), Passed: n64(passed), Failed: n64(failed)}}
}

const pinURL = "https://app.testsigma.com/ui/td/runs/"

func timedOut(stopped bool) *testsigma.WaitError {
	return &testsigma.WaitError{RunID: 5001, Reason: testsigma.WaitTimedOut, Stopped: stopped,
		Last: testsigma.Run{ID: 5001, TestPlanID: 1001, TestPlanName: "Smoke", Status: testsigma.StatusInProgress}}
}

func pinned(t *testing.T, d diag.Diagnostic, severity diag.Severity, summary, detail string) {
	t.Helper()
	if d.Severity() != severity || d.Summary() != summary || d.Detail() != detail {
		t.Errorf("got %s %q:\n%s\n\nwant %s %q:\n%s", d.Severity(), d.Summary(), d.Detail(), severity, summary, detail)
	}
}

func TestWording_resourceTimeoutSaysTaintedAndWhatStopOnTimeoutDid(t *testing.T) {
	t.Parallel()
	o := testsigma.Outcome{FinalURL: pinURL + "5001"}
	pinned(t, resourceDoor.waitEndedDiag(false, timedOut(true), o), diag.SeverityError, "Timed out waiting for the Testsigma run",
		"The create timeout passed before the run finished. The run was stopped in Testsigma (only this run). "+
			"Raise timeouts.create to wait longer, or set stop_on_timeout = false to let the run finish: the next apply then waits for this same run instead of starting a new one.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001\n"+
			"The run id is kept in state and the resource is tainted: the next apply replaces it, which starts a new run of the plan.")
}

func TestWording_resourceTimeoutWarning(t *testing.T) {
	t.Parallel()
	o := testsigma.Outcome{FinalURL: pinURL + "5001"}
	pinned(t, resourceDoor.waitEndedDiag(true, timedOut(true), o), diag.SeverityWarning, "Timed out waiting for the Testsigma run",
		"The create timeout passed before the run finished; on_timeout = \"warning\", so the apply goes on. The run was stopped in Testsigma (only this run). "+
			"Raise timeouts.create to wait longer, or set stop_on_timeout = false to let the run finish: the next apply then waits for this same run instead of starting a new one.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001\n"+
			"The run id is kept in state.")
	pinned(t, resourceDoor.waitEndedDiag(true, timedOut(false), o), diag.SeverityWarning, "Timed out waiting for the Testsigma run",
		"The create timeout passed before the run finished; on_timeout = \"warning\", so the apply goes on. "+
			"The run goes on in Testsigma, and later refreshes record its result. Raise timeouts.create to wait longer.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001\n"+
			"The run id is kept in state.")
}

func TestWording_actionTimeout(t *testing.T) {
	t.Parallel()
	o := testsigma.Outcome{FinalURL: pinURL + "5001"}
	pinned(t, actionDoor.waitEndedDiag(false, timedOut(true), o), diag.SeverityError, "Timed out waiting for the Testsigma run",
		"The invoke timeout passed before the run finished. The run was stopped in Testsigma (only this run). "+
			"Raise timeouts.invoke to wait longer, or set stop_on_timeout = false to let the run finish in Testsigma after the action gives up waiting.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001")
	pinned(t, actionDoor.waitEndedDiag(false, timedOut(false), o), diag.SeverityError, "Timed out waiting for the Testsigma run",
		"The invoke timeout passed before the run finished. The run goes on in Testsigma; follow it at the link below. Raise timeouts.invoke to wait longer.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001")
}

func TestWording_timeoutWhoseStopFailed(t *testing.T) {
	t.Parallel()
	we := timedOut(false)
	we.StopErr = errors.New("POST /execution_results/5001/stop: 503 Service Unavailable")
	d := resourceDoor.waitEndedDiag(false, we, testsigma.Outcome{FinalURL: pinURL + "5001"})
	pinned(t, d, diag.SeverityError, "Timed out waiting for the Testsigma run",
		"The create timeout passed before the run finished. Stopping the run failed: POST /execution_results/5001/stop: 503 Service Unavailable.\n"+
			"Run 5001 of test plan 1001 (Smoke) is STATUS_IN_PROGRESS.\nDetails: "+pinURL+"5001\n"+
			"The run id is kept in state and the resource is tainted: the next apply replaces it, which starts a new run of the plan.")
}

// After a re-run of the failed tests, the counts are the whole plan's (6 cases, not the 2
// the re-run ran), and one re-run is "1 time (run 5003)".
func TestWording_failedAfterRerunCountsTheWholePlan(t *testing.T) {
	t.Parallel()
	first, rerun := counted(5001, 6, 4, 2), counted(5003, 2, 1, 1)
	o := testsigma.Outcome{Runs: []testsigma.Run{first, rerun}, Final: rerun, Accepted: []string{"SUCCESS"},
		FailedCases: []testsigma.FailedCase{{Name: "Checkout", Step: "Click on Pay now", Message: "Element is not displayed"}},
		URL:         pinURL + "5001", FinalURL: pinURL + "5003"}
	pinned(t, resourceDoor.failedRunDiag(false, o), diag.SeverityError, "Testsigma run did not pass",
		"Run 5003 of test plan 1001 (Smoke) finished with FAILURE. 6 test cases: 5 passed, 1 failed.\n"+
			"Failed tests:\n- Checkout: Click on Pay now: Element is not displayed\nDetails: "+pinURL+"5003\n"+
			"Re-ran the failed tests 1 time (run 5003); the last attempt decides, and the counts are the whole plan's, each test as its last attempt left it. First run: "+pinURL+"5001\n"+
			"Accepted results: SUCCESS.\n"+
			"The run is kept in state and the resource is tainted: the next apply runs the plan again. Set on_failure = \"warning\" to let the apply go on instead.")
}

func TestWording_oneTestCase(t *testing.T) {
	t.Parallel()
	run := counted(5001, 1, 0, 1)
	o := testsigma.Outcome{Runs: []testsigma.Run{run}, Final: run, Accepted: []string{"SUCCESS"}, URL: pinURL + "5001", FinalURL: pinURL + "5001"}
	pinned(t, actionDoor.failedRunDiag(true, o), diag.SeverityWarning, "Testsigma run did not pass",
		"Run 5001 of test plan 1001 (Smoke) finished with FAILURE. 1 test case: 1 failed.\nDetails: "+pinURL+"5001\n"+
			"Accepted results: SUCCESS.\non_failure = \"warning\", so the apply goes on.")
}

// Counts that are unknown for an attempt are never made up: the last attempt's stand.
func TestPlanCounts_unknownKeepsTheLastAttempts(t *testing.T) {
	t.Parallel()
	first, rerun := counted(5001, 6, 4, 2), counted(5003, 2, 1, 1)
	first.Counts.Passed = nil
	c, whole := planCounts([]testsigma.Run{first, rerun})
	if whole || *c.Total != 2 {
		t.Errorf("planCounts = %d cases (whole %v), want the last attempt's 2", *c.Total, whole)
	}
}
