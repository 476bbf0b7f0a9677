package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Helpers shared by the tests of the lookups by name (test plans, environments, saved
// configs).

// demoEmulator serves the demo seed: 13 plans (two pages of 10 when the page size is
// capped), "Smoke - checkout" next to its neighbour "Smoke - checkout (old)", and the
// environments Staging (with an encrypted variable), Staging - EU and Production.
func demoEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	emu := newEmulator(t, opts)
	emulator.SeedDemo(emu)
	return emu
}

// lookupConfig is one data source block of typ with the given body, after the provider.
func lookupConfig(emu *emulator.Server, typ, body string) string {
	return providerBlock(emu) + fmt.Sprintf("data %q \"x\" {\n%s\n}\n", typ, body)
}

// readDirectly calls a data source's Read after a real Configure against the emulator, so
// a test can look at a diagnostic's whole text (the harness only matches a pattern).
func readDirectly(t *testing.T, emu *emulator.Server, ds datasource.DataSourceWithConfigure, values map[string]tftypes.Value) diag.Diagnostics {
	t.Helper()
	ctx := context.Background()
	cresp := configure(t, map[string]tftypes.Value{
		"api_key": tftypes.NewValue(tftypes.String, emu.APIKey()), "base_url": tftypes.NewValue(tftypes.String, emu.URL()),
	})
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: cresp.DataSourceData}, &datasource.ConfigureResponse{})
	var sresp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &sresp)
	raw := objectValue(t, sresp.Schema.Type().TerraformType(ctx), values)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: raw}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: raw}}, resp)
	return resp.Diagnostics
}

// expectOnlyNear checks the one error's text suggests the near names and none of the far.
func expectOnlyNear(t *testing.T, diags diag.Diagnostics, near, far []string) {
	t.Helper()
	errs := diags.Errors()
	if len(errs) != 1 {
		t.Fatalf("diagnostics = %v, want one error", diags)
	}
	detail := errs[0].Detail()
	for _, n := range near {
		if !strings.Contains(detail, fmt.Sprintf("%q", n)) {
			t.Errorf("the error does not suggest %q: %s", n, detail)
		}
	}
	for _, n := range far {
		if strings.Contains(detail, fmt.Sprintf("%q", n)) {
			t.Errorf("the error names the far name %q: %s", n, detail)
		}
	}
}

// listRequests counts the emulator's GETs of a listing whose query holds want.
func listRequests(emu *emulator.Server, path, want string) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == "GET" && r.Path == path && strings.Contains(r.Query, want) {
			n++
		}
	}
	return n
}

// exactlyOneOfSteps: neither name nor id, and both, fail at plan time without a request.
func exactlyOneOfSteps(t *testing.T, typ string) {
	emu := demoEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: lookupConfig(emu, typ, ""), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Missing Attribute Configuration.*Exactly one of these attributes must be\s+configured: \[name,id\]`),
			},
			{
				Config: lookupConfig(emu, typ, "  name = \"Staging\"\n  id   = 21"), PlanOnly: true,
				ExpectError: regexp.MustCompile(`(?s)Invalid Attribute Combination.*Exactly one of these attributes must be\s+configured: \[name,id\]`),
			},
		},
	})
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("the emulator saw %d requests, want none: the configuration is wrong before any lookup", n)
	}
}

// noSecretInState fails when any attribute of any resource in state holds one of values.
func noSecretInState(values ...string) func(*terraform.State) error {
	return func(s *terraform.State) error {
		for addr, rs := range s.RootModule().Resources {
			for k, v := range rs.Primary.Attributes {
				for _, secret := range values {
					if strings.Contains(v, secret) {
						return fmt.Errorf("%s.%s holds a variable's value %q", addr, k, secret)
					}
				}
			}
		}
		return nil
	}
}

// The rarer turns of the not-found text: an account with none, and a listing too long to read.
func TestNoSuchNameText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		names    []string
		complete bool
		want     []string
	}{
		{nil, true, []string{`No test plan is named "Smoke"; this account has none.`, `CI/CD Integration tab`}},
		{[]string{"Smoke - checkout", "Smok"}, false, []string{`Closest names: "Smok".`, `only the first 2 names were searched`}},
	}
	for _, tt := range tests {
		got := noSuchNameText(testPlanKind, "Smoke", tt.names, tt.complete)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("noSuchNameText(%q, complete %v) = %q, want it to contain %q", tt.names, tt.complete, got, w)
			}
		}
	}
}

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
				stateAttr(testPlanAddr, "id", knownvalue.StringExact("1004")),
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
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(testPlanAddr, "id", knownvalue.StringExact("4300"))},
		}},
	})
}

// dupConfigs are two saved configs of one name (reliability-probe.md R50).
func dupConfigs(emu *emulator.Server) {
	emu.AddSavedConfig(emulator.SavedConfig{ID: 91, Name: "Dup cfg", Query: "[]"})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 92, Name: "Dup cfg", Query: "[]"})
}

// D12: saved_config_name naming two saved configs fails the resource's plan with the data
// source's own words, and no run starts.
func TestD12_duplicateSavedConfigNameFailsThePlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	dupConfigs(emu)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 1001\nsaved_config_name = \"Dup cfg\""),
			ExpectError: words("Saved config name is not unique", `2 saved execution configs are named "Dup cfg" \(ids 91, 92\)`),
		}},
	})
	expectTriggers(t, emu, 0)
}

// D12: the action's plan says the same.
func TestD12_duplicateSavedConfigNameFailsTheActionPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	dupConfigs(emu)
	h := configuredHarness(t, emu)
	d := onlyDiag(t, h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "Dup cfg"}), tfprotov6.DiagnosticSeverityError)
	if want := duplicateNameText(savedConfigKind, "Dup cfg", []int64{91, 92}); d.Summary != "Saved config name is not unique" || d.Detail != want {
		t.Errorf("error:\n%s\n%s\nwant the data source's words:\n%s", d.Summary, d.Detail, want)
	}
	expectTriggers(t, emu, 0)
}
