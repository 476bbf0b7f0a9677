package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Old #8 (c) (reliability-probe.md, L10): a fire-and-forget run 5001 of plan 4001 is in
// state; then the provider points at another account, where run 5001 is another plan's,
// finished red. A refresh keeps state as it was (plan, build, status, result): it never
// adopts that run.
func TestOld8_refreshNeverAdoptsAnotherPlansRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nbuild_number = \"b1\"\nwait_for_completion = false")
	var before map[string]string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					before = a
					return nil
				}),
			},
			{
				PreConfig: func() {
					emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":5001,"executionId":2001,"buildNo":"l10","status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":2001,"name":"Regression - payments"}}`))
				},
				RefreshState: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					for _, k := range []string{"id", "test_plan_id", "build_number", "test_plan_name", "status", "result", "finished"} {
						if a[k] != before[k] {
							return fmt.Errorf("%s changed from %q to %q: the refresh adopted the other plan's run", k, before[k], a[k])
						}
					}
					return nil
				}),
			},
		},
	})
}
