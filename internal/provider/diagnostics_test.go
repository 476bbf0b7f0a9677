package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
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

// After a re-run of the failed tests, the counts are the deciding attempt's (the 2 cases
// the re-run ran), as in state; the whole plan's (6 cases) follow, named as such. One re-run
// is "1 time (run 5003)".
func TestWording_failedAfterRerunCountsTheDecidingAttemptThenTheWholePlan(t *testing.T) {
	t.Parallel()
	first, rerun := counted(5001, 6, 4, 2), counted(5003, 2, 1, 1)
	o := testsigma.Outcome{Runs: []testsigma.Run{first, rerun}, Final: rerun, Accepted: []string{"SUCCESS"},
		FailedCases: []testsigma.FailedCase{{Name: "Checkout", Step: "Click on Pay now", Message: "Element is not displayed"}},
		URL:         pinURL + "5001", FinalURL: pinURL + "5003"}
	pinned(t, resourceDoor.failedRunDiag(false, o), diag.SeverityError, "Testsigma run did not pass",
		"Run 5003 of test plan 1001 (Smoke) finished with FAILURE. 2 test cases: 1 passed, 1 failed.\n"+
			"Failed tests:\n- Checkout: Click on Pay now: Element is not displayed\nDetails: "+pinURL+"5003\n"+
			"Re-ran the failed tests 1 time (run 5003); the last attempt decides. The whole plan, each test as its last attempt left it: 6 test cases: 5 passed, 1 failed. First run: "+pinURL+"5001\n"+
			"Accepted results: SUCCESS.\n"+
			"The run is kept in state and the resource is tainted: the next apply runs the plan again. Set on_failure = \"warning\" to let the apply go on instead.")
}

// After Testsigma's automatic re-run, the error names the re-run that decided and links
// it, next to the counts that are its own.
func TestWording_failedAutomaticRerunNamesTheAttemptThatDecided(t *testing.T) {
	t.Parallel()
	run := counted(5001, 2, 1, 1)
	run.RerunID = n64(5002)
	o := testsigma.Outcome{Runs: []testsigma.Run{run}, Final: run, Accepted: []string{"SUCCESS"}, URL: pinURL + "5001", FinalURL: pinURL + "5002"}
	pinned(t, actionDoor.failedRunDiag(true, o), diag.SeverityWarning, "Testsigma run did not pass",
		"Run 5001 of test plan 1001 (Smoke), decided by its automatic re-run 5002, finished with FAILURE. 2 test cases: 1 passed, 1 failed.\nDetails: "+pinURL+"5002\n"+
			"Accepted results: SUCCESS.\non_failure = \"warning\", so the apply goes on.")
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

func count(n int64) *int64 { return &n }

// D16 (b) (R23): of 3,000 failed cases, 10 are named and state keeps 50; the summary counts
// the 2,990 others from the run's counts, not the 40 others it holds.
func TestD16b_andMoreCountsEveryFailure(t *testing.T) {
	t.Parallel()
	failed := make([]testsigma.FailedCase, testsigma.MaxFailedCases)
	for i := range failed {
		failed[i] = testsigma.FailedCase{Name: fmt.Sprint("Case ", i), Result: "FAILURE"}
	}
	run := testsigma.Run{ID: 5001, TestPlanID: 1, Finished: true, Result: "FAILURE", Counts: testsigma.Counts{Total: count(3000), Passed: count(0), Failed: count(3000)}}
	if s := runSummary(run, failed, "u"); !strings.Contains(s, "- and 2990 more") {
		t.Errorf("summary:\n%s", s)
	}
	run.Counts = testsigma.Counts{}
	if s := runSummary(run, failed, "u"); !strings.Contains(s, "- and 40 more") {
		t.Errorf("without counts, the cases held are what is known:\n%s", s)
	}
}

// D16 (d): no "0 test cases." for a run not started, and "1 test case".
func TestD16d_countsGrammar(t *testing.T) {
	t.Parallel()
	for want, c := range map[string]testsigma.Counts{
		"":                        {Total: count(0), Passed: count(0)},
		"1 test case.":            {Total: count(1)},
		"1 test case: 1 passed.":  {Total: count(1), Passed: count(1)},
		"2 test cases: 1 failed.": {Total: count(2), Failed: count(1)},
	} {
		if got := countsText(c); got != want {
			t.Errorf("countsText = %q, want %q", got, want)
		}
	}
}

// D16 (e): a retry before the first good poll is logged about the run being followed, never
// as run_id=0 (the retry event carries no run: nothing has been read yet).
func TestD16e_retryBeforeTheFirstPollHasNoRunIDZero(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logEvents(tflogtest.RootLogger(t.Context(), &buf))
	log(testsigma.Event{Kind: testsigma.EventStarted, Run: testsigma.Run{ID: 5001, TestPlanID: 1001}})
	log(testsigma.Event{Kind: testsigma.EventRetrying, Err: fmt.Errorf("503"), Failures: 1})
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d log entries, %v:\n%s", len(entries), err, buf.String())
	}
	if id := entries[1]["run_id"]; id != float64(5001) || !strings.Contains(entries[1]["@message"].(string), "run 5001") {
		t.Errorf("the retry is logged as %v (run_id %v), want it about run 5001", entries[1]["@message"], id)
	}
}

// D16 (f) (R24): a resumed wait whose run answers 404 keeps its last known status and
// result in state, as the warning says. (The first apply fails without a verdict; the
// second, its replacement, takes the same run up, and reads 404.)
func TestD16f_runGoneOnResumeKeepsItsLastKnownState(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}")
	// What the first apply recorded: the run as its trigger answered (the clock stands still).
	before := map[string]string{"id": "5001", "status": "STATUS_CREATED", "result": "QUEUED"}
	kept := checkKept(runAddr, func(a map[string]string, _ bool) error {
		for _, k := range []string{"id", "status", "result"} {
			if a[k] != before[k] {
				return fmt.Errorf("%s went from %q to %q", k, before[k], a[k])
			}
		}
		return nil
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: words("The Testsigma run is still going; the next apply waits for it")},
			{
				PreConfig:   func() { emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(404)) },
				Config:      cfg,
				ExpectError: words("404"),
			},
			{RefreshState: true, ExpectNonEmptyPlan: true, Check: kept},
		},
	})
	expectTriggers(t, emu, 1)
}

// What TF_LOG_PROVIDER=INFO shows while a run is followed: one short sentence per event,
// the link only where the wait (or a re-run) starts, and no field but run_id.
func TestLogEvents_oneSentencePerEvent(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logEvents(tflogtest.RootLogger(t.Context(), &buf))
	running := testsigma.Run{ID: 5001, TestPlanID: 1001, TestPlanName: "Smoke", Status: testsigma.StatusInProgress,
		Counts: testsigma.Counts{Total: n64(40), Passed: n64(11), Failed: n64(1)}}
	done := counted(5001, 40, 38, 2)
	for _, e := range []testsigma.Event{
		{Kind: testsigma.EventStarted, Run: testsigma.Run{ID: 5001, TestPlanID: 1001, TestPlanName: "Smoke"}, URL: pinURL + "5001"},
		{Kind: testsigma.EventRetrying, Err: errors.New("GET /execution_results/5001: 503 Service Unavailable"), Failures: 1, Elapsed: 3 * time.Second},
		{Kind: testsigma.EventPolled, Run: running, Poll: 2, Elapsed: 8 * time.Second},
		{Kind: testsigma.EventStatus, Run: running, Elapsed: 8 * time.Second},
		{Kind: testsigma.EventProgress, Run: running, Elapsed: 65 * time.Second},
		{Kind: testsigma.EventRerun, Run: testsigma.Run{ID: 5003, TestPlanID: 1001}, URL: pinURL + "5003", Elapsed: 130 * time.Second},
		{Kind: testsigma.EventFinished, Run: done, Elapsed: 190 * time.Second},
	} {
		log(e)
	}
	want := []struct{ level, message string }{
		{"info", "Testsigma run 5001 of test plan 1001 (Smoke) started: " + pinURL + "5001"},
		{"warn", "Testsigma run 5001: reading its status failed (1 in a row), retrying: GET /execution_results/5001: 503 Service Unavailable"},
		{"debug", "Testsigma run 5001: polled, STATUS_IN_PROGRESS (poll 2, waited 8s)"},
		{"info", "Testsigma run 5001: STATUS_IN_PROGRESS (waited 8s)"},
		{"info", "Testsigma run 5001: 12/40 done, 1 failed (waited 1m5s)"},
		{"info", "Testsigma re-running failed tests: run 5003: " + pinURL + "5003"},
		{"info", "Testsigma run 5001 did not pass: FAILURE, 40 test cases: 38 passed, 2 failed (waited 3m10s)"},
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), len(want), buf.String())
	}
	for i, l := range lines {
		var entry map[string]any
		if err := json.Unmarshal([]byte(l), &entry); err != nil {
			t.Fatal(err)
		}
		if entry["@level"] != want[i].level || entry["@message"] != want[i].message {
			t.Errorf("line %d: [%v] %q\nwant [%s] %q", i, entry["@level"], entry["@message"], want[i].level, want[i].message)
		}
		for k, v := range entry {
			if !strings.HasPrefix(k, "@") && k != "run_id" {
				t.Errorf("line %d has field %s = %v: only run_id is wanted", i, k, v)
			}
		}
		if entry["run_id"] == nil {
			t.Errorf("line %d has no run_id", i)
		}
		if n := strings.Count(entry["@message"].(string), "http"); n > 1 || n == 1 && i != 0 && i != 5 {
			t.Errorf("line %d carries a link: only the start and a re-run do", i)
		}
	}
}
