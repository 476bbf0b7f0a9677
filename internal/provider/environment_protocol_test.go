package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// envHarness is the provider server in process, configured against emu, with the
// environment resource's type: Terraform core's side of the protocol, for the warnings the
// CLI tests cannot see.
func envHarness(t *testing.T, emu *emulator.Server) (*actionHarness, tftypes.Object) {
	t.Helper()
	h := newActionHarness(t, Options{})
	h.configure(emu.URL(), emu.APIKey())
	schemas, err := h.srv.GetProviderSchema(h.ctx(t.Context()), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return h, schemas.ResourceSchemas["testsigma_environment"].Block.ValueType().(tftypes.Object)
}

// The plan of a destroy warns, before anything is applied, that the environment stays in
// Testsigma (the API has no DELETE). Terraform core's PlanResourceChange, in process: the
// CLI tests cannot see warnings.
func TestEnvironment_destroyWarnsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	h, typ := envHarness(t, emu)
	prior := h.value(typ, map[string]any{"id": 7, "name": "Preview"})
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.srv.PlanResourceChange(h.ctx(t.Context()), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "testsigma_environment", PriorState: prior, ProposedNewState: &null, Config: &null,
	})
	if err != nil {
		t.Fatal(err)
	}
	d := onlyDiag(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Destroying testsigma_environment leaves it in Testsigma" ||
		!strings.Contains(d.Detail, `Environment "Preview" (id 7)`) || !strings.Contains(d.Detail, "stay in Testsigma") {
		t.Errorf("warning = %s: %s", d.Summary, d.Detail)
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("%d API requests during the plan, want none", n)
	}
}

// A Testsigma that keeps a variable the PUT left out (the docs do not say a PUT removes it):
// the update warns and names it.
func TestEnvironment_keptVariableWarns(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{KeepOmittedVariables: true})
	emu.AddEnvironment(emulator.Environment{ID: 7, Name: "E", Variables: []emulator.Variable{{Key: "a", Value: "1"}, {Key: "old", Value: "2"}}})
	h, typ := envHarness(t, emu)
	prior := h.value(typ, map[string]any{"id": 7, "name": "E", "project_id": 1, "variables": map[string]string{"a": "1", "old": "2"}, "secret_variable_keys": []string{}})
	planned := h.value(typ, map[string]any{"id": 7, "name": "E", "project_id": 1, "variables": map[string]string{"a": "1"}, "secret_variable_keys": []string{}})
	cfg := h.value(typ, map[string]any{"name": "E", "variables": map[string]string{"a": "1"}})
	resp, err := h.srv.ApplyResourceChange(h.ctx(t.Context()), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "testsigma_environment", PriorState: prior, PlannedState: planned, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	d := onlyDiag(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Testsigma kept variables the configuration removed" || !strings.Contains(d.Detail, "Environment 7 still has old after the update") {
		t.Errorf("warning = %s: %s", d.Summary, d.Detail)
	}
	if n := emu.Count("PUT", "/api/v1/environments/{id}"); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
}
