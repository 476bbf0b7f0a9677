package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func savedConfigsEmulator(t *testing.T) *emulator.Server {
	emu := newEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: `[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`, CreatedByEmail: "qa@example.com"})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 12, Name: "Firefox nightly", Query: "[{\"key\":\"suiteId\",\n\"value\":[114,115],\"operation\":\"IN\"}]", Condition: "INCLUDED"})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 13, Name: "Chrome regression", Query: `not json`})
	return emu
}

func TestSavedConfigs_all(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	addr := "data.testsigma_saved_configs.all"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `data "testsigma_saved_configs" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(11), knownvalue.Int64Exact(12), knownvalue.Int64Exact(13)})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("by_name"), knownvalue.MapExact(map[string]knownvalue.Check{
					"Chrome smoke": knownvalue.Int64Exact(11), "Firefox nightly": knownvalue.Int64Exact(12), "Chrome regression": knownvalue.Int64Exact(13),
				})),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("configs").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id": knownvalue.Int64Exact(11), "name": knownvalue.StringExact("Chrome smoke"),
					"type": knownvalue.StringExact("SAVED_CONFIG"), "condition": knownvalue.StringExact("EXCLUDED"),
					"query_json":       knownvalue.StringExact(`[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`),
					"created_by_email": knownvalue.StringExact("qa@example.com"),
					"query": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
						"key": knownvalue.StringExact("suiteId"), "values": knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(114)}), "operation": knownvalue.StringExact("NOT_IN"),
					})}),
				})),
				// The query with a newline inside its string still parses.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("configs").AtSliceIndex(1).AtMapKey("query").AtSliceIndex(0).AtMapKey("values"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(114), knownvalue.Int64Exact(115)})),
				// An unparseable query is kept raw, not an error.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("configs").AtSliceIndex(2).AtMapKey("query"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("configs").AtSliceIndex(2).AtMapKey("query_json"), knownvalue.StringExact("not json")),
			},
		}},
	})
}

func TestSavedConfigs_filters(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		// Steps that fail come first: the harness destroys with the last step's configuration.
		Steps: []resource.TestStep{
			{
				Config:      providerBlock(emu) + `data "testsigma_saved_configs" "x" { name = "Chrome smok" }`,
				ExpectError: regexp.MustCompile(`(?s)No saved execution config is named "Chrome smok".*Closest names: "Chrome smoke"`),
			},
			{
				Config:      providerBlock(emu) + `data "testsigma_saved_configs" "x" { name_regex = "([" }`,
				ExpectError: regexp.MustCompile(`name_regex is not a valid RE2 expression`),
			},
			{
				Config: providerBlock(emu) + `data "testsigma_saved_configs" "x" {
  name       = "a"
  name_regex = "b"
}`,
				ExpectError: regexp.MustCompile(`(?i)conflict|cannot be specified when`),
			},
			{
				Config: providerBlock(emu) + `data "testsigma_saved_configs" "one" { name = "Firefox nightly" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.testsigma_saved_configs.one", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(12)})),
				},
			},
			{
				Config: providerBlock(emu) + `data "testsigma_saved_configs" "chrome" { name_regex = "^Chrome" }`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.testsigma_saved_configs.chrome", tfjsonpath.New("by_name"), knownvalue.MapExact(map[string]knownvalue.Check{
						"Chrome smoke": knownvalue.Int64Exact(11), "Chrome regression": knownvalue.Int64Exact(13),
					})),
				},
			},
		},
	})
}

// Duplicate names: by_name leaves them out and a warning names them. Warnings do not reach
// the harness, so this test calls the data source directly after a real Configure.
func TestSavedConfigs_duplicateNamesWarn(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	emu.AddSavedConfig(emulator.SavedConfig{ID: 14, Name: "Chrome smoke", Query: "[]"})
	ctx := context.Background()
	cresp := configure(t, map[string]tftypes.Value{
		"api_key": tftypes.NewValue(tftypes.String, emu.APIKey()), "base_url": tftypes.NewValue(tftypes.String, emu.URL()),
	})
	ds := &savedConfigsDataSource{}
	ds.Configure(ctx, datasource.ConfigureRequest{ProviderData: cresp.DataSourceData}, &datasource.ConfigureResponse{})
	var sresp datasource.SchemaResponse
	ds.Schema(ctx, datasource.SchemaRequest{}, &sresp)
	raw := objectValue(t, sresp.Schema.Type().TerraformType(ctx), nil)
	resp := &datasource.ReadResponse{State: tfsdk.State{Schema: sresp.Schema, Raw: raw}}
	ds.Read(ctx, datasource.ReadRequest{Config: tfsdk.Config{Schema: sresp.Schema, Raw: raw}}, resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	warnings := resp.Diagnostics.Warnings()
	if len(warnings) != 1 || !strings.Contains(warnings[0].Detail(), `"Chrome smoke"`) {
		t.Fatalf("warnings = %v, want one naming \"Chrome smoke\"", warnings)
	}
	var byName map[string]int64
	resp.Diagnostics.Append(resp.State.GetAttribute(ctx, path.Root("by_name"), &byName)...)
	if _, ok := byName["Chrome smoke"]; ok || byName["Firefox nightly"] != 12 || len(byName) != 2 {
		t.Errorf("by_name = %v, want the duplicated name left out", byName)
	}
}
