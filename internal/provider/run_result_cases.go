package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

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
