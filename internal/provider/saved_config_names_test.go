package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
