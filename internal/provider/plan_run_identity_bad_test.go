package provider

import (
	"math/big"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// rawIdentity builds `import { identity = { id = … } }` with any number, or null.
func rawIdentity(t *testing.T, id *big.Float) *tfprotov6.ResourceIdentityData {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.Number, id)}))
	if err != nil {
		t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// An identity id that is not a run id (a fraction, a number too large for an id, null, 0 or
// negative) is refused with the run-id error that names what was given, never the
// framework's "always an error in the provider", nor a "0" the user did not write.
func TestIdentity_importWithANonRunIDSaysWhatWasGiven(t *testing.T) {
	t.Parallel()
	huge, _ := new(big.Float).SetPrec(512).SetString("99999999999999999999")
	cases := map[string]struct {
		id   *big.Float
		want string
	}{
		"fraction": {big.NewFloat(1.5), `"1.5" is not a run id`},
		"too big":  {huge, `"99999999999999999999" is not a run id`},
		"null":     {nil, "identity has no id"},
		"zero":     {big.NewFloat(0), `"0" is not a run id`},
		"negative": {big.NewFloat(-3), `"-3" is not a run id`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h := newActionHarness(t, Options{})
			imp, err := h.srv.ImportResourceState(h.ctx(t.Context()), &tfprotov6.ImportResourceStateRequest{TypeName: "testsigma_plan_run", Identity: rawIdentity(t, c.id)})
			if err != nil {
				t.Fatal(err)
			}
			d := onlyDiag(t, imp.Diagnostics, tfprotov6.DiagnosticSeverityError)
			if d.Summary != "Invalid Testsigma run id" || !strings.Contains(d.Detail, c.want) || strings.Contains(d.Detail, "provider") {
				t.Errorf("%s: %s, want the run-id error with %q", d.Summary, d.Detail, c.want)
			}
		})
	}
}

// Through a CLI that has identity (1.12+): the user's own text, not the framework's.
func TestIdentity_cliImportWithANonRunIDSaysWhatWasGiven(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	for id, want := range map[string]string{"1.5": `"1.5" is not a run id`, "null": `identity has no id`} {
		resource.UnitTest(t, resource.TestCase{
			TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:      providerBlock(emu) + smokeRun + "import {\n  to       = testsigma_plan_run.smoke\n  identity = { id = " + id + " }\n}\n",
				PlanOnly:    true,
				ExpectError: words(want),
			}},
		})
	}
}
