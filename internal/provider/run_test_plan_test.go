package provider

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

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
		// What Terraform does with a failed action, per version, as the CLI tests show.
		"Before Terraform 1.16 that fails the apply, but what depends on the resource that triggered the action is applied anyway",
		"halt (the default) fails the apply and holds those back, but the next apply applies them without running the tests again",
		"use on_failure = taint (Terraform 1.16+) or the testsigma_plan_run resource",
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

// Invalid configuration fails at validate time, before anything reaches Testsigma, with the
// resource's wording (the validators and messages are the resource's own).
func TestAction_invalidConfigFailsAtValidate(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	null := (*string)(nil)
	cases := map[string]struct {
		cfg           map[string]any
		summary, text string
	}{
		"test plan id 0":         {map[string]any{"test_plan_id": 0}, "Invalid Attribute Value", "test_plan_id value must be at least 1"},
		"environment id -1":      {map[string]any{"test_plan_id": planPass, "environment_id": -1}, "Invalid Attribute Value", "environment_id value must be at least 1"},
		"config id and name":     {map[string]any{"test_plan_id": planPass, "saved_config_id": 11, "saved_config_name": "Chrome smoke"}, "Invalid Attribute Combination", "saved_config_name"},
		"empty config name":      {map[string]any{"test_plan_id": planPass, "saved_config_name": ""}, "Invalid Attribute Value Length", "saved_config_name"},
		"poll interval too fast": {map[string]any{"test_plan_id": planPass, "poll_interval": "100ms"}, "Duration too short", `"100ms" is shorter than 1s`},
		"expected duration typo": {map[string]any{"test_plan_id": planPass, "expected_duration": "12 minutes"}, "Invalid duration", `"12 minutes" is not a duration`},
		"poll interval > invoke": {map[string]any{"test_plan_id": planPass, "poll_interval": "10m", "timeouts": map[string]any{"invoke": "1m"}},
			"poll_interval is longer than the invoke timeout", "timeouts.invoke is 1m0s"},
		"docs spelling":        {map[string]any{"test_plan_id": planPass, "accepted_results": []string{"PASSED"}}, "Unknown result in accepted_results", `the API sends "SUCCESS"`},
		"no accepted result":   {map[string]any{"test_plan_id": planPass, "accepted_results": []string{}}, "Invalid Attribute Value", "at least 1 elements"},
		"on_failure typo":      {map[string]any{"test_plan_id": planPass, "on_failure": "warn"}, "Invalid Attribute Value Match", `"warning"`},
		"null runtime value":   {map[string]any{"test_plan_id": planPass, "runtime_data": map[string]*string{"user": null}}, "Null value in a map", `runtime_data["user"] is null`},
		"runtime key in both":  {map[string]any{"test_plan_id": planPass, "runtime_data": map[string]string{"user": "a"}, "runtime_data_wo": map[string]string{"user": "b"}}, "Runtime data key set twice", `The key "user" is in both`},
		"bad invoke timeout":   {map[string]any{"test_plan_id": planPass, "timeouts": map[string]any{"invoke": "soon"}}, "Invalid Attribute Value Time Duration", `"soon" must be`},
		"null upload versions": {map[string]any{"test_plan_id": planPass, "upload_versions": map[string]*string{"device": null}}, "Null value in a map", `upload_versions["device"] is null`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			diags := h.validate(tc.cfg)
			var found bool
			for _, d := range diags {
				if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == tc.summary && strings.Contains(d.Detail, tc.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error %q containing %q among:\n%s", tc.summary, tc.text, diagText(diags))
			}
		})
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("validation sent %d requests to Testsigma", n)
	}
}

// Values known only at apply (another resource's output) are deferred without a
// diagnostic, at validate time and at plan time alike.
func TestAction_unknownValuesAreDeferred(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	h := configuredHarness(t, emu)
	cfg := map[string]any{
		"test_plan_id": unknown, "saved_config_name": unknown, "environment_id": unknown, "build_number": unknown,
		// runtime_data_wo is left out: see TestAction_writeOnlyIsAcceptedAtValidation.
		"runtime_data": unknown, "upload_versions": unknown,
		"wait_for_completion": unknown, "poll_interval": unknown, "expected_duration": unknown,
		"accepted_results": unknown, "on_failure": unknown, "stop_on_timeout": unknown, "stop_on_interrupt": unknown,
		"timeouts": map[string]any{"invoke": unknown},
	}
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	expectNoDiags(t, "PlanAction", h.plan(cfg))
	// A known poll_interval against an unknown timeout is not compared either.
	cfg["poll_interval"] = "10m"
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	cfg["timeouts"] = unknown
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("validate and plan with unknown values sent %d requests", n)
	}
}

// A saved config name that does not exist fails at plan time with the names that do; one
// that exists plans cleanly. Either way nothing is triggered.
func TestAction_savedConfigNameCheckedAtPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 12, Name: "Firefox full", Query: "[]"})
	h := configuredHarness(t, emu)
	expectNoDiags(t, "PlanAction", h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "Chrome smoke"}))
	d := onlyDiag(t, h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "chrome smoke"}), tfprotov6.DiagnosticSeverityError)
	if d.Summary != "Saved config not found" || !strings.Contains(d.Detail, `Closest names: "Chrome smoke"`) {
		t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
	}
	expectTriggers(t, emu, 0)
}

// Before the provider is configured (its settings unknown until apply), planning skips the
// lookups, and invoking says the provider is not configured instead of panicking.
func TestAction_unconfiguredProvider(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	expectNoDiags(t, "PlanAction", h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "Chrome smoke"}))
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	if d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError); d.Summary != "Testsigma provider not configured" {
		t.Errorf("error %q", d.Summary)
	}
}

// Write-only runtime data reaches the action: the framework (v1.19) alone refuses any value
// at validation, as if the client could not send one; the provider's server drops that one
// diagnostic, since every client that can invoke an action supports write-only arguments.
// When a framework upgrade fixes this, the first check fails, and server.go can go.
func TestAction_writeOnlyIsAcceptedAtValidation(t *testing.T) {
	t.Parallel()
	cfg := map[string]any{"test_plan_id": planPass, "runtime_data_wo": map[string]string{"password": "x"}}
	raw, err := providerserver.NewProtocol6WithError(NewWithOptions("test", Options{})())()
	if err != nil {
		t.Fatal(err)
	}
	h := newActionHarness(t, Options{})
	resp, err := raw.(actionServer).ValidateActionConfig(t.Context(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionName, Config: h.value(h.action, cfg)})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != writeOnlyNotAllowed {
		t.Errorf("the framework's handling of write-only action values changed (%v): drop the correction in server.go", resp.Diagnostics)
	}
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	cfg["runtime_data"] = map[string]string{"password": "y"}
	if d := onlyDiag(t, h.validate(cfg), tfprotov6.DiagnosticSeverityError); d.Summary != "Runtime data key set twice" {
		t.Errorf("a key in both halves: %s", d.Summary)
	}
}

// docs/ is generated from the schema: every argument of the action is described, and
// runtime_data_wo is write-only in the schema Terraform receives.
func TestAction_schemaIsDescribedAndWriteOnly(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	resp, err := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := resp.ActionSchemas[actionName].Schema
	if s.Block.Description == "" {
		t.Error("the action has no description")
	}
	checkBlockDescribed(t, actionName, s.Block)
	for _, a := range s.Block.Attributes {
		if a.WriteOnly != (a.Name == "runtime_data_wo") {
			t.Errorf("%s: write-only %v", a.Name, a.WriteOnly)
		}
	}
}

// The trigger through the action: the client's never-twice rule, the resource's errors, and
// secrets that reach the trigger and nothing else.

// A trigger whose answer is lost after the run was made is reconciled by the client: the
// action follows the one run, and its first line says how it was found.
func TestAction_lostTriggerAnswerIsReconciled(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once())
	h := newActionHarness(t, Options{RequestTimeout: faultRequestTimeout})
	h.configure(emu.URL(), emu.APIKey())
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	expectNoDiags(t, "InvokeAction", got.diags)
	run := onlyRun(t, emu)
	// The adopted run was confirmed through its own run object, which names the plan.
	if want := fmt.Sprintf("run %d of test plan %d (Smoke) started (the trigger's answer was lost; found among the plan's runs): ", run.ID, planPass); len(got.messages) == 0 || !strings.HasPrefix(got.messages[0], want) {
		t.Errorf("first line %q, want it to start %q", got.messages, want)
	}
	expectTriggers(t, emu, 1)
}

// A wrong API key: the resource's clear error, and the key is in no message, diagnostic or
// log line, even when the server repeats it.
func TestAction_badAPIKey(t *testing.T) {
	t.Parallel()
	const badKey = "tsk-WRONG-KEY-CANARY-4242"
	emu := planRunEmulator(t, emulator.Options{})
	// A server that repeats the key it was sent, in the body and the headers, as some do.
	emu.Fault("POST /api/v1/execution_results", emulator.EchoKey(401).Once())
	h := newActionHarness(t, Options{})
	h.configure(emu.URL(), badKey)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	if !words("Testsigma rejected the API key", "Starting test plan 1001 failed", "401", "No run was started").MatchString(d.Summary + "\n" + d.Detail) {
		t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
	}
	if len(got.messages) != 0 {
		t.Errorf("progress after a refused trigger: %q", got.messages)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, `"path":"/execution_results"`) {
		t.Fatal("the provider logged no request; the log search below would prove nothing")
	}
	for where, text := range map[string]string{"the diagnostics": diagText(got.diags), "the progress": strings.Join(got.messages, "\n"), "the log": logs} {
		if strings.Contains(text, badKey) {
			t.Errorf("%s contain the API key", where)
		}
	}
	if len(emu.Runs()) != 0 {
		t.Error("a run was started with a wrong key")
	}
	expectTriggers(t, emu, 1)
}

// Testsigma unreachable or an unknown plan: the resource's errors, from the same code.
func TestAction_triggerErrorsAreTheResources(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	refused := "http://" + l.Addr().String()
	l.Close()
	emu := planRunEmulator(t, emulator.Options{})
	cases := map[string]struct {
		base  string
		plan  int
		want  *regexp.Regexp
		posts int
	}{
		"unreachable":  {refused, planPass, words("Cannot start the Testsigma run", "no run of test plan 1001 was started", "connection was refused"), 0},
		"unknown plan": {emu.URL(), 999, words("Cannot start the Testsigma run", "no run of test plan 999 was started", `Could not find resource with id:\s*999`), 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := emu.Count("POST", "/api/v1/execution_results")
			h := newActionHarness(t, Options{RequestTimeout: faultRequestTimeout})
			h.configure(tc.base, emu.APIKey())
			got := h.invoke(t.Context(), map[string]any{"test_plan_id": tc.plan}, nil)
			d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
			if !tc.want.MatchString(d.Summary + "\n" + d.Detail) {
				t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
			}
			if n := emu.Count("POST", "/api/v1/execution_results") - before; n != tc.posts {
				t.Errorf("%d trigger POSTs, want %d", n, tc.posts)
			}
		})
	}
}

// Secrets in runtime_data_wo reach the trigger and nothing else: not the progress, not the
// diagnostics, not the log.
func TestAction_writeOnlyRuntimeDataReachesOnlyTheTrigger(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	cfg := map[string]any{
		"test_plan_id":    planFail,
		"on_failure":      "warning",
		"runtime_data":    map[string]string{"user": "smoke-bot"},
		"runtime_data_wo": map[string]string{"password": runtimeCanary},
	}
	// Invoked without ValidateActionConfig: see TestAction_writeOnlyIsRejectedByFrameworkValidation.
	got := h.invoke(t.Context(), cfg, nil)
	onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityWarning)
	run := onlyRun(t, emu)
	if run.RuntimeData["password"] != runtimeCanary || run.RuntimeData["user"] != "smoke-bot" || len(run.RuntimeData) != 2 {
		t.Errorf("the trigger sent runtime data %v, want both halves merged", run.RuntimeData)
	}
	for where, text := range map[string]string{"the diagnostics": diagText(got.diags), "the progress": strings.Join(got.messages, "\n"), "the log": h.logs.String()} {
		if strings.Contains(text, runtimeCanary) {
			t.Errorf("%s contain a runtime_data_wo value", where)
		}
	}
	expectTriggers(t, emu, 1)
}

// The action re-runs failed tests like the resource: a flaky test that passes on its re-run
// passes the action, and the person at the terminal sees the re-run start.
func TestAction_rerunsAFlakyTest(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planFlaky, "rerun_failed_tests": 2}, nil)
	expectNoDiags(t, "invoke", got.diags)
	if !strings.Contains(strings.Join(got.messages, "\n"), "re-running") {
		t.Errorf("no progress line about the re-run among:\n%s", strings.Join(got.messages, "\n"))
	}
	if n := rerunPOSTs(emu); n != 1 {
		t.Errorf("%d re-run POSTs, want 1", n)
	}
	expectTriggers(t, emu, 2) // the run and its re-run
}

// When why tests failed cannot be read, the verdict stands and one warning says so.
func TestAction_reasonsUnavailableIsAWarning(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	emu.Fault("GET /api/v1/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	emu.Fault("GET /api/v2/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planBroken}, nil)
	if len(got.diags) != 2 {
		t.Fatalf("diagnostics: %s", diagText(got.diags))
	}
	for _, d := range got.diags {
		switch d.Severity {
		case tfprotov6.DiagnosticSeverityWarning:
			if d.Summary != "Cannot read why the tests failed" || !strings.Contains(d.Detail, "does not depend on it") {
				t.Errorf("warning = %s: %s", d.Summary, d.Detail)
			}
		case tfprotov6.DiagnosticSeverityError:
			if !strings.Contains(d.Detail, "- Pay now (Checkout, Chrome): FAILURE") {
				t.Errorf("error = %s", d.Detail)
			}
		}
	}
}

// Through a real Terraform CLI: actions need 1.14 or later, so these skip on older CLIs
// (the 1.11 of these machines included). Run them with TF_ACC_TERRAFORM_PATH naming a 1.14+
// binary: TF_ACC_TERRAFORM_PATH=/path/to/terraform go test ./internal/provider -run TestAction_cli

// deployWithSmokeTests is a deployment (terraform_data) whose creation triggers the action.
func deployWithSmokeTests(emu *emulator.Server, actionConfig string) string {
	return providerBlock(emu) + fmt.Sprintf(`
action "testsigma_run_test_plan" "smoke" {
  config {
%s
  }
}

resource "terraform_data" "deploy" {
  input = "release-1"

  lifecycle {
    action_trigger {
      events  = [after_create]
      actions = [action.testsigma_run_test_plan.smoke]
    }
  }
}
`, actionConfig)
}

var actionCLIVersions = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

// after_create invokes the action once: one run is triggered and followed to its end.
func TestAction_cliActionTriggerRunsThePlanOnce(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: deployWithSmokeTests(emu, "    test_plan_id = 1001\n    build_number = \"release-1\""),
			PostApplyFunc: func() {
				expectTriggers(t, emu, 1)
				run := onlyRun(t, emu)
				if run.Status != "STATUS_COMPLETED" || run.Result != "SUCCESS" || run.BuildNo != "release-1" {
					t.Errorf("run %d: %s %s, build %q; want a completed SUCCESS of release-1", run.ID, run.Status, run.Result, run.BuildNo)
				}
				if emu.Count("GET", "/api/v1/execution_results/{id}") == 0 {
					t.Error("the action never followed the run")
				}
			},
		}},
	})
}

// A failing run fails the apply with the action's error; the run was triggered once.
func TestAction_cliFailingRunFailsTheApply(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   actionCLIVersions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      deployWithSmokeTests(emu, "    test_plan_id = 1002"),
			ExpectError: words("Testsigma run did not pass", "Failed tests:", `- Pay by card \(Payments, Chrome\)`, `- Refund \(Payments, Chrome\)`),
		}},
	})
	expectTriggers(t, emu, 1)
}
