package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The plan of a destroy warns, before anything is applied, that the environment stays in
// Testsigma (the API has no DELETE). Terraform core's PlanResourceChange, in process: the
// CLI tests cannot see warnings.
func TestEnvironment_destroyWarnsAtPlanTime(t *testing.T) {
	emu := newEmulator(t, emulator.Options{})
	h := newActionHarness(t, Options{})
	h.configure(emu.URL(), emu.APIKey())
	schemas, err := h.srv.GetProviderSchema(h.ctx(t.Context()), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	typ := schemas.ResourceSchemas["testsigma_environment"].Block.ValueType().(tftypes.Object)
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
