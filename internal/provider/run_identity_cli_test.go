package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
				Config: providerBlock(emu) + `
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
