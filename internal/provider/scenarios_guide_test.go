package provider

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
