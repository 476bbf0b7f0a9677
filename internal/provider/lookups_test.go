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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
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
