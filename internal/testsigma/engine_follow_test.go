package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func flakyPlan(id int64, flakyRuns int) emulator.Plan {
	return emulator.Plan{ID: id, Name: "Checkout", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
		{ID: 2, Name: "Pay now", FlakyRuns: flakyRuns, SuiteName: "Checkout", FailStep: "Click on Pay now", FailMessage: "Element is not displayed"},
		{ID: 3, Name: "Receipt", Result: "SUCCESS", SuiteName: "Checkout"},
	}}
}

// triggerAndFollow starts a run of the plan and follows it with the policy, recording events.
func triggerAndFollow(t *testing.T, c *Client, planID int64, p Policy) (Outcome, *WaitError, []Event) {
	t.Helper()
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: planID})
	if err != nil {
		t.Fatal(err)
	}
	var events []Event
	p.OnEvent = func(e Event) { events = append(events, e) }
	o, we := c.Follow(context.Background(), run, p)
	return o, we, events
}

// rerunPosts are the re-run POSTs the emulator saw, decoded.
func rerunPosts(t *testing.T, emu *emulator.Server) []rerunRequest {
	t.Helper()
	var out []rerunRequest
	for _, r := range emu.Requests() {
		if r.Method != "POST" || !strings.Contains(string(r.Body), `"isReRun":true`) {
			continue
		}
		var req rerunRequest
		if err := json.Unmarshal(r.Body, &req); err != nil {
			t.Fatal(err)
		}
		out = append(out, req)
	}
	return out
}

// A test that fails once passes on its re-run: the verdict is the re-run's, one re-run POST
// picked exactly the failed case, and the outcome lists both attempts.
func TestFollow_rerunPassesAFlakyTest(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(10, 1))
	o, we, events := triggerAndFollow(t, c, 10, Policy{Reruns: 3})
	if we != nil {
		t.Fatal(we)
	}
	if !o.Passed || len(o.Runs) != 2 || o.Final.ID != o.Runs[1].ID || len(o.FailedCases) != 0 {
		t.Fatalf("outcome: passed %v, %d attempts, final %d, failed %v", o.Passed, len(o.Runs), o.Final.ID, o.FailedCases)
	}
	posts := rerunPosts(t, emu)
	if len(posts) != 1 || posts[0].ParentID != o.Runs[0].ID || posts[0].Type != "USER_PICKED" || len(posts[0].Cases) != 1 {
		t.Fatalf("re-run POSTs = %+v, want one picking the one failed case of run %d", posts, o.Runs[0].ID)
	}
	if o.URL != c.RunURL(o.Runs[0].ID) || o.FinalURL != c.RunURL(o.Final.ID) {
		t.Errorf("URL %s / FinalURL %s", o.URL, o.FinalURL)
	}
	reruns := 0
	for _, e := range events {
		if e.Kind == EventRerun {
			reruns++
			if e.Run.ID != o.Runs[1].ID || len(e.Attempts) != 2 {
				t.Errorf("re-run event for run %d with %d attempts", e.Run.ID, len(e.Attempts))
			}
		}
	}
	if reruns != 1 || events[len(events)-1].Kind != EventFinished || !events[len(events)-1].Passed {
		t.Errorf("%d re-run events; last event %+v", reruns, events[len(events)-1])
	}
}

// A test that keeps failing is re-run N times, each time from the last attempt, never the
// same parent twice, and the outcome says why it failed.
func TestFollow_rerunsChainFromTheLastAttempt(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(11, 99))
	o, we, _ := triggerAndFollow(t, c, 11, Policy{Reruns: 2})
	if we != nil {
		t.Fatal(we)
	}
	if o.Passed || len(o.Runs) != 3 {
		t.Fatalf("passed %v after %d attempts, want a failure after 3", o.Passed, len(o.Runs))
	}
	posts := rerunPosts(t, emu)
	if len(posts) != 2 || posts[0].ParentID != o.Runs[0].ID || posts[1].ParentID != o.Runs[1].ID {
		t.Fatalf("re-run parents = %+v, want runs %d then %d", posts, o.Runs[0].ID, o.Runs[1].ID)
	}
	if len(o.FailedCases) != 1 {
		t.Fatalf("failed cases = %+v", o.FailedCases)
	}
	if fc := o.FailedCases[0]; fc.Name != "Pay now" || fc.Step != "Click on Pay now" || fc.Message != "Element is not displayed" || o.ReasonsErr != nil {
		t.Errorf("failed case = %+v, reasons error %v", fc, o.ReasonsErr)
	}
}

// A run that fails with nothing failed to pick is not re-run, and the outcome says why.
func TestFollow_noRerunWithoutFailedCases(t *testing.T) {
	plan := emulator.Plan{ID: 12, Name: "Aborted", RunningPolls: 1, Result: "ABORTED"}
	emu, c := emuClient(t, plan)
	o, we, _ := triggerAndFollow(t, c, 12, Policy{Reruns: 2})
	if we != nil {
		t.Fatal(we)
	}
	if o.Passed || len(o.Runs) != 1 || o.NoRerun == "" || len(rerunPosts(t, emu)) != 0 {
		t.Errorf("passed %v, %d attempts, NoRerun %q, %d re-run POSTs", o.Passed, len(o.Runs), o.NoRerun, len(rerunPosts(t, emu)))
	}
}

// Reading why tests failed costs at most maxReasonRequests, none for a passing run; and when
// step results cannot be read, the verdict stands and the error is reported.
func TestFollow_reasonsAreBoundedAndBestEffort(t *testing.T) {
	many := emulator.Plan{ID: 13, Name: "Broken", RunningPolls: 1, Result: "FAILURE"}
	for i := range 15 {
		many.Cases = append(many.Cases, emulator.Case{ID: int64(i + 1), Name: "case " + string(rune('a'+i)), Result: "FAILURE"})
	}
	emu, c := emuClient(t, many, flakyPlan(14, 0))
	o, _, _ := triggerAndFollow(t, c, 13, Policy{})
	steps := emu.Count("GET", "/api/v1/test_runs/{id}/test_case_results/{id}/step_results") + emu.Count("GET", "/api/v2/test_runs/{id}/test_case_results/{id}/step_results")
	if steps > maxReasonRequests || len(o.FailedCases) != 15 || o.FailedCases[0].Message == "" {
		t.Errorf("%d step-result reads for 15 failed cases (bound %d); first case %+v", steps, maxReasonRequests, o.FailedCases[0])
	}
	emu.Fault("GET /api/v1/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	emu.Fault("GET /api/v2/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	o, _, _ = triggerAndFollow(t, c, 13, Policy{})
	if o.Passed || o.ReasonsErr == nil || len(o.FailedCases) != 15 || o.FailedCases[0].Message != "" {
		t.Errorf("with step results unavailable: passed %v, reasons error %v, %d failed cases", o.Passed, o.ReasonsErr, len(o.FailedCases))
	}
	emu.ClearFaults()
	passing := flakyPlan(15, 0)
	passing.Result = "SUCCESS"
	passing.Cases = passing.Cases[:1]
	emu.AddPlan(passing)
	n := len(emu.Requests())
	o, _, _ = triggerAndFollow(t, c, 15, Policy{Reruns: 2})
	for _, r := range emu.Requests()[n:] {
		if strings.Contains(r.Path, "test_case_results") {
			t.Errorf("a passing run read %s", r.Path)
		}
	}
	if !o.Passed {
		t.Error("the passing run did not pass")
	}
}

// Testsigma's own automatic re-run is waited for first; it decides, and a manual re-run
// follows only if it is still red.
func TestFollow_automaticRerunIsFollowedFirst(t *testing.T) {
	plan := flakyPlan(16, 1)
	plan.AutoReruns = 1
	emu, c := emuClient(t, plan)
	o, we, _ := triggerAndFollow(t, c, 16, Policy{Reruns: 2})
	if we != nil {
		t.Fatal(we)
	}
	if !o.Passed || len(o.Runs) != 1 || o.Final.RerunID == nil || len(rerunPosts(t, emu)) != 0 {
		t.Errorf("passed %v, %d attempts, automatic re-run %v, %d manual re-run POSTs", o.Passed, len(o.Runs), o.Final.RerunID, len(rerunPosts(t, emu)))
	}
}

// A re-run POST follows the trigger's never-twice rule: an answer lost after the server
// made the re-run (the connection dropped) is not retried; the parent names its re-run,
// which is adopted. A 429 (nothing started) is retried.
func TestFollow_rerunPostNeverTwice(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(17, 1))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 17})
	if err != nil {
		t.Fatal(err)
	}
	emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once())
	o, we := c.Follow(context.Background(), run, Policy{Reruns: 2})
	if we != nil || !o.Passed || len(o.Runs) != 2 || !o.Runs[1].Adopted {
		t.Fatalf("wait error %v; passed %v; %d attempts: want the lost re-run adopted", we, o.Passed, len(o.Runs))
	}
	if n := len(rerunPosts(t, emu)); n != 1 {
		t.Errorf("%d re-run POSTs, want 1 (not retried)", n)
	}

	run, _ = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 17})
	emu.Fault("POST /api/v1/execution_results", emulator.RateLimited("1").Once())
	before := len(rerunPosts(t, emu))
	o, we = c.Follow(context.Background(), run, Policy{Reruns: 2})
	if we != nil || !o.Passed || len(o.Runs) != 2 || len(rerunPosts(t, emu))-before != 2 {
		t.Errorf("after a 429: %v, passed %v, %d attempts, %d re-run POSTs (want the refused one and its retry)", we, o.Passed, len(o.Runs), len(rerunPosts(t, emu))-before)
	}

	// An answer lost before anything was made: nothing to adopt, and no blind retry.
	run, _ = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 17})
	emu.Fault("POST /api/v1/execution_results", emulator.Status(502).Once())
	before = len(rerunPosts(t, emu))
	_, we = c.Follow(context.Background(), run, Policy{Reruns: 2})
	var re *rerunError
	if we == nil || we.Reason != WaitRerunFailed || !errors.As(we, &re) || !re.MayHaveStarted || len(rerunPosts(t, emu))-before != 1 {
		t.Errorf("wait error %v, %d re-run POSTs: want an honest 'may have started' and one POST", we, len(rerunPosts(t, emu))-before)
	}
}

// Ctrl-C during a re-run stops that re-run (only it), and the outcome keeps every attempt.
func TestFollow_interruptStopsTheAttemptGoing(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(18, 99))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 18})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := Policy{Reruns: 2, StopOnInterrupt: true, OnEvent: func(e Event) {
		if e.Kind == EventRerun {
			cancel()
		}
	}}
	o, we := c.Follow(ctx, run, p)
	if we == nil || we.Reason != WaitInterrupted || !we.Stopped || len(o.Runs) != 2 {
		t.Fatalf("wait error %v; %d attempts", we, len(o.Runs))
	}
	first, _ := emu.Run(o.Runs[0].ID)
	second, _ := emu.Run(o.Runs[1].ID)
	if first.StopRequests != 0 || second.StopRequests != 1 {
		t.Errorf("stop requests: first run %d (want 0), re-run %d (want 1)", first.StopRequests, second.StopRequests)
	}
}

// A deadline that passes as the run finishes does not cut the verdict short: the failed
// cases and why they failed are still read, and no re-run is started after the deadline.
func TestFollow_deadlineAtTheEndKeepsTheVerdictWhole(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(19, 99))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 19})
	if err != nil {
		t.Fatal(err)
	}
	ctx := newExpiringCtx()
	emu.OnRequest(func(r emulator.Request) {
		if strings.HasSuffix(r.Path, "/test_case_results") {
			ctx.expire(context.DeadlineExceeded)
		}
	})
	o, we := c.Follow(ctx, run, Policy{Reruns: 2})
	if we != nil || o.CasesErr != nil || len(o.FailedCases) != 1 || o.FailedCases[0].Message == "" {
		t.Fatalf("wait error %v, cases error %v, failed cases %+v", we, o.CasesErr, o.FailedCases)
	}
	if len(rerunPosts(t, emu)) != 0 || !strings.Contains(o.NoRerun, "before the failed tests could be re-run") {
		t.Errorf("%d re-runs after the deadline; NoRerun %q", len(rerunPosts(t, emu)), o.NoRerun)
	}
}
