package provider

import (
	"fmt"
	"net"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
