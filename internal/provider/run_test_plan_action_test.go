package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A passing run: the progress lines come in the order things happened, from the trigger's
// link to the verdict, and the action ends without a diagnostic.
func TestAction_passingRunReportsProgressInOrder(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	expectNoDiags(t, "InvokeAction", got.diags)
	run := onlyRun(t, emu)
	want := []string{
		fmt.Sprintf("run %d of test plan %d started: %s/ui/td/runs/%d", run.ID, planPass, emu.URL(), run.ID),
		fmt.Sprintf("run %d: STATUS_CREATED", run.ID),
		fmt.Sprintf("run %d: STATUS_IN_PROGRESS", run.ID),
		fmt.Sprintf("run %d: STATUS_COMPLETED", run.ID),
		fmt.Sprintf("run %d passed: SUCCESS, 3 test cases: 3 passed.", run.ID),
	}
	if strings.Join(got.messages, "\n") != strings.Join(want, "\n") {
		t.Errorf("progress:\n%s\nwant:\n%s", strings.Join(got.messages, "\n"), strings.Join(want, "\n"))
	}
	expectTriggers(t, emu, 1)
}

// Counts that move while the run goes are shown as they move ("3/8 done, 1 failed"), each
// line different from the one before, never going back.
func TestAction_movingCountsAreShown(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{Clock: testClock})
	cases := []emulator.Case{}
	for i := range 8 {
		result := "SUCCESS"
		if i == 2 {
			result = "FAILURE"
		}
		cases = append(cases, emulator.Case{ID: int64(i + 1), Name: fmt.Sprintf("Case %d", i+1), Result: result, SuiteID: 1, SuiteName: "Smoke"})
	}
	emu.AddPlan(emulator.Plan{ID: 1101, Name: "Progressive", Queued: time.Second, Running: 2 * time.Minute, Progressive: true, Seed: 7, Result: "FAILURE", Cases: cases})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": 1101, "on_failure": "warning"}, nil)
	onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityWarning)
	done := regexp.MustCompile(`^run \d+: (\d+)/8 done(, 1 failed)?$`)
	var seen []string
	for _, m := range got.messages {
		if done.MatchString(m) {
			seen = append(seen, m)
		}
	}
	if len(seen) == 0 {
		t.Fatalf("no progress line among:\n%s", strings.Join(got.messages, "\n"))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] == seen[i-1] {
			t.Errorf("progress line %q repeated", seen[i])
		}
	}
	if last := got.messages[len(got.messages)-1]; !strings.Contains(last, "did not pass: FAILURE") {
		t.Errorf("last line %q is not the verdict", last)
	}
	expectTriggers(t, emu, 1)
}

// A failing run fails the action with the resource's wording of a failed run, minus what
// only the resource does (state, taint).
func TestAction_failingRunIsAnError(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planFail}, nil)
	run := onlyRun(t, emu)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	text := d.Summary + "\n" + d.Detail
	for _, want := range []string{
		"Testsigma run did not pass",
		fmt.Sprintf("Run %d of test plan %d", run.ID, planFail),
		"finished with FAILURE",
		"4 test cases: 2 passed, 2 failed.",
		"Failed tests:\n- Pay by card (Payments, Chrome): Click on Pay now",
		fmt.Sprintf("Details: %s/ui/td/runs/%d", emu.URL(), run.ID),
		"Accepted results: SUCCESS.",
		"the apply fails",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the error lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"in state", "tainted"} {
		if strings.Contains(text, never) {
			t.Errorf("the action's error talks about %q, which only the resource has:\n%s", never, text)
		}
	}
	if last := got.messages[len(got.messages)-1]; last != fmt.Sprintf("run %d did not pass: FAILURE, 4 test cases: 2 passed, 2 failed.", run.ID) {
		t.Errorf("last progress line %q", last)
	}
	expectTriggers(t, emu, 1)
}

// on_failure = "warning": the same report, as a warning; the apply goes on.
func TestAction_onFailureWarning(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planFail, "on_failure": "warning"}, nil)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityWarning)
	if !words("Testsigma run did not pass", "Failed tests:", `- Pay by card \(Payments, Chrome\)`, `- Refund \(Payments, Chrome\)`, `on_failure = "warning", so the apply goes on`).MatchString(d.Summary + "\n" + d.Detail) {
		t.Errorf("warning:\n%s\n%s", d.Summary, d.Detail)
	}
	expectTriggers(t, emu, 1)
}

// The invoke timeout stops the run (once, this run only) and says so, with the id and link.
func TestAction_timeoutStopsTheRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planLong, "timeouts": map[string]any{"invoke": "1s"}}, nil)
	run := onlyRun(t, emu)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	if !words("Timed out waiting for the Testsigma run", "The run was stopped in Testsigma", "Raise timeouts.invoke",
		fmt.Sprintf("Run %d of test plan %d", run.ID, planLong), fmt.Sprintf("/ui/td/runs/%d", run.ID)).MatchString(d.Summary + "\n" + d.Detail) {
		t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
	}
	if strings.Contains(d.Detail, "in state") {
		t.Errorf("the action's error talks about state:\n%s", d.Detail)
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 1 || run.Result != "STOPPED" {
		t.Errorf("%d stop PUTs, run result %q; want 1 and STOPPED", n, run.Result)
	}
	expectTriggers(t, emu, 1)
}

// stop_on_timeout = false leaves the run going.
func TestAction_timeoutWithoutStop(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planLong, "stop_on_timeout": false, "timeouts": map[string]any{"invoke": "1s"}}, nil)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	if strings.Contains(d.Detail, "stopped") {
		t.Errorf("the error says the run was stopped:\n%s", d.Detail)
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("%d stop PUTs, want none", n)
	}
	expectTriggers(t, emu, 1)
}

// Ctrl-C: Terraform cancels the invocation's context mid-wait; the run is stopped once and
// the diagnostic says so.
func TestAction_cancelledContextStopsTheRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	// Cancel once the run is being followed: the first status line means a poll succeeded.
	got := h.invoke(ctx, map[string]any{"test_plan_id": planLong}, func(m string) {
		if strings.HasSuffix(m, ": STATUS_CREATED") || strings.HasSuffix(m, ": STATUS_IN_PROGRESS") {
			cancel()
		}
	})
	run := onlyRun(t, emu)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	if !words("Interrupted while waiting for the Testsigma run", "stopped in Testsigma", fmt.Sprintf("/ui/td/runs/%d", run.ID)).MatchString(d.Summary + "\n" + d.Detail) {
		t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 1 || run.StopRequests != 1 {
		t.Errorf("%d stop PUTs (%d on the run), want 1", n, run.StopRequests)
	}
	expectTriggers(t, emu, 1)
}

// wait_for_completion = false: trigger, one line with the id and link, done; no poll.
func TestAction_fireAndForget(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planLong, "wait_for_completion": false}, nil)
	expectNoDiags(t, "InvokeAction", got.diags)
	run := onlyRun(t, emu)
	want := fmt.Sprintf("run %d of test plan %d started: %s/ui/td/runs/%d", run.ID, planLong, emu.URL(), run.ID)
	if len(got.messages) != 1 || got.messages[0] != want {
		t.Errorf("progress %q, want just %q", got.messages, want)
	}
	if n := emu.Count("GET", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("%d polls after a fire-and-forget trigger", n)
	}
	expectTriggers(t, emu, 1)
}

// 429 and 5xx answers while waiting are ridden out; the outage is reported once, not once
// per retry.
func TestAction_faultsDuringTheWaitAreRiddenOut(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	route := "GET /api/v1/execution_results/{id}"
	emu.Fault(route, emulator.Fault{Status: 429, RetryAfter: "1", Times: 1})
	emu.Fault(route, emulator.Fault{Status: 503, Times: 1})
	emu.Fault(route, emulator.Fault{Status: 500, Times: 1})
	h := newActionHarness(t, Options{RequestTimeout: faultRequestTimeout})
	h.configure(emu.URL(), emu.APIKey())
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	expectNoDiags(t, "InvokeAction", got.diags)
	run := onlyRun(t, emu)
	var retrying []string
	for _, m := range got.messages {
		if strings.Contains(m, "status reads failing, retrying: ") {
			retrying = append(retrying, m)
		}
	}
	// The outage began before the first successful read: the line still names the run.
	first := fmt.Sprintf("run %d: status reads failing, retrying: Testsigma API answered 429", run.ID)
	if len(retrying) != 1 || !strings.HasPrefix(retrying[0], first) {
		t.Errorf("retry lines %q for one outage of 3 failed reads, want one starting %q", retrying, first)
	}
	path := fmt.Sprintf("/api/v1/execution_results/%d", run.ID)
	for _, status := range []int{429, 503, 500} {
		if statusCount(emu, "GET", path, status) != 1 {
			t.Errorf("the faulted %d was never answered", status)
		}
	}
	if last := got.messages[len(got.messages)-1]; !strings.Contains(last, "passed: SUCCESS") {
		t.Errorf("last line %q is not the passing verdict", last)
	}
	expectTriggers(t, emu, 1)
}
