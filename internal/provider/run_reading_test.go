package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A field the verdict does not need that Testsigma sends malformed (a count of "NaN", a
// fractional duration, a message object) is unknown: the passing run still passes, with
// those fields null, and nothing is stopped.
func TestPlanRun_passesDespiteAnUnreadableOptionalField(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"totalCount":"NaN","duration":4000.5,"message":{"text":"done"}}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "total_count", knownvalue.Null()),
				stateAttr(runAddr, "passed_count", knownvalue.Int64Exact(3)),
				stateAttr(runAddr, "duration_seconds", knownvalue.Null()),
			},
		}},
	})
	noStops(t, emu)
}

// noStops fails the test when any stop (PUT) was sent.
func noStops(t *testing.T, emu *emulator.Server) {
	t.Helper()
	for _, r := range emu.Requests() {
		if r.Method == "PUT" {
			t.Errorf("a stop was sent: %s %s", r.Method, r.Path)
		}
	}
}

// On a plan that does not re-run by itself, a run that reads COMPLETED with no re-run is
// finished, even when its roll-up (consolidatedStatus) lags at its creation value: the
// apply passes instead of waiting for the roll-up until the timeout, and the plan's other
// going run is not stopped.
func TestPlanRun_laggingRollupDoesNotHoldAFinishedRunOfAPlainPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	other := emu.StartRun(planPass) // nobody polls it, so it stays going
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Patched(`{"consolidatedStatus":"STATUS_CREATED","consolidatedResult":"QUEUED"}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n  create = \"2m\"\n}", planPass)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
			},
		}},
	})
	noStops(t, emu)
	if st, _ := emu.Run(other); st.Result == "STOPPED" {
		t.Errorf("run %d, going next to ours, was stopped", other)
	}
}
