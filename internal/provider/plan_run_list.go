package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The list resource testsigma_plan_run (Terraform 1.14+, `terraform query`): the recent runs
// of a test plan, so a run started elsewhere (CI, a schedule, the Testsigma UI) can be found
// and adopted with `import { identity = … }`. It only reads.

var _ list.ListResourceWithConfigure = (*planRunList)(nil)

type planRunList struct{ data *providerData }

// NewPlanRunListResource is the list resource's factory.
func NewPlanRunListResource() list.ListResource { return &planRunList{} }

type planRunListModel struct {
	TestPlanID types.Int64  `tfsdk:"test_plan_id"`
	Result     types.String `tfsdk:"result"`
	Limit      types.Int64  `tfsdk:"limit"`
}

const defaultListLimit = 20

func (l *planRunList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_plan_run"
}

func (l *planRunList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The recent runs of a test plan, newest first, for `terraform query` (Terraform 1.14 or later). " +
			"Each result is a run's identity (`id`) with a name like `run 812 · FAILURE · build 1.4.2`; " +
			"`terraform query -generate-config-out=runs.tf` writes the `import` blocks that adopt them as `testsigma_plan_run` resources: " +
			"each run is then read by id (one read per run listed, at most `limit`) and written as `import` would read it, environment included, so planning the generated configuration imports the runs and changes nothing. " +
			"On a plan with more than 1,000 runs the newest may be missing from the list (Testsigma lists runs oldest first); a warning then names the newest run read. " +
			"Listing only reads: it never starts, stops or waits for a run.",
		Attributes: map[string]listschema.Attribute{
			"test_plan_id": listschema.Int64Attribute{
				Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
				MarkdownDescription: "The test plan whose runs to list (for a plan named in configuration, `data.testsigma_test_plan.<name>.id`).",
			},
			"result": listschema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{stringvalidator.OneOf(testsigma.KnownResults...)},
				MarkdownDescription: "Only runs with this result: one of `" + strings.Join(testsigma.KnownResults, "`, `") + "`. " +
					"Runs still going have no result yet and are left out when this is set.",
			},
			"limit": listschema.Int64Attribute{
				Optional: true, Validators: []validator.Int64{int64validator.Between(1, 1000)},
				MarkdownDescription: fmt.Sprintf("At most this many runs, the newest (highest id) first, after the `result` filter. Default %d.", defaultListLimit),
			},
		},
	}
}

func (l *planRunList) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	l.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

func (l *planRunList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg planRunListModel
	diags := req.Config.Get(ctx, &cfg)
	if l.data == nil {
		diags.Append(notConfiguredDiag())
	}
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	planID := cfg.TestPlanID.ValueInt64()
	runs, complete, err := l.data.client.ListPlanRuns(ctx, planID)
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{listRunsDiag(planID, err)})
		return
	}
	var newestRead int64
	if len(runs) > 0 {
		newestRead = runs[0].ID
	}
	runs = pickRuns(runs, cfg.Result.ValueString(), limitOf(cfg.Limit, req.Limit))
	stream.Results = func(push func(list.ListResult) bool) {
		for i, run := range runs {
			r := req.NewListResult(ctx)
			r.DisplayName = runDisplayName(run)
			r.Diagnostics.Append(r.Identity.Set(ctx, planRunIdentity{ID: types.Int64Value(run.ID)})...)
			if req.IncludeResource {
				r.Diagnostics.Append(adoptListedRun(ctx, l.data.client, run.ID, r.Resource)...)
			}
			if i == 0 && !complete {
				r.Diagnostics.Append(listIncompleteDiag(planID, newestRead))
			}
			if !push(r) {
				return
			}
		}
	}
}

// pickRuns keeps the runs with the result asked for (all when ""), at most limit of them.
func pickRuns(runs []testsigma.RunSummary, result string, limit int64) []testsigma.RunSummary {
	out := runs[:0:0]
	for _, r := range runs {
		if result == "" || r.Result == testsigma.NormalizeResult(result) {
			out = append(out, r)
		}
		if int64(len(out)) >= limit {
			break
		}
	}
	return out
}

// limitOf is the config's limit, or the default, and never more than Terraform asks for.
func limitOf(cfg types.Int64, terraform int64) int64 {
	n := int64(defaultListLimit)
	if !cfg.IsNull() && !cfg.IsUnknown() {
		n = cfg.ValueInt64()
	}
	if terraform > 0 {
		n = min(n, terraform)
	}
	return n
}

// runDisplayName: "run 812 · FAILURE · build 1.4.2"; a run without a result yet says so.
func runDisplayName(r testsigma.RunSummary) string {
	result := r.Result
	if result == "" {
		result = "no result yet"
	}
	parts := []string{"run " + strconv.FormatInt(r.ID, 10), result}
	if r.BuildNumber != "" {
		parts = append(parts, "build "+r.BuildNumber)
	}
	return strings.Join(parts, " · ")
}
