package provider

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// defaultReadTimeout bounds wait_for_completion. It is shorter than the resource's create
// timeout because data sources are read on every plan.
const defaultReadTimeout = 20 * time.Minute

var _ datasource.DataSourceWithConfigure = (*runResultDataSource)(nil)

// runResultDataSource reads a run that anything may have started (a schedule, another
// pipeline, a testsigma_plan_run elsewhere), so configurations can gate on it.
type runResultDataSource struct{ dataSourceBase }

// NewRunResultDataSource is the factory for testsigma_run_result.
func NewRunResultDataSource() datasource.DataSource { return &runResultDataSource{} }

type runResultDataSourceModel struct {
	RunID           types.Int64     `tfsdk:"run_id"`
	WaitForCompl    types.Bool      `tfsdk:"wait_for_completion"`
	AcceptedResults types.Set       `tfsdk:"accepted_results"`
	Timeouts        timeouts.Value  `tfsdk:"timeouts"`
	ID              types.String    `tfsdk:"id"`
	TestPlanID      types.Int64     `tfsdk:"test_plan_id"`
	BuildNumber     types.String    `tfsdk:"build_number"`
	EnvironmentID   types.Int64     `tfsdk:"environment_id"`
	TestCases       []testCaseModel `tfsdk:"test_cases"`
	runResultModel
}

func (d *runResultDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run_result"
}

func (d *runResultDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"run_id": schema.Int64Attribute{
			Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
			MarkdownDescription: "The run to read: the number at the end of the run's URL in Testsigma (`…/ui/td/runs/<id>`), or the `id` of a `testsigma_plan_run`. A run that does not exist is an error, never an empty result.",
		},
		"wait_for_completion": schema.BoolAttribute{
			Optional: true,
			MarkdownDescription: "Wait until the run has finished, up to `timeouts.read` (default `false`: read the run as it is). " +
				"Data sources are read on every plan, so while the run is going this slows every `terraform plan`; to run tests as part of the apply, use `testsigma_plan_run`. " +
				"A wait that times out is an error, and the run is never stopped: this data source did not start it.",
		},
		"accepted_results": schema.SetAttribute{
			Optional: true, ElementType: types.StringType,
			Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(knownResult{})},
			MarkdownDescription: "Final results that count as a pass for `passed` (default `[\"SUCCESS\"]`). Values: `SUCCESS`, `FAILURE`, `ABORTED`, `NOT_EXECUTED`, `QUEUED`, `STOPPED`.",
		},
		"id":             schema.StringAttribute{Computed: true, MarkdownDescription: "The run id, as a string."},
		"test_plan_id":   schema.Int64Attribute{Computed: true, MarkdownDescription: "The test plan the run belongs to."},
		"build_number":   schema.StringAttribute{Computed: true, MarkdownDescription: "Build number given when the run was started; null when none was."},
		"environment_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "Testsigma environment the run used; null when the plan's own."},
		"test_cases": schema.ListNestedAttribute{
			Computed: true, NestedObject: schema.NestedAttributeObject{Attributes: testCaseAttributes()},
			MarkdownDescription: "Every test case of the run, in Testsigma's order, with its result (`QUEUED` until the run finishes).",
		},
	}
	for name, a := range runResultDataSourceAttributes() {
		attrs[name] = a
	}
	timeoutsBlock := timeouts.BlockWithOpts(ctx, timeouts.Opts{ReadDescription: "How long `wait_for_completion` waits for the run, e.g. `\"45m\"`. Default `20m`."})
	// The timeouts package leaves the block itself undescribed.
	if b, ok := timeoutsBlock.(schema.SingleNestedBlock); ok {
		b.MarkdownDescription = "How long reading may take, as Go duration strings (`\"30s\"`, `\"45m\"`). Only `wait_for_completion` waits."
		timeoutsBlock = b
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a Testsigma run by id, started by anything (a schedule, another pipeline, a `testsigma_plan_run` elsewhere): its result, counts and test cases, so `check` blocks and postconditions can gate on it. " +
			"Data sources are read on every plan; with `wait_for_completion` every plan waits for the run, so keep that for runs that end soon.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeoutsBlock},
	}
}

func (d *runResultDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m runResultDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	runID := m.RunID.ValueInt64()
	run, ok := d.readRun(ctx, m, &resp.Diagnostics)
	if !ok {
		return
	}
	// Read once, for both test_cases and failed_tests, so the two always agree.
	cases, err := client.TestCases(ctx, runID)
	if err != nil {
		resp.Diagnostics.Append(testCasesDiag(runID, err))
		return
	}
	res, diags := runToModel(run, acceptedOrDefault(ctx, m.AcceptedResults), client.RunURL(runID), failedTestsFrom(run, cases))
	resp.Diagnostics.Append(diags...)
	m.runResultModel = res
	m.ID = types.StringValue(strconv.FormatInt(runID, 10))
	m.TestPlanID = types.Int64Value(run.TestPlanID)
	m.BuildNumber = stringOrNull(run.BuildNumber)
	m.EnvironmentID = types.Int64PointerValue(run.EnvironmentID)
	m.TestCases = testCasesToModel(cases)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readRun reads the run once and, if asked to and it is still going, waits with the shared
// engine. Reading first means a finished run, the usual case on later plans, costs one call
// and no poll delay.
func (d *runResultDataSource) readRun(ctx context.Context, m runResultDataSourceModel, diags *diag.Diagnostics) (testsigma.Run, bool) {
	client := d.data.client // Read checked it is configured
	runID := m.RunID.ValueInt64()
	run, err := client.GetRun(ctx, runID)
	if err != nil {
		diags.Append(runReadDiag(runID, err))
		return testsigma.Run{}, false
	}
	if run.Finished || !m.WaitForCompl.ValueBool() {
		return run, true
	}
	timeout, td := m.Timeouts.Read(ctx, defaultReadTimeout)
	diags.Append(td...)
	if diags.HasError() {
		return testsigma.Run{}, false
	}
	wctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	// Never stop on the way out: someone else started this run and may still want it.
	final, err := client.Wait(wctx, runID, newWaitPolicy(ctx, 0, false, false))
	var we *testsigma.WaitError
	switch {
	case err == nil:
		return final, true
	case testsigma.IsNotFound(err):
		diags.Append(runReadDiag(runID, err))
	case errors.As(err, &we):
		diags.Append(readWaitEndedDiag(we, timeout, client.RunURL(runID)))
	default:
		diags.Append(runReadDiag(runID, err))
	}
	return testsigma.Run{}, false
}
