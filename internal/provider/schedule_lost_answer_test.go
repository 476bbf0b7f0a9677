package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A schedule whose create answer is lost (a 504 after Testsigma made it) is never created
// again: the apply fails saying it may exist, with the plan, name and time to look for and
// how to import it; the next apply does not POST again but fails the same way until the
// user has looked (the state keeps an unconfirmed placeholder); `removed` forgets it
// without a call.
func TestSchedule_lostCreateAnswerIsNeverSentAgain(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	body := fmt.Sprintf("test_plan_id = %d\nname = \"Nightly regression\"\nschedule_type = \"DAILY\"\nnext_interval = \"2026-12-24T01:30:00\"\ntimezone = \"EST\"", planPass)
	mayExist := words(`schedule "Nightly regression" of test plan ` + fmt.Sprint(planPass) + ` may have been created.*DAILY.*2026-12-24T01:30:00 EST.*terraform import <address>`)
	posts := func(want int) resource.TestCheckFunc {
		return func(*terraform.State) error {
			if n := emu.Count("POST", "/api/v1/schedule_executions"); n != want {
				return fmt.Errorf("%d schedule POSTs, want %d", n, want)
			}
			return nil
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				PreConfig:   func() { emu.Fault("POST /api/v1/schedule_executions", emulator.After(504).Once()) },
				Config:      schedConfig(emu, body),
				ExpectError: mayExist,
			},
			{Config: schedConfig(emu, body), ExpectError: mayExist},
			{
				Config: providerBlock(emu) + "removed {\n  from = " + schedAddr + "\n  lifecycle {\n    destroy = false\n  }\n}\n",
				Check:  posts(1),
			},
		},
	})
	if n := len(emu.Schedules()); n != 1 {
		t.Errorf("%d schedules exist, want the one the lost answer made", n)
	}
}
