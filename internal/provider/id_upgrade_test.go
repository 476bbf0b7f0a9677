package provider

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A state written when testsigma_environment's and testsigma_schedule's id was a number
// (schema version 0) is upgraded by the real CLI: the plan shows no change, and the
// refreshed state holds the same id as a string.
func TestIDs_numberIDStateUpgradesToStringWithoutChanges(t *testing.T) {
	t.Parallel()
	emu := demoEmulator(t, emulator.Options{})
	emu.AddEnvironment(emulator.Environment{ID: 7, Name: "Staging", Variables: []emulator.Variable{{Key: "base_url", Value: "https://x"}}})
	w := newCLIWorkdir(t, 11, emu, `
resource "testsigma_environment" "staging" {
  name      = "Staging"
  variables = { base_url = "https://x" }
}
resource "testsigma_schedule" "nightly" {
  test_plan_id  = 1001
  name          = "Nightly"
  schedule_type = "DAILY"
  next_interval = "2026-12-24T09:30:00"
  timezone      = "EST"
}
`)
	w.write("terraform.tfstate", numberIDState)
	if out, code := w.run("plan", "-detailed-exitcode", "-input=false"); code != 0 {
		t.Fatalf("plan of the upgraded state exited %d, want 0 (no changes):\n%s", code, out)
	}
	if out, code := w.apply("-refresh-only"); code != 0 {
		t.Fatalf("apply -refresh-only exited %d:\n%s", code, out)
	}
	for addr, want := range map[string]string{"testsigma_environment.staging": "7", "testsigma_schedule.nightly": "21"} {
		attrs, _, ok := w.stateOf(addr)
		if !ok || attrs["id"] != want {
			t.Errorf("%s id = %#v after the upgrade, want the string %q", addr, attrs["id"], want)
		}
	}
}

// The upgrader turns the number into a string and leaves a null id (an unconfirmed
// schedule) and every other attribute as they were.
func TestIDs_upgraderKeepsNullIDAndOtherAttributes(t *testing.T) {
	for in, want := range map[string]string{
		`{"id":21,"test_plan_id":1001,"name":"N"}`:   `{"id":"21","name":"N","test_plan_id":1001}`,
		`{"id":null,"test_plan_id":1001,"name":"N"}`: `{"id":null,"name":"N","test_plan_id":1001}`,
		`{"id":"21","test_plan_id":1001,"name":"N"}`: `{"id":"21","name":"N","test_plan_id":1001}`,
		`{"id":9007199254740993,"name":"big"}`:       `{"id":"9007199254740993","name":"big"}`,
	} {
		got, err := numberIDToString([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("numberIDToString(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := numberIDToString([]byte(`{"id":1.5}`)); err == nil {
		t.Error("a fractional id was upgraded; want an error")
	}
}

var numberIDState = func() string {
	provider := `provider["registry.terraform.io/testsigma/testsigma"]`
	inst := func(attrs map[string]any) []map[string]any {
		return []map[string]any{{"schema_version": 0, "attributes": attrs, "sensitive_attributes": []any{}}}
	}
	st := map[string]any{"version": 4, "terraform_version": "1.11.0", "serial": 1, "lineage": "0b1c2d3e-ids-upgrade", "outputs": map[string]any{},
		"resources": []map[string]any{
			{"mode": "managed", "type": "testsigma_environment", "name": "staging", "provider": provider, "instances": inst(map[string]any{
				"id": 7, "name": "Staging", "description": nil, "project_id": 1, "variables": map[string]string{"base_url": "https://x"},
				"secret_variables_wo": nil, "secret_variables_wo_version": nil, "secret_variable_keys": []string{}})},
			{"mode": "managed", "type": "testsigma_schedule", "name": "nightly", "provider": provider, "instances": inst(map[string]any{
				"id": 21, "test_plan_id": 1001, "name": "Nightly", "schedule_type": "DAILY", "next_interval": "2026-12-24T09:30:00",
				"timezone": "EST", "saved_config_id": nil, "saved_config_name": nil, "enabled": true, "detect_drift": false,
				"next_run_at": "2026-12-24T14:30:00Z"})},
		}}
	b, _ := json.MarshalIndent(st, "", "  ")
	return strings.TrimSpace(string(b))
}()
