package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// stateWriter is a resource state, or the resource of a list result.
type stateWriter interface {
	attributeStore
	Get(ctx context.Context, target any) diag.Diagnostics
	Set(ctx context.Context, val any) diag.Diagnostics
}

// adoptRun is the one mapping of a run read by id into testsigma_plan_run's state, as the
// refresh after an import makes it: how the run was started (from the run itself, since
// no configuration says yet), its verdict, and each default the import left null. The list
// resource's results go through it too, so the configuration `terraform query
// -generate-config-out` writes from them plans the import and no change. m holds the
// state's id (and null everything else) on entry.
func adoptRun(ctx context.Context, client *testsigma.Client, run testsigma.Run, m *planRunModel, out stateWriter) diag.Diagnostics {
	m.runIdentity = identityOf(run)
	outcome := client.JudgeAttempts(ctx, []testsigma.Run{run}, m.policy(ctx))
	diags := resourceDoor.casesWarning(outcome)
	diags.Append(m.record(outcome)...)
	diags.Append(out.Set(ctx, m)...)
	if !diags.HasError() {
		(&planRunResource{}).applyDefaults(ctx, out, &diags)
	}
	return diags
}

// adoptListedRun reads a listed run by id and fills the list result's resource with it
// exactly as an import would: the listing lacks the environment, the status and the
// counts, and a generated configuration missing one of them would replace the run.
func adoptListedRun(ctx context.Context, client *testsigma.Client, id int64, out stateWriter) diag.Diagnostics {
	run, err := client.GetRun(ctx, id)
	if err != nil {
		return diag.Diagnostics{runReadDiag(id, err)}
	}
	var m planRunModel
	diags := out.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))
	if diags.Append(out.Get(ctx, &m)...); diags.HasError() {
		return diags
	}
	diags.Append(adoptRun(ctx, client, run, &m, out)...)
	return diags
}
