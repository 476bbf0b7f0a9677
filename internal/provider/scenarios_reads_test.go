package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// The data sources, in the scenarios both backends run. They read what the account has,
// so they assert relations (the same id found two ways) rather than fixed values, and
// the emulator's fixed values on top.

func same(a, pa, b, pb string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(a, tfjsonpath.New(pa), b, tfjsonpath.New(pb), compare.ValuesSame())
}

// atLeast checks a numeric attribute of addr in state (data sources are checked after
// apply like resources).
func atLeast(addr, attr string, least int) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(addr, attr, func(v string) error {
		if n, err := strconv.Atoi(v); err != nil || n < least {
			return fmt.Errorf("%s = %q, want at least %d", attr, v, least)
		}
		return nil
	})
}

// A run made by the resource, read back by testsigma_run_result and testsigma_junit_report.
func scenarioRunResultAndJUnit(t *testing.T, b *backend) {
	cfg := b.runConfig("  test_plan_id = "+b.get(t, accPlan)) + `
data "testsigma_run_result" "r" {
  run_id = testsigma_plan_run.smoke.id
}
data "testsigma_junit_report" "x" {
  run_id = testsigma_plan_run.smoke.id
}
`
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			same(runResultAddr, "id", runAddr, "id"),
			same(runResultAddr, "total_count", runAddr, "total_count"),
			stateAttr(runResultAddr, "result", knownvalue.StringExact("SUCCESS")),
			stateAttr(runResultAddr, "passed", knownvalue.Bool(true)),
			stateAttr(runResultAddr, "app_url", knownvalue.StringRegexp(runURL)),
			statecheck.ExpectKnownValue(junitAddr, tfjsonpath.New("failures"), knownvalue.Int64Exact(0)),
			statecheck.ExpectKnownValue(junitAddr, tfjsonpath.New("xml"), knownvalue.StringRegexp(regexp.MustCompile(`<testsuites`))),
		},
		Check: resource.ComposeAggregateTestCheckFunc(
			atLeast(runResultAddr, "test_cases.#", 1),
			atLeast(junitAddr, "tests", 1),
			b.emulatorOnly(
				resource.TestCheckResourceAttr(runResultAddr, "test_cases.#", "3"),
				resource.TestCheckResourceAttr(junitAddr, "tests", "3"),
			),
		),
	}}})
}

func scenarioSavedConfigs(t *testing.T, b *backend) {
	name := b.get(t, accSavedConfig)
	cfg := b.providerBlock() + fmt.Sprintf(`
data "testsigma_saved_configs" "all" {}
data "testsigma_saved_config" "x" {
  name = %q
}
`, name)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			statecheck.ExpectKnownValue("data.testsigma_saved_config.x", tfjsonpath.New("name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue("data.testsigma_saved_config.x", tfjsonpath.New("id"), knownvalue.NotNull()),
			statecheck.CompareValuePairs("data.testsigma_saved_configs.all", tfjsonpath.New("by_name").AtMapKey(name),
				"data.testsigma_saved_config.x", tfjsonpath.New("id"), compare.ValuesSame()),
		},
		Check: b.emulatorOnly(resource.TestCheckResourceAttr("data.testsigma_saved_config.x", "id", "11")),
	}}})
}

// The plan found by id, then by the name that lookup gave: the same plan.
func scenarioTestPlan(t *testing.T, b *backend) {
	cfg := b.providerBlock() + `
data "testsigma_test_plan" "by_id" {
  id = ` + b.get(t, accPlan) + `
}
data "testsigma_test_plan" "x" {
  name = data.testsigma_test_plan.by_id.name
}
`
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: cfg,
		ConfigStateChecks: []statecheck.StateCheck{
			stateAttr(testPlanAddr, "id", knownvalue.NotNull()),
			same("data.testsigma_test_plan.x", "id", "data.testsigma_test_plan.by_id", "id"),
			stateAttr(testPlanAddr, "name", knownvalue.StringRegexp(regexp.MustCompile(`\S`))),
		},
		Check: b.emulatorOnly(resource.TestCheckResourceAttr("data.testsigma_test_plan.x", "name", "Smoke")),
	}}})
}

// An environment by name: its keys are in state, never a value.
func scenarioEnvironment(t *testing.T, b *backend) {
	name := b.get(t, accEnvironment)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: b.providerBlock() + fmt.Sprintf("data \"testsigma_environment\" \"x\" {\n  name = %q\n}\n", name),
		ConfigStateChecks: []statecheck.StateCheck{
			stateAttr(envDataAddr, "name", knownvalue.StringExact(name)),
			stateAttr(envDataAddr, "id", knownvalue.NotNull()),
			stateAttr(envDataAddr, "variable_keys", knownvalue.NotNull()),
		},
		Check: b.emulatorOnly(
			resource.TestCheckResourceAttr("data.testsigma_environment.x", "id", "21"),
			noSecretInState("ENC(v1:", "https://staging.example.com"),
		),
	}}})
}

// The action through its protocol (the CLI here predates actions): it triggers, reports
// progress from the run's link to the verdict, and ends without a diagnostic.
func scenarioAction(t *testing.T, b *backend) {
	plan, err := strconv.ParseInt(b.get(t, accPlan), 10, 64)
	if err != nil {
		t.Fatalf("%s = %q is not a test plan id", accPlan, b.get(t, accPlan))
	}
	h := newActionHarness(t, b.opts)
	h.configure(b.baseURL, b.apiKey)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": plan, "build_number": buildNumber("action")}, nil)
	expectNoDiags(t, "InvokeAction", got.diags)
	if len(got.messages) < 2 {
		t.Fatalf("progress: %q", got.messages)
	}
	first := regexp.MustCompile(fmt.Sprintf(`^run \d+ of test plan %d started: \S+/ui/td/runs/\d+$`, plan))
	if !first.MatchString(got.messages[0]) {
		t.Errorf("first progress line %q", got.messages[0])
	}
	if last := got.messages[len(got.messages)-1]; !strings.Contains(last, "passed: SUCCESS") {
		t.Errorf("last progress line %q is not the verdict", last)
	}
	if !b.real() {
		expectTriggers(t, b.emu, 1)
	}
}
