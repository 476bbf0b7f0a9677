package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// detect_drift = true on an account that does not serve the schedule GET does not block
// the configuration: the refresh warns and keeps what the last apply sent, and following
// its advice (detect_drift = false) applies without a call and stops the reads.
func TestSchedule_driftUnreadableWarnsAndTheAdviceUnblocks(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := func(drift bool) string {
		return schedConfig(emu, fmt.Sprintf("test_plan_id = %d\nname = \"Nightly\"\nschedule_type = \"DAILY\"\nnext_interval = \"2026-12-24T01:30:00\"\ntimezone = \"EST\"\ndetect_drift = %t", planPass, drift))
	}
	var gets int
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(true)},
			{
				Config:            cfg(false),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate)}},
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(schedAddr, "detect_drift", knownvalue.Bool(false))},
				Check: func(*terraform.State) error {
					gets = emu.Count("GET", "/api/v1/schedule_executions/{id}")
					return nil
				},
			},
			{Config: cfg(false), PlanOnly: true},
		},
	})
	if n := emu.Count("GET", "/api/v1/schedule_executions/{id}"); n != gets {
		t.Errorf("%d schedule GETs after detect_drift = false was applied, want none", n-gets)
	}
	if n := emu.Count("PUT", "/api/v1/schedule_executions/{id}"); n != 0 {
		t.Errorf("%d PUTs: changing detect_drift alone sends nothing", n)
	}
}
