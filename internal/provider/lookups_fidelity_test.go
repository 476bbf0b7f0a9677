package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Harm 10 (api-evidence.md row 50, rule 8): data "testsigma_test_plan" by id works on a
// server that does not serve the undocumented GET /test_plans/{id}: it reads the listing.
func TestHarm10_testPlanByIDWithoutTheByIDRoute(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/test_plans/{id}", emulator.Status(404))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_test_plan", "  id = 1004"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(testPlanAddr, "id", knownvalue.Int64Exact(1004)),
				stateAttr(testPlanAddr, "name", knownvalue.StringExact("Nightly - search")),
			},
		}},
	})
	if n := emu.Count("GET", "/api/v1/test_plans/{id}"); n != 0 {
		t.Errorf("GET /test_plans/{id} asked %d times", n)
	}
}

// D11 (harm 11): a plan named "100% smoke", whose narrowed query the server's parser
// answers 500, is found by the walk.
func TestD11_planNamedWithPercentIsFound(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 4300, Name: "100% smoke", Result: "SUCCESS"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			PreConfig: func() {
				// Each refresh looks the plan up once; the first request of each is the
				// narrowed query. The OSS parser answers it 500 for the %.
				emu.Fault("GET /api/v1/test_plans", emulator.StatusBody(500, "application/json", `{"error":"URLDecoder: Illegal hex characters in escape (%) pattern"}`).Once())
			},
			Config:            lookupConfig(emu, "testsigma_test_plan", `  name = "100% smoke"`),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(testPlanAddr, "id", knownvalue.Int64Exact(4300))},
		}},
	})
}
