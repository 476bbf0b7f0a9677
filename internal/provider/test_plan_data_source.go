package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var (
	_ datasource.DataSourceWithConfigure        = (*testPlanDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*testPlanDataSource)(nil)
)

// testPlanDataSource finds one test plan by exact name or by id, so a configuration says
// which plan it runs in words rather than a number copied from a URL.
type testPlanDataSource struct{ dataSourceBase }

// NewTestPlanDataSource is the factory for testsigma_test_plan.
func NewTestPlanDataSource() datasource.DataSource { return &testPlanDataSource{} }

type testPlanModel struct {
	ID                   types.String `tfsdk:"id"`
	Name                 types.String `tfsdk:"name"`
	Description          types.String `tfsdk:"description"`
	ApplicationVersionID types.Int64  `tfsdk:"application_version_id"`
	RerunType            types.String `tfsdk:"rerun_type"`
	ExecutionType        types.String `tfsdk:"execution_type"`
	ExecutionLabType     types.String `tfsdk:"execution_lab_type"`
	EnvironmentID        types.Int64  `tfsdk:"environment_id"`
	LastRunID            types.Int64  `tfsdk:"last_run_id"`
}

func (d *testPlanDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_test_plan"
}

func (d *testPlanDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one test plan by its exact name or by its id, so `testsigma_plan_run` can say `test_plan_id = data.testsigma_test_plan.smoke.id` instead of a number copied from Testsigma. " +
			"Exactly one of `name` and `id` is set. A name that no plan has is an error that suggests only the close names; a name that several plans share is an error that lists their ids.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional: true, Computed: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Exact name of the plan (case-sensitive). Set this or `id`. When `id` is set, the plan's name.",
			},
			"id": schema.StringAttribute{
				Optional: true, Computed: true, Validators: []validator.String{idStringValidator{}},
				MarkdownDescription: "Test plan id, for `test_plan_id`: the Test Plan ID on the plan's CI/CD Integration tab in Testsigma. Set this or `name`. When `name` is set, the id of the plan with that name.",
			},
			"description":            schema.StringAttribute{Computed: true, MarkdownDescription: "The plan's description; null when it has none."},
			"application_version_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the application version the plan tests; null when Testsigma does not say."},
			"rerun_type": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The plan's automatic re-run setting, e.g. `NONE` or `ONLY_FAILED_TESTS`: anything but `NONE` makes Testsigma re-run a failed run's tests by itself. Null when Testsigma does not say.",
			},
			"execution_type":     schema.StringAttribute{Computed: true, MarkdownDescription: "How the plan runs its machines, e.g. `CROSS_BROWSER` or `CUSTOM`; null when Testsigma does not say."},
			"execution_lab_type": schema.StringAttribute{Computed: true, MarkdownDescription: "Where the plan runs, e.g. `TestsigmaLab` or `Hybrid` (your own agents); null when Testsigma does not say."},
			"environment_id":     schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the plan's own environment; null when it has none. `environment_id` on `testsigma_plan_run` overrides it."},
			"last_run_id": schema.Int64Attribute{
				Computed:            true,
				MarkdownDescription: "Id of the plan's newest run, started anywhere, as of this read; null when the plan never ran. Read it with `testsigma_run_result`.",
			},
		},
	}
}

func (d *testPlanDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("name"), path.MatchRoot("id"))}
}

func (d *testPlanDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m testPlanModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	lookup := byIDOrName[testsigma.TestPlan]{kind: testPlanKind, byID: client.TestPlan, byName: client.TestPlans,
		idOf: func(p testsigma.TestPlan) int64 { return p.ID }}
	plan, ok := lookup.find(ctx, m.ID, m.Name, &resp.Diagnostics)
	if !ok {
		return
	}
	if !m.ID.IsNull() {
		plan.ID = idNumber(m.ID) // the plan asked for, whatever the body's id says
	}
	m = testPlanModel{
		ID: stringID(plan.ID), Name: types.StringValue(plan.Name), Description: stringOrNull(plan.Description),
		ApplicationVersionID: types.Int64PointerValue(plan.ApplicationVersionID), RerunType: stringOrNull(plan.ReRunType),
		ExecutionType: stringOrNull(plan.ExecutionType), ExecutionLabType: stringOrNull(plan.ExecutionLabType),
		EnvironmentID: types.Int64PointerValue(plan.EnvironmentID), LastRunID: types.Int64PointerValue(plan.LastRunID),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
