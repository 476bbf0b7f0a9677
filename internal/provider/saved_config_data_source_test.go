package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

func savedConfigConfig(emu *emulator.Server, name string) string {
	return providerBlock(emu) + "data \"testsigma_saved_config\" \"x\" {\n  name = \"" + name + "\"\n}\n"
}

func TestSavedConfig_exactlyOne(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: savedConfigConfig(emu, "Chrome smoke"),
			// The same values as element 0 of testsigma_saved_configs.configs (see TestSavedConfigs_all).
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(savedConfigAddr, "id", knownvalue.StringExact("11")),
				stateAttr(savedConfigAddr, "name", knownvalue.StringExact("Chrome smoke")),
				stateAttr(savedConfigAddr, "type", knownvalue.StringExact("SAVED_CONFIG")),
				stateAttr(savedConfigAddr, "condition", knownvalue.StringExact("EXCLUDED")),
				stateAttr(savedConfigAddr, "query_json", knownvalue.StringExact(`[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`)),
				stateAttr(savedConfigAddr, "created_by_email", knownvalue.StringExact("qa@example.com")),
				stateAttr(savedConfigAddr, "query", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
					"key": knownvalue.StringExact("suiteId"), "values": knownvalue.ListExact([]knownvalue.Check{knownvalue.Int64Exact(114)}), "operation": knownvalue.StringExact("NOT_IN"),
				})})),
			},
		}},
	})
}

func TestSavedConfig_missingListsTheClosestNames(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: savedConfigConfig(emu, "chrome smok"),
			// Only the close name: "Chrome regression" shares a word, not a spelling.
			ExpectError: words(`Saved config not found`, `No saved execution config is named "chrome smok"`, `Closest names: "Chrome smoke"\.`),
		}},
	})
}

// Far names are never listed, not even when nothing is close: the error says so instead.
func TestSavedConfig_farNamesAreNotListed(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      savedConfigConfig(emu, "Safari staging"),
			ExpectError: words(`No saved execution config is named "Safari staging"`, `none of the 3 existing names is close to it\.`),
		}},
	})
	for name, near := range map[string][]string{"chrome smok": {"Chrome smoke"}, "Safari staging": nil} {
		diags := readDirectly(t, emu, &savedConfigDataSource{}, map[string]tftypes.Value{"name": tftypes.NewValue(tftypes.String, name)})
		expectOnlyNear(t, diags, near, []string{"Chrome regression", "Firefox nightly"})
	}
}

func TestSavedConfig_sharedNameListsTheIDs(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	emu.AddSavedConfig(emulator.SavedConfig{ID: 9, Name: "Chrome smoke", Query: "[]"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: savedConfigConfig(emu, "Chrome smoke"),
			ExpectError: words(`Saved config name is not unique`, `2 saved execution configs are named "Chrome smoke" \(ids 9, 11\)`,
				`Use data "testsigma_saved_configs"`, `pick one by id`),
		}},
	})
}
