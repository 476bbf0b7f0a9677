package provider

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// scenarios is the one table both backends run (see scenarios_test.go). Each
// asserts what holds on any account; what only the emulator can show (its request log,
// the exact counts of its plans) is added with b.onEmulator.
func scenarios() []scenario {
	return []scenario{
		{"passing_run", []string{accPlan, accSavedConfig}, scenarioPassingRun},
		{"failing_run_is_gated", []string{accFailingPlan}, scenarioFailingRun},
		{"on_failure_warning_with_postcondition", []string{accFailingPlan}, scenarioWarning},
		{"import_finished_run", []string{accPlan}, scenarioImport},
		{"refresh_without_api_calls", []string{accPlan}, scenarioRefresh},
		{"timeout_stops_the_run", []string{accPlan}, scenarioTimeout},
		{"run_result_and_junit_report", []string{accPlan}, scenarioRunResultAndJUnit},
		{"saved_configs", []string{accSavedConfig}, scenarioSavedConfigs},
		{"test_plan", []string{accPlan}, scenarioTestPlan},
		{"environment", []string{accEnvironment}, scenarioEnvironment},
		{"action_protocol", []string{accPlan}, scenarioAction},
		{"guide_point_tests_at_deployment", []string{accPlan}, scenarioGuide},
	}
}

var runURL = regexp.MustCompile(`/ui/td/runs/\d+$`)

func (b *backend) runConfig(body string) string {
	return b.providerBlock() + "resource \"testsigma_plan_run\" \"smoke\" {\n" + body + "\n}\n"
}

// triggered fails unless the emulator saw n trigger POSTs: nothing but the apply that
// creates a run may start one.
func triggered(n int) func(*emulator.Server) error {
	return func(emu *emulator.Server) error {
		if got := emu.Count("POST", "/api/v1/execution_results"); got != n {
			return fmt.Errorf("%d trigger POSTs, want %d", got, n)
		}
		return nil
	}
}

func scenarioPassingRun(t *testing.T, b *backend) {
	build := buildNumber("passing")
	config := b.get(t, accSavedConfig)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: b.runConfig(fmt.Sprintf("  test_plan_id = %s\n  saved_config_name = %q\n  build_number = %q\n  runtime_data = { scenario = \"passing_run\" }",
			b.get(t, accPlan), config, build)),
		ConfigStateChecks: []statecheck.StateCheck{
			stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
			stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
			stateAttr(runAddr, "passed", knownvalue.Bool(true)),
			stateAttr(runAddr, "finished", knownvalue.Bool(true)),
			stateAttr(runAddr, "build_number", knownvalue.StringExact(build)),
			stateAttr(runAddr, "failed_tests", knownvalue.ListSizeExact(0)),
			stateAttr(runAddr, "started_at", knownvalue.NotNull()),
			stateAttr(runAddr, "app_url", knownvalue.StringRegexp(runURL)),
		},
		Check: b.onEmulator(func(emu *emulator.Server) error {
			run := emu.Runs()[0]
			if run.BuildNo != build || run.RuntimeData["scenario"] != "passing_run" || run.ConfigName != config {
				return fmt.Errorf("the emulator received build %q, runtime data %v, config %q", run.BuildNo, run.RuntimeData, run.ConfigName)
			}
			return triggered(1)(emu)
		}),
	}}})
}

// A failed run fails the apply, and the run stays in state, tainted, so the next apply
// runs the plan again.
func scenarioFailingRun(t *testing.T, b *backend) {
	plan := b.get(t, accFailingPlan)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config:      b.runConfig("  test_plan_id = " + plan),
			ExpectError: words(`Testsigma run did not pass`, `Run \d+ of test plan `+plan, `finished with`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted || a["id"] == "" || a["result"] == "SUCCESS" {
						return fmt.Errorf("the failed run is not kept tainted: tainted=%v id=%q result=%q", tainted, a["id"], a["result"])
					}
					want := map[string]string{"passed": "false", "finished": "true"}
					if !b.real() { // the emulator's plan fails two of its four tests
						want["result"], want["failed_count"], want["failed_tests.#"] = "FAILURE", "2", "2"
					}
					return expectAttrs(a, want)
				}),
				b.onEmulator(triggered(1)),
			),
		},
	}})
}

// on_failure = "warning": the apply goes on, a postcondition on the run holds, the outputs
// carry the verdict, and a downstream precondition on `passed` closes the gate (the
// pattern of examples/gating).
func scenarioWarning(t *testing.T, b *backend) {
	cfg := b.runConfig(`  test_plan_id = `+b.get(t, accFailingPlan)+`
  on_failure   = "warning"
  lifecycle {
    postcondition {
      condition     = self.finished && self.result != null
      error_message = "the run has no verdict"
    }
  }`) + `
output "passed"       { value = testsigma_plan_run.smoke.passed }
output "failed_count" { value = testsigma_plan_run.smoke.failed_count }
`
	gate := cfg + `
resource "terraform_data" "deploy_next" {
  input = testsigma_plan_run.smoke.id
  lifecycle {
    precondition {
      condition     = testsigma_plan_run.smoke.passed
      error_message = "Smoke run ${testsigma_plan_run.smoke.id} did not pass"
    }
  }
}
`
	failed := knownvalue.Int64Func(func(n int64) error {
		if n < 1 || !b.real() && n != 2 {
			return fmt.Errorf("failed_count = %d", n)
		}
		return nil
	})
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("passed", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("failed_count", failed),
			},
		},
		{Config: gate, ExpectError: words(`Smoke run \d+ did not pass`)},
	}})
}

// Importing a finished run reads it once and plans no change, by id or by import block.
func scenarioImport(t *testing.T, b *backend) {
	cfg := b.runConfig(fmt.Sprintf("  test_plan_id = %s\n  build_number = %q", b.get(t, accPlan), buildNumber("import")))
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{Config: cfg},
		{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateVerify: true},
		{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			Check: b.onEmulator(triggered(1))},
	}})
}

// A finished run never changes: refreshing it costs no request (the emulator counts them),
// and the plan after it is empty (both backends).
func scenarioRefresh(t *testing.T, b *backend) {
	cfg := b.runConfig("  test_plan_id = " + b.get(t, accPlan))
	before := 0
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{Config: cfg},
		{
			PreConfig: func() {
				if !b.real() {
					before = len(b.emu.Requests())
				}
			},
			RefreshState: true,
			Check: b.onEmulator(func(emu *emulator.Server) error {
				if n := len(emu.Requests()) - before; n != 0 {
					return fmt.Errorf("refreshing a finished run made %d API requests, want 0", n)
				}
				return nil
			}),
		},
		{Config: cfg, PlanOnly: true},
	}})
}

// The create timeout (10s, the least allowed) passes on a plan that runs longer: the apply
// fails, the run is stopped (this run only) and kept in state, tainted.
func scenarioTimeout(t *testing.T, b *backend) {
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config:      b.runConfig("  test_plan_id = " + b.longPlan + "\n  stop_on_timeout = true\n  timeouts {\n    create = \"10s\"\n  }"),
			ExpectError: words(`Timed out waiting for the Testsigma run`, `stopped in Testsigma`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted || a["id"] == "" || a["passed"] != "false" {
						return fmt.Errorf("the timed-out run is not kept tainted: tainted=%v id=%q passed=%q", tainted, a["id"], a["passed"])
					}
					return nil
				}),
				b.onEmulator(func(emu *emulator.Server) error {
					if run := emu.Runs()[0]; run.StopRequests != 1 || run.Result != "STOPPED" {
						return fmt.Errorf("%d stop requests, result %q; want 1 and STOPPED", run.StopRequests, run.Result)
					}
					return nil
				}),
			),
		},
	}})
}

// The variables that point the scenarios at a real account (TestAcc_scenarios). Only the
// API key and the scenario's own inputs are needed; a scenario whose inputs are missing
// skips and names them.
const (
	accPlan        = "TESTSIGMA_TEST_PLAN_ID"         // a test plan that passes
	accFailingPlan = "TESTSIGMA_FAILING_TEST_PLAN_ID" // a test plan that fails
	accSavedConfig = "TESTSIGMA_SAVED_CONFIG_NAME"    // a saved config of the passing plan
	accEnvironment = "TESTSIGMA_ENVIRONMENT_NAME"     // any environment of the account
)

var accWhat = map[string]string{
	envAPIKey:      "an API key of the account, from Settings > API Keys",
	accPlan:        "the id of a test plan that passes and takes longer than 10s",
	accFailingPlan: "the id of a test plan that fails",
	accSavedConfig: "the name of a saved config of the passing plan",
	accEnvironment: "the name of an environment",
}

// accEnv is read when the package initialises, before TestMain clears TESTSIGMA_API_KEY and
// TESTSIGMA_BASE_URL so that they cannot leak into the emulator tests' configurations.
var accEnv = func() map[string]string {
	m := map[string]string{}
	for _, k := range []string{envAPIKey, envBaseURL, accPlan, accFailingPlan, accSavedConfig, accEnvironment} {
		m[k] = strings.TrimSpace(os.Getenv(k))
	}
	return m
}()

// backend is what a scenario runs against: the emulator, or a real Testsigma account.
// Scenarios read their inputs with get (by the variable that gives them on a real account)
// and add emulator-only assertions with onEmulator; nothing else differs.
type backend struct {
	emu      *emulator.Server // nil on a real account
	baseURL  string
	apiKey   string
	inputs   map[string]string
	longPlan string // a plan whose run outlasts a 10s create timeout
	opts     Options
}

// emulatorBackend is a fresh emulator with the resource tests' plans, a saved config and an
// environment, standing in for the account the variables would describe.
func emulatorBackend(t *testing.T) *backend {
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: `[{"key":"suiteId","value":[1],"operation":"IN"}]`})
	emu.AddEnvironment(emulator.Environment{ID: 21, Name: "Staging", Variables: []emulator.Variable{
		{Key: "base_url", Value: "https://staging.example.com"},
		{Key: "password", Value: "ENC(v1:c2VjcmV0)", Encrypted: true},
	}})
	return &backend{
		emu: emu, baseURL: emu.URL(), apiKey: emu.APIKey(), longPlan: itoa64(planLong),
		inputs: map[string]string{
			accPlan: itoa64(planPass), accFailingPlan: itoa64(planFail),
			accSavedConfig: "Chrome smoke", accEnvironment: "Staging",
		},
	}
}

// realBackend is the account the variables describe, or a skip that names every variable
// the scenario needs and lacks. The key reaches the provider as TESTSIGMA_API_KEY, the way
// users set it, so it is never written into a configuration.
func realBackend(t *testing.T, needs []string) *backend {
	var missing []string
	for _, v := range append([]string{envAPIKey}, needs...) {
		if accEnv[v] == "" {
			missing = append(missing, fmt.Sprintf("%s (%s)", v, accWhat[v]))
		}
	}
	if len(missing) > 0 {
		t.Skipf("%s: not run against Testsigma, as these are not set: %s", path.Base(t.Name()), strings.Join(missing, "; "))
	}
	base := accEnv[envBaseURL]
	if base == "" {
		base = testsigma.DefaultBaseURL
	}
	t.Setenv(envAPIKey, accEnv[envAPIKey])
	t.Setenv(envBaseURL, base)
	return &backend{
		baseURL: base, apiKey: accEnv[envAPIKey], inputs: accEnv, longPlan: accEnv[accPlan],
		// Real runs take minutes of real time: the scaled test clock would poll too often.
		opts: Options{Clock: testsigma.RealClock()},
	}
}

func (b *backend) real() bool { return b.emu == nil }

// get is a scenario input; asking for one the scenario did not declare is a bug in the table.
func (b *backend) get(t *testing.T, v string) string {
	t.Helper()
	if b.inputs[v] == "" {
		t.Fatalf("scenario reads %s without declaring it in needs", v)
	}
	return b.inputs[v]
}

// providerBlock is empty on a real account (the environment configures it).
func (b *backend) providerBlock() string {
	if b.real() {
		return "provider \"testsigma\" {}\n"
	}
	return providerBlock(b.emu)
}

func (b *backend) factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return factoriesWith(b.opts)
}

// test runs a TestCase with this backend's provider: resource.Test (TF_ACC) on a real
// account, resource.UnitTest on the emulator.
func (b *backend) test(t *testing.T, tc resource.TestCase) {
	t.Helper()
	tc.ProtoV6ProviderFactories = b.factories()
	if b.real() {
		resource.Test(t, tc)
		return
	}
	resource.UnitTest(t, tc)
}

// onEmulator is a check that only the emulator can answer (its request log, what it
// received); on a real account it passes.
func (b *backend) onEmulator(f func(emu *emulator.Server) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if b.real() {
			return nil
		}
		return f(b.emu)
	}
}

// emulatorOnly runs state checks on the emulator only: the exact values of its plans.
func (b *backend) emulatorOnly(checks ...resource.TestCheckFunc) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if b.real() {
			return nil
		}
		return resource.ComposeAggregateTestCheckFunc(checks...)(s)
	}
}

// buildNumber tells the runs of one acceptance run apart in the account's run list.
func buildNumber(scenario string) string {
	return "tf-acc-" + scenario + "-" + time.Now().UTC().Format("20060102-150405")
}

// scenario is written once and run against both backends. needs are the variables it
// reads on a real account (the API key is always needed).
type scenario struct {
	name  string
	needs []string
	run   func(t *testing.T, b *backend)
}

// setsEnv names the scenarios that configure the provider through process environment, as
// their guide tells users to: t.Setenv cannot run beside parallel tests, so these run in
// TestScenarios_emulatorEnv, serially.
var setsEnv = map[string]bool{"guide_point_tests_at_deployment": true}

// TestScenarios_emulator runs every scenario against the emulator, inside `make test`; each
// has its own emulator, so they run side by side.
func TestScenarios_emulator(t *testing.T) {
	t.Parallel()
	for _, s := range scenarios() {
		if setsEnv[s.name] {
			continue
		}
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			s.run(t, emulatorBackend(t))
		})
	}
}

// TestScenarios_emulatorEnv runs the scenarios that set process environment, serially.
func TestScenarios_emulatorEnv(t *testing.T) {
	for _, s := range scenarios() {
		if setsEnv[s.name] {
			t.Run(s.name, func(t *testing.T) { s.run(t, emulatorBackend(t)) })
		}
	}
}

// TestAcc_scenarios runs the same scenarios against a real account (`make testacc`).
func TestAcc_scenarios(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance tests run against a real Testsigma account only with TF_ACC=1 (make testacc)")
	}
	for _, s := range scenarios() {
		t.Run(s.name, func(t *testing.T) { s.run(t, realBackend(t, s.needs)) })
	}
}

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
		},
		// by_name holds the number saved_config_id takes; the data source's id is that number as a string.
		Check: resource.ComposeTestCheckFunc(
			resource.TestCheckResourceAttrPair("data.testsigma_saved_configs.all", "by_name."+name, "data.testsigma_saved_config.x", "id"),
			b.emulatorOnly(resource.TestCheckResourceAttr("data.testsigma_saved_config.x", "id", "11"))),
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

const guideDir = "../../examples/guides/point-tests-at-deployment"

// The guide "Point the tests at what you just deployed", applied as written: the deployment's
// URL reaches the environment, the password reaches it encrypted and nothing else, the plan
// runs against that environment, and the downstream resource applies after it. On a real
// account this leaves an environment named "Preview tf-acc-guide-…" behind: the API
// cannot delete environments.
func scenarioGuide(t *testing.T, b *backend) {
	main, err := os.ReadFile(guideDir + "/main.tf")
	if err != nil {
		t.Fatal(err)
	}
	// The guide names the provider by its registry address, as users do.
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "testsigma")
	if !b.real() {
		t.Setenv(envBaseURL, b.baseURL)
		t.Setenv(envAPIKey, b.apiKey)
	}
	release := "v1.4.2"
	if b.real() {
		release = buildNumber("guide")
	}
	password := "GUIDE-CANARY-" + strconv.Itoa(os.Getpid())
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: string(main),
		ConfigVariables: config.Variables{
			"release": config.StringVariable(release), "test_user_password": config.StringVariable(password),
			"smoke_test_plan_id": config.StringVariable(b.get(t, accPlan)),
		},
		ConfigStateChecks: []statecheck.StateCheck{
			stateAttr("testsigma_environment.preview", "variables", knownvalue.MapPartial(map[string]knownvalue.Check{
				"base_url": knownvalue.StringExact("https://" + strings.ReplaceAll(release, ".", "-") + ".preview.example.com")})),
			stateAttr("testsigma_environment.preview", "secret_variable_keys", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("password")})),
			stateAttr("testsigma_plan_run.smoke", "result", knownvalue.StringExact("SUCCESS")),
			stateAttr("terraform_data.promote", "output", knownvalue.StringExact(release)),
		},
		Check: resource.ComposeAggregateTestCheckFunc(noSecretInState(password), b.onEmulator(func(emu *emulator.Server) error {
			run := emu.Runs()[0]
			if run.EnvironmentID == nil {
				return fmt.Errorf("the run was triggered without an environment")
			}
			env, ok := emu.StoredEnvironment(*run.EnvironmentID)
			if !ok || env.Name != "Preview "+release {
				return fmt.Errorf("the run was triggered with environment %d, which is %+v", *run.EnvironmentID, env)
			}
			for _, v := range env.Variables {
				if v.Key == "password" && (!v.Encrypted || v.Value != password) {
					return fmt.Errorf("the password reached Testsigma as %+v", v)
				}
			}
			return nil
		})),
	}}})
}
