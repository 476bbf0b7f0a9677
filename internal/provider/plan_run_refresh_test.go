package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Finished runs never change, so refreshing them costs no API call: a plan over many
// finished runs stays fast and does not eat into the account's request budget. Five runs
// show it as well as twenty did (one request per run would be five), for a quarter of the
// Terraform work: twenty made this the suite's second-longest test.
func TestPlanRun_refreshOfFinishedRunsMakesNoAPICalls(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := providerBlock(emu) + `
resource "testsigma_plan_run" "many" {
  count        = 5
  test_plan_id = 1001
}
`
	var before int
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    func() { before = len(emu.Requests()) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := len(emu.Requests()) - before; n != 0 {
						return fmt.Errorf("refreshing 5 finished runs made %d API requests, want 0", n)
					}
					return nil
				},
			},
		},
	})
	expectTriggers(t, emu, 5)
}
