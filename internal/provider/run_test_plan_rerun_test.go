package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
