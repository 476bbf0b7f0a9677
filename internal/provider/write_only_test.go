package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const (
	woCanary1 = "WO-SECRET-FIRST-4711"
	woCanary2 = "WO-SECRET-SECOND-0815"
)

// runtime_data_wo reaches the trigger merged with runtime_data and nothing else: not the
// state, not a plan file, not a log line at TRACE. A new value under the same version plans
// no change; a new version runs the plan again, once, with the new value.
func TestWriteOnly_runtimeDataReachesOnlyTheTrigger(t *testing.T) {
	emu := planRunEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := func(secret string, version int) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 1001\nruntime_data = { user = \"qa\" }\nruntime_data_wo = { password = %q }\nruntime_data_wo_version = %d", secret, version))
	}
	sent := func(n int, password string) func() {
		return func() {
			runs := emu.Runs()
			if len(runs) != n {
				t.Fatalf("emulator has %d runs, want %d", len(runs), n)
			}
			got := runs[n-1].RuntimeData
			if got["user"] != "qa" || got["password"] != password || len(got) != 2 {
				t.Errorf("run %d was triggered with runtimeData %v, want user and the write-only password %s", n, got, password)
			}
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg(woCanary1, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "runtime_data_wo", knownvalue.Null()),
					stateAttr(runAddr, "runtime_data_wo_version", knownvalue.Int64Exact(1)),
				},
			},
			{
				PreConfig: sent(1, woCanary1),
				Config:    cfg(woCanary2, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				PreConfig: sent(1, woCanary1),
				Config:    cfg(woCanary2, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	sent(2, woCanary2)()
	assertNowhere(t, tmp, woCanary1, woCanary2)
}

// Mistakes with the two halves of the runtime data fail at plan time, before any run.
func TestWriteOnly_badRuntimeDataFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	tests := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"key in both", "runtime_data = { password = \"a\", user = \"qa\" }\nruntime_data_wo = { password = \"b\" }\nruntime_data_wo_version = 1",
			words(`Runtime data key set twice`, `The key "password" is in both runtime_data and runtime_data_wo`)},
		{"no version", "runtime_data_wo = { password = \"b\" }",
			words(`runtime_data_wo needs runtime_data_wo_version`, `Set runtime_data_wo_version = 1`)},
		{"null in runtime_data", "runtime_data = { a = null }",
			words(`Null value in a map`, `runtime_data\["a"\] is null`, `remove the key`)},
		{"null in the write-only half", "runtime_data_wo = { a = null }\nruntime_data_wo_version = 1",
			words(`runtime_data_wo\["a"\] is null`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, "test_plan_id = 1001\n"+tt.body), PlanOnly: true, ExpectError: tt.want,
				}},
			})
		})
	}
	expectTriggers(t, emu, 0)
}
