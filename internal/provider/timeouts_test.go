package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// D6 (reliability-probe.md R25): timeouts.update bounds a resumed wait, so it is checked at
// plan time like timeouts.create; when it passes, the error names update, not create.
func TestD6_updateTimeoutValidatedAndNamed(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4001, "SUCCESS")
	cfg := func(extra, timeouts string) string {
		return runConfig(emu, "test_plan_id = 4001\n"+extra+"\ntimeouts {\n"+timeouts+"\n}")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg("", `update = "1ns"`),
				PlanOnly:    true,
				ExpectError: words("Update timeout too short", "timeouts.update is 1ns, too short to see a run end", "at least 10s"),
			},
			{
				// The run is started without waiting for it.
				Config: cfg("wait_for_completion = false", `create = "10s"`),
			},
			{
				// Waiting is turned on: the apply waits in place, bounded by timeouts.update.
				Config:      cfg("", `create = "10s"`+"\n"+`update = "10s"`),
				ExpectError: words("The update timeout passed before the run finished", "Raise timeouts.update"),
			},
		},
	})
	expectTriggers(t, emu, 1)
}

// D6 (R63): the action's timeouts.invoke is checked at validation, like the resource's
// create: "1ns" would trigger a run and stop it at once.
func TestD6_invokeTimeoutValidated(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	for _, invoke := range []string{"1ns", "0s", "9s"} {
		diags := h.validate(map[string]any{"test_plan_id": planPass, "timeouts": map[string]any{"invoke": invoke}})
		found := false
		for _, d := range diags {
			found = found || (d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == "Invoke timeout too short" && strings.Contains(d.Detail, "timeouts.invoke is "))
		}
		if !found {
			t.Errorf("invoke = %q: no error among:\n%s", invoke, diagText(diags))
		}
	}
	if diags := h.validate(map[string]any{"test_plan_id": planPass, "timeouts": map[string]any{"invoke": "10s"}}); len(diags) != 0 {
		t.Errorf("invoke = 10s: %s", diagText(diags))
	}
	expectTriggers(t, emu, 0)
}
