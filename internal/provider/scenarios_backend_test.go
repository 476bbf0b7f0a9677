package provider

import (
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

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
