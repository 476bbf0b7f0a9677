package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	dschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// runResultModel is what Terraform knows about a run's outcome. The resource and the run-result
// data source embed it, and fromOutcome is the only mapping from the client's Outcome into it.
type runResultModel struct {
	ID               types.String      `tfsdk:"id"`
	Status           types.String      `tfsdk:"status"`
	Result           types.String      `tfsdk:"result"`
	Passed           types.Bool        `tfsdk:"passed"`
	Finished         types.Bool        `tfsdk:"finished"`
	Message          types.String      `tfsdk:"message"`
	TestPlanName     types.String      `tfsdk:"test_plan_name"`
	StartedAt        timetypes.RFC3339 `tfsdk:"started_at"`
	FinishedAt       timetypes.RFC3339 `tfsdk:"finished_at"`
	DurationSeconds  types.Int64       `tfsdk:"duration_seconds"`
	TotalCount       types.Int64       `tfsdk:"total_count"`
	PassedCount      types.Int64       `tfsdk:"passed_count"`
	FailedCount      types.Int64       `tfsdk:"failed_count"`
	AbortedCount     types.Int64       `tfsdk:"aborted_count"`
	StoppedCount     types.Int64       `tfsdk:"stopped_count"`
	NotExecutedCount types.Int64       `tfsdk:"not_executed_count"`
	QueuedCount      types.Int64       `tfsdk:"queued_count"`
	AppURL           types.String      `tfsdk:"app_url"`
	FailedTests      types.List        `tfsdk:"failed_tests"`
	FailedTestCases  types.List        `tfsdk:"failed_test_cases"`
}

// runIdentity is what a run says about how it was started. testsigma_run_result reports it;
// the resource takes it from the configuration, and from the run only on import.
type runIdentity struct {
	TestPlanID    idValue      `tfsdk:"test_plan_id"`
	BuildNumber   types.String `tfsdk:"build_number"`
	EnvironmentID idValue      `tfsdk:"environment_id"`
}

func identityOf(run testsigma.Run) runIdentity {
	return runIdentity{
		TestPlanID:    newID(run.TestPlanID),
		BuildNumber:   stringOrNull(userBuildNumber(run.BuildNumber)),
		EnvironmentID: newIDPointer(run.EnvironmentID),
	}
}

// fromOutcome maps an Outcome: the verdict and the failed tests come from the client, as they
// are; the identity is the first attempt's, the rest the deciding attempt's.
func (m *runResultModel) fromOutcome(o testsigma.Outcome) diag.Diagnostics {
	run := o.Final
	*m = runResultModel{
		ID:               types.StringValue(strconv.FormatInt(o.Runs[0].ID, 10)),
		Status:           types.StringValue(run.Status),
		Result:           stringOrNull(run.Result),
		Passed:           types.BoolValue(o.Passed),
		Finished:         types.BoolValue(run.Finished),
		Message:          types.StringValue(run.Message),
		TestPlanName:     stringOrNull(run.TestPlanName),
		StartedAt:        timetypes.NewRFC3339TimePointerValue(run.StartedAt),
		FinishedAt:       timetypes.NewRFC3339TimePointerValue(run.FinishedAt),
		DurationSeconds:  types.Int64Null(),
		TotalCount:       types.Int64PointerValue(run.Counts.Total),
		PassedCount:      types.Int64PointerValue(run.Counts.Passed),
		FailedCount:      types.Int64PointerValue(run.Counts.Failed),
		AbortedCount:     types.Int64PointerValue(run.Counts.Aborted),
		StoppedCount:     types.Int64PointerValue(run.Counts.Stopped),
		NotExecutedCount: types.Int64PointerValue(run.Counts.NotExecuted),
		QueuedCount:      types.Int64PointerValue(run.Counts.Queued),
		AppURL:           types.StringValue(o.URL),
	}
	if !run.Finished {
		m.FinishedAt = timetypes.NewRFC3339Null()
	}
	if run.Duration != nil {
		m.DurationSeconds = types.Int64Value(int64(run.Duration.Round(1e9).Seconds()))
	}
	list, diags := types.ListValueFrom(context.Background(), types.StringType, o.FailedNames())
	m.FailedTests = list
	m.FailedTestCases = failedCasesList(o.FailedCases)
	return diags
}

// failedCaseType is an element of failed_test_cases.
var failedCaseType = types.ObjectType{AttrTypes: map[string]attr.Type{
	"name": types.StringType, "suite": types.StringType, "machine": types.StringType,
	"result": types.StringType, "step": types.StringType, "message": types.StringType,
}}

func failedCasesList(cases []testsigma.FailedCase) types.List {
	elems := make([]attr.Value, 0, len(cases))
	for _, fc := range cases {
		elems = append(elems, types.ObjectValueMust(failedCaseType.AttrTypes, map[string]attr.Value{
			"name": types.StringValue(fc.Name), "suite": stringOrNull(fc.Suite), "machine": stringOrNull(fc.Machine),
			"result": stringOrNull(fc.Result), "step": stringOrNull(fc.Step), "message": stringOrNull(fc.Message),
		}))
	}
	return types.ListValueMust(failedCaseType, elems)
}

// acceptedResults reads accepted_results; null or unknown is nil, which the client reads as
// its default. The set holds only strings, so reading it cannot fail.
func acceptedResults(ctx context.Context, s types.Set) []string {
	var acc []string
	if !s.IsNull() && !s.IsUnknown() {
		_ = s.ElementsAs(ctx, &acc, false)
	}
	return acc
}

// acceptedResultsDescription documents accepted_results from the client's own rule, so the
// docs cannot drift from what the verdict does.
func acceptedResultsDescription(lead string) string {
	return fmt.Sprintf("%s (default `[\"%s\"]`). Values: `%s`.", lead,
		strings.Join(testsigma.DefaultAccepted(), `", "`), strings.Join(testsigma.KnownResults, "`, `"))
}

// userBuildNumber is the build number the user gave: "" for the one the client generates
// when none was set, so an imported run matches a configuration without build_number.
func userBuildNumber(build string) string {
	if testsigma.IsGeneratedBuildNumber(build) {
		return ""
	}
	return build
}

func stringOrNull(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

func stringMap(ctx context.Context, m types.Map) (map[string]string, diag.Diagnostics) {
	if m.IsNull() || m.IsUnknown() {
		return nil, nil
	}
	out := map[string]string{}
	diags := m.ElementsAs(ctx, &out, false)
	return out, diags
}

type attrKind int

const (
	kindString attrKind = iota
	kindBool
	kindInt64
	kindTime
	kindStringList
	kindFailedCases
)

type computedAttr struct {
	name string
	kind attrKind
	desc string
}

const nullCountNote = " Null when Testsigma reports no count (some accounts do), never a made-up 0. Counts are the deciding attempt's, like `result` and `message`: after re-runs of failed tests (Testsigma's automatic one or `rerun_failed_tests`), the last re-run's, which cover only the tests it re-ran."

// runResultAttrs describes runResultModel once, for both the resource and the data source.
var runResultAttrs = []computedAttr{
	{"id", kindString, "The run id (Testsigma's execution result id), as a string."},
	{"status", kindString, "Testsigma's status of the run, as sent: `STATUS_CREATED` (created, waiting to be queued), `STATUS_QUEUED`, `STATUS_PRE_FLIGHT` (machines being prepared), `STATUS_IN_PROGRESS`, `STATUS_COMPLETED`. Only `STATUS_COMPLETED` means finished; any other value, documented or not, means not yet. While an automatic re-run goes, the status is the re-run's."},
	{"result", kindString, "The run's result, normalised to the API's enum: `SUCCESS`, `FAILURE`, `ABORTED`, `NOT_EXECUTED`, `STOPPED`, or `QUEUED` while running (`PASSED`/`FAILED` spellings become `SUCCESS`/`FAILURE`). Null when Testsigma reports none; an automatic re-run's result replaces its parent's."},
	{"passed", kindBool, "True when the run is finished and `result` is one of `accepted_results`. A missing result is never a pass."},
	{"finished", kindBool, "True once the run (and any automatic re-run of it) is complete."},
	{"message", kindString, "Testsigma's message for the deciding attempt (after re-runs, the last one's), e.g. `Test plan execution failed`."},
	{"test_plan_name", kindString, "Name of the test plan."},
	{"started_at", kindTime, "When the run started (RFC 3339)."},
	{"finished_at", kindTime, "When the run finished (RFC 3339); null until then."},
	{"duration_seconds", kindInt64, "How long the run took, in seconds; null until known."},
	{"total_count", kindInt64, "Number of test cases in the run." + nullCountNote},
	{"passed_count", kindInt64, "Test cases that passed." + nullCountNote},
	{"failed_count", kindInt64, "Test cases that failed." + nullCountNote},
	{"aborted_count", kindInt64, "Test cases that were aborted." + nullCountNote},
	{"stopped_count", kindInt64, "Test cases that were stopped." + nullCountNote},
	{"not_executed_count", kindInt64, "Test cases that were not executed." + nullCountNote},
	{"queued_count", kindInt64, "Test cases still queued." + nullCountNote},
	{"app_url", kindString, "Link to the run in the Testsigma UI (`<base_url>/ui/td/runs/<id>`)."},
	{"failed_tests", kindStringList, "Names of the test cases that did not succeed, at most 50, read once the run is finished and its result is not `SUCCESS` (after re-runs, the last attempt's)."},
	{"failed_test_cases", kindFailedCases, "The test cases that did not succeed (at most 50; after re-runs, the last attempt's), each with why: `name`, `suite`, `machine`, `result`, and the first step that did not succeed, `step` (its text, e.g. `Click on Pay now`) and `message` (Testsigma's, e.g. `Element is not displayed`). `step` and `message` are read for at most 10 failed cases, at most 10 requests per failed run and none for a passing one; they are null when Testsigma could not say (a warning tells), which never changes the verdict."},
}

func runResultResourceAttributes() map[string]rschema.Attribute {
	out := map[string]rschema.Attribute{}
	for _, a := range runResultAttrs {
		switch a.kind {
		case kindString:
			out[a.name] = rschema.StringAttribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
		case kindBool:
			out[a.name] = rschema.BoolAttribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()}}
		case kindInt64:
			out[a.name] = rschema.Int64Attribute{Computed: true, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}}
		case kindTime:
			out[a.name] = rschema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()}}
		case kindStringList:
			out[a.name] = rschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()}}
		case kindFailedCases:
			out[a.name] = rschema.ListAttribute{Computed: true, ElementType: failedCaseType, MarkdownDescription: a.desc, PlanModifiers: []planmodifier.List{listplanmodifier.UseStateForUnknown()}}
		}
	}
	return out
}

func runResultDataSourceAttributes() map[string]dschema.Attribute {
	out := map[string]dschema.Attribute{}
	for _, a := range runResultAttrs {
		switch a.kind {
		case kindString:
			out[a.name] = dschema.StringAttribute{Computed: true, MarkdownDescription: a.desc}
		case kindBool:
			out[a.name] = dschema.BoolAttribute{Computed: true, MarkdownDescription: a.desc}
		case kindInt64:
			out[a.name] = dschema.Int64Attribute{Computed: true, MarkdownDescription: a.desc}
		case kindTime:
			out[a.name] = dschema.StringAttribute{Computed: true, CustomType: timetypes.RFC3339Type{}, MarkdownDescription: a.desc}
		case kindStringList:
			out[a.name] = dschema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: a.desc}
		case kindFailedCases:
			out[a.name] = dschema.ListAttribute{Computed: true, ElementType: failedCaseType, MarkdownDescription: a.desc}
		}
	}
	return out
}
