package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A server that ignores the name query and pages by 10: "Smoke" is on the second page,
// after "Smoke - checkout" and "Smoke - checkout (old)", which must not match it.
func TestTestPlan_byNameOnTheSecondPage(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{IgnoreQuery: true, MaxPageSize: 10})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_test_plan", `  name = "Smoke"`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(testPlanAddr, "id", knownvalue.StringExact("1013")),
				stateAttr(testPlanAddr, "name", knownvalue.StringExact("Smoke")),
				stateAttr(testPlanAddr, "description", knownvalue.StringExact("Emulated test plan")),
				stateAttr(testPlanAddr, "application_version_id", knownvalue.Int64Exact(52)),
				stateAttr(testPlanAddr, "rerun_type", knownvalue.StringExact("NONE")),
				stateAttr(testPlanAddr, "execution_type", knownvalue.StringExact("CROSS_BROWSER")),
				stateAttr(testPlanAddr, "execution_lab_type", knownvalue.StringExact("TestsigmaLab")),
				stateAttr(testPlanAddr, "environment_id", knownvalue.Null()),
				stateAttr(testPlanAddr, "last_run_id", knownvalue.Null()),
			},
		}},
	})
	if listRequests(emu, "/api/v1/test_plans", "page=1") == 0 {
		t.Error("the second page was never asked for")
	}
}

func TestTestPlan_byID(t *testing.T) {
	t.Parallel()
	// The emulator's time stands still: on the wall clock a loaded machine lets the failed
	// run's automatic rerun start, and the plan's last run is then the rerun.
	emu := demoEmulator(t, emulator.Options{Clock: newManualClock()})
	run := emu.StartRun(1004)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      lookupConfig(emu, "testsigma_test_plan", "  id = 4242"),
				ExpectError: words(`Test plan not found`, `No test plan has id 4242`, `the listing of test plans has no test plan with id 4242`, `Test Plan ID on the plan's CI/CD Integration tab`),
			},
			{
				Config: lookupConfig(emu, "testsigma_test_plan", "  id = 1004"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(testPlanAddr, "id", knownvalue.StringExact("1004")),
					stateAttr(testPlanAddr, "name", knownvalue.StringExact("Nightly - search")),
					stateAttr(testPlanAddr, "rerun_type", knownvalue.StringExact("ONLY_FAILED_TESTS")),
					stateAttr(testPlanAddr, "last_run_id", knownvalue.Int64Exact(run)),
				},
			},
		},
	})
}

func TestTestPlan_notFoundSuggestsOnlyCloseNames(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{MaxPageSize: 10})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: lookupConfig(emu, "testsigma_test_plan", `  name = "Smoke - chekout"`),
				// The period right after the one name: nothing else is suggested.
				ExpectError: words(`Test plan not found`, `No test plan is named "Smoke - chekout"`, `Closest names: "Smoke - checkout"\.`,
					`Test Plan ID on the plan's CI/CD Integration tab`, `set id instead of name`),
			},
			{
				Config:      lookupConfig(emu, "testsigma_test_plan", `  name = "Payments"`),
				ExpectError: words(`No test plan is named "Payments"`, `none of the 13 existing names is close to it`),
			},
		},
	})
	// The whole text: the near name, and none of the far ones (a shared word is not enough).
	diags := readDirectly(t, emu, &testPlanDataSource{}, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "regresion - full")})
	expectOnlyNear(t, diags, []string{"Regression - full"}, []string{"Regression - payments", "Nightly - search", "Accessibility audit", "Smoke - checkout", "Smoke"})
}

func TestTestPlan_sharedNameListsTheIDs(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 990, Name: "Smoke - checkout", Result: "SUCCESS"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_test_plan", `  name = "Smoke - checkout"`),
			ExpectError: words(`Test plan name is not unique`, `2 test plans are named "Smoke - checkout" \(ids 990, 1001\)`,
				`Set id to one of them instead of name`),
		}},
	})
}

func TestTestPlan_plainArrayListing(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{PlansAsArray: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_test_plan", `  name = "Regression - payments"`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(testPlanAddr, "id", knownvalue.StringExact("1002")),
				stateAttr(testPlanAddr, "description", knownvalue.StringExact("Card, refund and wallet regression")),
			},
		}},
	})
}

// Names known only after apply (another resource's output): no error at plan time; the
// lookups are read during the apply, once the names are known.
func TestLookups_unknownNamesAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	config := providerBlock(emu) + `
resource "terraform_data" "names" {
  input = { plan = "Smoke - checkout", environment = "Staging" }
}

data "testsigma_test_plan" "x" {
  name = terraform_data.names.output.plan
}

data "testsigma_environment" "x" {
  name = terraform_data.names.output.environment
}
`
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectUnknownValue("data.testsigma_test_plan.x", tfjsonpath.New("id")),
				plancheck.ExpectUnknownValue("data.testsigma_environment.x", tfjsonpath.New("id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(testPlanAddr, "id", knownvalue.StringExact("1001")),
				statecheck.ExpectKnownValue("data.testsigma_environment.x", tfjsonpath.New("id"), knownvalue.StringExact("21")),
			},
		}},
	})
}

func TestTestPlan_neitherOrBothOfNameAndID(t *testing.T) {
	t.Parallel()
	exactlyOneOfSteps(t, "testsigma_test_plan")
}
