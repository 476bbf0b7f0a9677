package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func keys(ks ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(ks))
	for i, k := range ks {
		checks[i] = knownvalue.StringExact(k)
	}
	return knownvalue.ListExact(checks)
}

// The seed's Staging has an encrypted password: its key is in state, no value is.
func TestEnvironment_byNameKeysOnly(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: lookupConfig(emu, "testsigma_environment", `  name = "Staging"`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(envDataAddr, "id", knownvalue.StringExact("21")),
				stateAttr(envDataAddr, "name", knownvalue.StringExact("Staging")),
				stateAttr(envDataAddr, "description", knownvalue.StringExact("Pre-production")),
				stateAttr(envDataAddr, "variable_keys", keys("base_url", "password", "username")),
			},
			Check: noSecretInState("ENC(v1:", "qa-bot@example.com", "https://staging"),
		}},
	})
}

func TestEnvironment_byIDFromAPlainArray(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{EnvironmentsAsArray: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      lookupConfig(emu, "testsigma_environment", "  id = 99"),
				ExpectError: words(`Environment not found`, `No environment has id 99`, `/environments/<id>/details`),
			},
			{
				Config: lookupConfig(emu, "testsigma_environment", "  id = 22"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(envDataAddr, "name", knownvalue.StringExact("Staging - EU")),
					stateAttr(envDataAddr, "variable_keys", keys("base_url")),
				},
			},
			{
				Config:            lookupConfig(emu, "testsigma_environment", `  name = "Production"`),
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(envDataAddr, "id", knownvalue.StringExact("23")), stateAttr(envDataAddr, "description", knownvalue.Null())},
			},
		},
	})
}

func TestEnvironment_notFoundAndDuplicates(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	emu.AddEnvironment(emulator.Environment{ID: 24, Name: "Production"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: lookupConfig(emu, "testsigma_environment", `  name = "Stagng"`),
				ExpectError: words(`Environment not found`, `No environment is named "Stagng"`, `Closest names: "Staging"\.`,
					`/environments/<id>/details`, `set id instead of name`),
			},
			{
				Config: lookupConfig(emu, "testsigma_environment", `  name = "Production"`),
				ExpectError: words(`Environment name is not unique`, `2 environments are named "Production" \(ids 23, 24\)`,
					`Set id to one of them`),
			},
		},
	})
	diags := readDirectly(t, emu, &environmentDataSource{}, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, "staging")})
	expectOnlyNear(t, diags, []string{"Staging"}, []string{"Staging - EU", "Production"})
}

func TestEnvironment_neitherOrBothOfNameAndID(t *testing.T) {
	t.Parallel()
	exactlyOneOfSteps(t, "testsigma_environment")
}

// A rejected key and a failing server end each lookup with an error that says which.
func TestLookups_apiErrors(t *testing.T) {
	t.Parallel()
	lookups := map[string]struct{ typ, route, what string }{
		"test plan":   {"testsigma_test_plan", "GET /api/v1/test_plans", "test plan"},
		"environment": {"testsigma_environment", "GET /api/v1/environments", "environment"},
	}
	for name, l := range lookups {
		t.Run(name+" 401", func(t *testing.T) {
			t.Parallel()
			emu := demoEmulator(t, emulator.Options{})
			config := providerWith(emu.URL(), "not-the-key") + fmt.Sprintf("data %q \"x\" {\n  name = \"Staging\"\n}\n", l.typ)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{Config: config,
					ExpectError: words(`Testsigma rejected the API key`, `Looking up the `+l.what+` failed`, `401`, `TESTSIGMA_API_KEY`)}},
			})
		})
		t.Run(name+" 500", func(t *testing.T) {
			t.Parallel()
			emu := demoEmulator(t, emulator.Options{})
			emu.Fault(l.route, emulator.Fault{Status: 500, Body: `{"error":"Database is down","code":null}`})
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{Config: lookupConfig(emu, l.typ, `  name = "Staging"`),
					ExpectError: words(`Cannot look up the Testsigma `+l.what, `500 Internal Server Error`, `Database is down`)}},
			})
		})
	}
	// A 503 that passes is retried like any idempotent read.
	emu := demoEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/environments", emulator.Fault{Status: 503, Times: 2})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            lookupConfig(emu, "testsigma_environment", `  name = "Staging"`),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(envDataAddr, "id", knownvalue.StringExact("21"))},
		}},
	})
}
