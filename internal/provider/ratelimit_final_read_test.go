package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// Old #9 (reliability-probe.md): max_requests_per_second = 0.1, three runs of an instant
// plan, timeouts.create = "15s", on the wall clock (the limiter refuses a request whose slot
// is after the deadline only when the deadline is real). The test keeps the probe's ratio of
// timeout to request spacing (1.5 slots) at the shortest create timeout allowed, "10s", and
// 0.15 requests a second: the same refusals happen in two thirds of the wall time. Every run
// passed in Testsigma, so every instance passes: the provider's own limiter never turns a
// finished run into an unknown, tainted one.
func TestOld9_rateLimitedTimeoutStillJudgesFinishedRuns(t *testing.T) {
	t.Parallel()
	const runs = 3
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 4090, Name: "Instant", Result: "SUCCESS"})
	cfg := providerWith(emu.URL(), emu.APIKey(), "max_requests_per_second = 0.15") + fmt.Sprintf(`
resource "testsigma_plan_run" "fan" {
  count        = %d
  test_plan_id = 4090
  timeouts {
    create = "10s"
  }
}
`, runs)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{Clock: testsigma.RealClock()}),
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: passedChecks("testsigma_plan_run.fan", runs),
		}},
	})
	if n := len(emu.Runs()); n != runs {
		t.Errorf("%d runs, want %d", n, runs)
	}
}
