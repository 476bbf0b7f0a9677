package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Import by identity (Terraform 1.12+) through the protocol, as Terraform core calls it:
// ImportResourceState with the identity, then ReadResource on what it returned.

func TestIdentity_schema(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	resp, err := h.srv.GetResourceIdentitySchemas(t.Context(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	expectNoDiags(t, "GetResourceIdentitySchemas", resp.Diagnostics)
	s := resp.IdentitySchemas["testsigma_plan_run"]
	if s == nil || len(s.IdentityAttributes) != 1 {
		t.Fatalf("identity schema = %+v, want one attribute", s)
	}
	if a := s.IdentityAttributes[0]; a.Name != "id" || !a.Type.Is(tftypes.Number) || !a.RequiredForImport {
		t.Errorf("identity attribute = %+v, want id, a number, required for import", a)
	}
}

func identityValue(t *testing.T, id int64) *tfprotov6.ResourceIdentityData {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(id))}))
	if err != nil {
		t.Fatal(err)
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// importAndRead is `import { identity = … }` (or `id`, when identity is nil) and the read
// that follows it. It returns the read's state attributes and identity id.
func (h *actionHarness) importAndRead(id string, identity *tfprotov6.ResourceIdentityData) (map[string]tftypes.Value, int64) {
	h.t.Helper()
	ctx := h.ctx(h.t.Context())
	imp, err := h.srv.ImportResourceState(ctx, &tfprotov6.ImportResourceStateRequest{TypeName: "testsigma_plan_run", ID: id, Identity: identity})
	if err != nil {
		h.t.Fatal(err)
	}
	expectNoDiags(h.t, "ImportResourceState", imp.Diagnostics)
	if len(imp.ImportedResources) != 1 {
		h.t.Fatalf("%d imported resources", len(imp.ImportedResources))
	}
	ir := imp.ImportedResources[0]
	identityID(h.t, ir.Identity) // the import already names the run
	read, err := h.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: "testsigma_plan_run", CurrentState: ir.State, Private: ir.Private, CurrentIdentity: ir.Identity})
	if err != nil {
		h.t.Fatal(err)
	}
	expectNoDiags(h.t, "ReadResource", read.Diagnostics)
	schemas, _ := h.srv.GetProviderSchema(h.t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	v, err := read.NewState.Unmarshal(schemas.ResourceSchemas["testsigma_plan_run"].ValueType())
	if err != nil {
		h.t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		h.t.Fatal(err)
	}
	return attrs, identityID(h.t, read.NewIdentity)
}

func TestIdentity_importFinishedRun(t *testing.T) {
	t.Parallel()
	emu, ids := listEmulator(t)
	h := configuredHarness(t, emu)
	for name, by := range map[string]struct {
		id       string
		identity *tfprotov6.ResourceIdentityData
	}{
		"by identity": {"", identityValue(t, ids[1])},
		"by id":       {itoa64(ids[1]), nil},
	} {
		t.Run(name, func(t *testing.T) {
			attrs, identity := h.importAndRead(by.id, by.identity)
			var id, result, build string
			var finished bool
			_ = attrs["id"].As(&id)
			_ = attrs["result"].As(&result)
			_ = attrs["build_number"].As(&build)
			_ = attrs["finished"].As(&finished)
			if id != itoa64(ids[1]) || identity != ids[1] || result != "FAILURE" || build != "1.4.1" || !finished {
				t.Errorf("imported id %q (identity %d), result %q, build %q, finished %v; want run %d, FAILURE, 1.4.1, finished", id, identity, result, build, finished, ids[1])
			}
		})
	}
}

// Importing a run that is still going records it as it is and returns: it neither waits
// for the run nor stops it.
func TestIdentity_importRunningRunDoesNotWait(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	runID := emu.StartRun(planLong)
	h := configuredHarness(t, emu)
	before := emu.Count("GET", "/api/v1/execution_results/{id}")
	attrs, identity := h.importAndRead("", identityValue(t, runID))
	var finished bool
	_ = attrs["finished"].As(&finished)
	if finished || identity != runID {
		t.Errorf("finished = %v, identity %d; want a run still going, %d", finished, identity, runID)
	}
	if reads := emu.Count("GET", "/api/v1/execution_results/{id}") - before; reads != 1 {
		t.Errorf("%d reads of the run, want 1: an import does not wait", reads)
	}
	if run, _ := emu.Run(runID); run.StopRequests > 0 {
		t.Error("the import stopped the run")
	}
}

func TestIdentity_badIdentity(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	imp, err := h.srv.ImportResourceState(h.ctx(t.Context()), &tfprotov6.ImportResourceStateRequest{TypeName: "testsigma_plan_run", Identity: identityValue(t, 0)})
	if err != nil {
		t.Fatal(err)
	}
	d := onlyDiag(t, imp.Diagnostics, tfprotov6.DiagnosticSeverityError)
	if d.Summary != "Invalid Testsigma run id" {
		t.Errorf("summary %q", d.Summary)
	}
}

// Identity and the list resource through a real CLI. They skip on the 1.11 here; point
// TF_ACC_TERRAFORM_PATH at a newer Terraform to run them (the protocol-level tests in
// plan_run_identity_test.go and plan_run_list_test.go run everywhere).

const smokeRun = `
resource "testsigma_plan_run" "smoke" {
  test_plan_id = 1001
  build_number = "1.4.2"
}
`

// Terraform 1.12+ stores the identity a run gets on create.
func TestIdentity_cliStoredOnCreate(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + smokeRun,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectIdentity("testsigma_plan_run.smoke", map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
			},
		}},
	})
}

// Terraform 1.14+ `terraform query` finds the run the first step started, by its display
// name, with its identity.
func TestListResource_cliQuery(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: providerBlock(emu) + smokeRun},
			{
				Query: true,
				// The query file joins the previous step's configuration, which already
				// configures the provider: a second provider block is a duplicate.
				Config: `
list "testsigma_plan_run" "recent" {
  provider = testsigma

  config {
    test_plan_id = 1001
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("testsigma_plan_run.recent", 1),
					querycheck.ExpectIdentity("testsigma_plan_run.recent", map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
				},
			},
		},
	})
}
