package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*junitReportDataSource)(nil)

// junitReportDataSource hands a finished run's JUnit XML to tools that read JUnit files (CI
// test tabs, dashboards), typically through a local_file.
type junitReportDataSource struct{ dataSourceBase }

// NewJUnitReportDataSource is the factory for testsigma_junit_report.
func NewJUnitReportDataSource() datasource.DataSource { return &junitReportDataSource{} }

type junitReportModel struct {
	RunID    types.Int64  `tfsdk:"run_id"`
	XML      types.String `tfsdk:"xml"`
	Tests    types.Int64  `tfsdk:"tests"`
	Failures types.Int64  `tfsdk:"failures"`
}

func (d *junitReportDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_junit_report"
}

func (d *junitReportDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The JUnit XML report of a finished Testsigma run, for CI systems and tools that pick up JUnit files. " +
			"Testsigma has a report only once the run is complete; reading one earlier is an error that says so, never an empty report. " +
			"Take `run_id` from a `testsigma_plan_run` that waits for completion, so the report is read after the run.",
		Attributes: map[string]schema.Attribute{
			"run_id": schema.Int64Attribute{
				Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
				MarkdownDescription: "The run whose report to read: the number at the end of the run's URL in Testsigma (`…/ui/td/runs/<id>`), or the `id` of a `testsigma_plan_run`.",
			},
			"xml":      schema.StringAttribute{Computed: true, MarkdownDescription: "The report as Testsigma sends it, with the whitespace before and after the XML removed and nothing else changed: a `<testsuites>` document with one `<testsuite>` per machine (a lone `<testsuite>` root is also accepted and kept as it is). The provider checks that it is well-formed XML, and only counts what is in it."},
			"tests":    schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of `<testcase>` elements in the report."},
			"failures": schema.Int64Attribute{Computed: true, MarkdownDescription: "Test cases with a `<failure>` or `<error>` in the report."},
		},
	}
}

func (d *junitReportDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m junitReportModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	rep, err := client.JUnitReport(ctx, m.RunID.ValueInt64())
	if err != nil {
		resp.Diagnostics.Append(junitReportDiag(m.RunID.ValueInt64(), err))
		return
	}
	m.XML = types.StringValue(rep.XML)
	m.Tests = types.Int64Value(int64(rep.Tests))
	m.Failures = types.Int64Value(int64(rep.Failures))
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
