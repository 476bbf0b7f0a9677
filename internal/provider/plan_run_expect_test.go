package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A replacement run expects to take as long as the run it replaces; an explicit hint wins,
// and is known at plan time.
func TestPlanRun_replacementExpectsThePreviousDuration(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	emu.AddPlan(emulator.Plan{ID: 2001, Name: "Timed", Queued: 10 * time.Second, Running: 80 * time.Second, Result: "SUCCESS"})
	// Each status poll moves the emulator's time on, so the run takes 90 simulated seconds.
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" {
			clock.Advance(20 * time.Second)
		}
	})
	carried := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"1\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "expected_duration_seconds", knownvalue.Null()),
					stateAttr(runAddr, "duration_seconds", knownvalue.Int64Exact(90)),
					carried.AddStateValue(runAddr, tfjsonpath.New("duration_seconds")),
				},
			},
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "expected_duration_seconds", knownvalue.Int64Exact(90)),
					carried.AddStateValue(runAddr, tfjsonpath.New("expected_duration_seconds")),
				},
			},
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"3\" }\nexpected_duration = \"10m\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(runAddr, tfjsonpath.New("expected_duration_seconds"), knownvalue.Int64Exact(600)),
				}},
			},
		},
	})
}
