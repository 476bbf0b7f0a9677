package provider

import (
	"context"
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
	TestCases       []testCaseModel `tfsdk:"test_cases"`
	runIdentity
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
			MarkdownDescription: acceptedResultsDescription("Final results that count as a pass for `passed`"),
		},
		"test_plan_id":   schema.Int64Attribute{Computed: true, CustomType: idType{}, MarkdownDescription: "The test plan the run belongs to."},
		"build_number":   schema.StringAttribute{Computed: true, MarkdownDescription: "Build number given when the run was started; null when none was."},
		"environment_id": schema.Int64Attribute{Computed: true, CustomType: idType{}, MarkdownDescription: "Testsigma environment the run used; null when the plan's own."},
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
	client := d.client(&resp.Diagnostics)
	if resp.Diagnostics.HasError() || client == nil {
		return
	}
	runID := m.RunID.ValueInt64()
	outcome, ok := d.follow(ctx, client, m, &resp.Diagnostics)
	if !ok {
		return
	}
	// test_cases and failed_tests come from one read, so the two always agree.
	if outcome.CasesErr != nil {
		resp.Diagnostics.Append(testCasesDiag(runID, outcome.CasesErr))
		return
	}
	resp.Diagnostics.Append(reasonsWarning(outcome)...)
	resp.Diagnostics.Append(m.fromOutcome(outcome)...)
	m.runIdentity = identityOf(outcome.Final)
	m.TestCases = testCasesToModel(outcome.Cases)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// follow reads the run once and, if asked to and it is still going, waits with the shared
// engine. Reading first means a finished run, the usual case on later plans, costs one call
// and no poll delay. Someone else started this run and may still want it, so the policy
// never stops it.
func (d *runResultDataSource) follow(ctx context.Context, client *testsigma.Client, m runResultDataSourceModel, diags *diag.Diagnostics) (testsigma.Outcome, bool) {
	runID := m.RunID.ValueInt64()
	policy := testsigma.Policy{Accepted: acceptedResults(ctx, m.AcceptedResults), AllCases: true, Jitter: pollJitter, OnEvent: logEvents(ctx)}
	run, err := client.ReadRun(ctx, runID)
	if err != nil {
		diags.Append(runReadDiag(runID, err))
		return testsigma.Outcome{}, false
	}
	if run.Finished || !m.WaitForCompl.ValueBool() {
		return client.Judge(ctx, run, policy), true
	}
	timeout, td := timeoutOr(ctx, m.Timeouts.Object, "read", defaultReadTimeout, m.Timeouts.Read)
	if diags.Append(td...); diags.HasError() {
		return testsigma.Outcome{}, false
	}
	policy.Timeout = timeout
	outcome, we := client.Follow(ctx, run, policy)
	switch {
	case we == nil:
		return outcome, true
	case testsigma.IsNotFound(we):
		diags.Append(runReadDiag(runID, we))
	default:
		diags.Append(readWaitEndedDiag(we, timeout, outcome.URL))
	}
	return testsigma.Outcome{}, false
}

// testCaseModel is one element of testsigma_run_result.test_cases.
type testCaseModel struct {
	TestCaseID   types.Int64      `tfsdk:"test_case_id"`
	Name         types.String     `tfsdk:"name"`
	Result       types.String     `tfsdk:"result"`
	SuiteID      types.Int64      `tfsdk:"suite_id"`
	SuiteName    types.String     `tfsdk:"suite_name"`
	MachineTitle types.String     `tfsdk:"machine_title"`
	DataDriven   types.Bool       `tfsdk:"data_driven"`
	Iterations   []iterationModel `tfsdk:"iterations"`
}

type iterationModel struct {
	SetName types.String `tfsdk:"set_name"`
	Result  types.String `tfsdk:"result"`
}

func testCaseAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"test_case_id":  schema.Int64Attribute{Computed: true, MarkdownDescription: "Test case id."},
		"name":          schema.StringAttribute{Computed: true, MarkdownDescription: "Test case name."},
		"result":        schema.StringAttribute{Computed: true, MarkdownDescription: "The case's result, normalised like the run's (`SUCCESS`, `FAILURE`, …; `QUEUED` while the run is going). Null when Testsigma reports none."},
		"suite_id":      schema.Int64Attribute{Computed: true, MarkdownDescription: "Id of the test suite the case ran in."},
		"suite_name":    schema.StringAttribute{Computed: true, MarkdownDescription: "Name of that test suite."},
		"machine_title": schema.StringAttribute{Computed: true, MarkdownDescription: "The machine (browser or device) the case ran on, e.g. `Chrome`."},
		"data_driven":   schema.BoolAttribute{Computed: true, MarkdownDescription: "True for a data-driven case, which runs once per data set (see `iterations`)."},
		"iterations": schema.ListNestedAttribute{
			Computed: true, MarkdownDescription: "One entry per data set of a data-driven case; empty otherwise.",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"set_name": schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the data set."},
				"result":   schema.StringAttribute{Computed: true, MarkdownDescription: "The iteration's result, normalised like the case's."},
			}},
		},
	}
}

// testCasesToModel maps the client's test cases; lists are empty, never null, so
// length() and for expressions work on every run.
func testCasesToModel(cases []testsigma.TestCase) []testCaseModel {
	out := make([]testCaseModel, 0, len(cases))
	for _, tc := range cases {
		m := testCaseModel{
			TestCaseID:   types.Int64Value(tc.ID),
			Name:         types.StringValue(tc.Name),
			Result:       stringOrNull(tc.Result),
			SuiteID:      types.Int64Value(tc.SuiteID),
			SuiteName:    types.StringValue(tc.SuiteName),
			MachineTitle: types.StringValue(tc.MachineTitle),
			DataDriven:   types.BoolValue(tc.DataDriven),
			Iterations:   make([]iterationModel, 0, len(tc.Iterations)),
		}
		for _, it := range tc.Iterations {
			m.Iterations = append(m.Iterations, iterationModel{SetName: types.StringValue(it.SetName), Result: stringOrNull(it.Result)})
		}
		out = append(out, m)
	}
	return out
}
