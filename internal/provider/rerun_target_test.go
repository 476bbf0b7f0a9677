package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A re-run that Testsigma ran against another target than the one it was asked for (here
// the server ignores the re-run body's environment and build, a guess the emulator serves
// as RerunIgnoresBodyTarget) does not pass the apply, even when it passed: it tested
// something else. The error says what it shows and what was asked.
func TestRerunTarget_rerunOnAnotherTargetDoesNotPass(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{RerunIgnoresBodyTarget: true})
	emu.AddPlan(emulator.Plan{ID: planFlaky, Name: "Flaky", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: "Login", Result: "SUCCESS"}, {ID: 2, Name: "Pay now", FlakyRuns: 1},
	}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 1\n%s", planFlaky, targetInputs)),
			ExpectError: regexp.MustCompile(`(?s)Testsigma run did not pass.*Re-run 5002 cannot be shown to have run against what it was asked for:.*environment 7.*build b-42`),
		}},
	})
}

// The action judges its re-runs by the same rule: a pass on another target is an error.
func TestRerunTarget_actionRerunOnAnotherTargetDoesNotPass(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{RerunIgnoresBodyTarget: true})
	emu.AddPlan(emulator.Plan{ID: planFlaky, Name: "Flaky", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: "Login", Result: "SUCCESS"}, {ID: 2, Name: "Pay now", FlakyRuns: 1},
	}})
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planFlaky, "rerun_failed_tests": 1, "environment_id": 7, "build_number": "b-42"}, nil)
	d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError)
	if d.Summary != "Testsigma run did not pass" || !strings.Contains(d.Detail, "Re-run 5002 cannot be shown to have run against what it was asked for: environment 7 (it shows none), build b-42") {
		t.Errorf("%s: %s", d.Summary, d.Detail)
	}
}
