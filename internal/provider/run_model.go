package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// maxFailedTests caps failed_tests so a broken plan does not flood state and error texts.
const maxFailedTests = 50

// runResultModel is what Terraform knows about a run's outcome. The resource and the run-result
// data source embed it, and runToModel is the only mapping from the API's Run into it.
type runResultModel struct {
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
}

// runToModel maps a run (and, once it is finished, its failed test names) into the model.
// failedTests nil means "not looked up": the list is then empty, never unknown.
func runToModel(run testsigma.Run, accepted []string, appURL string, failedTests []string) (runResultModel, diag.Diagnostics) {
	m := runResultModel{
		Status:           types.StringValue(run.Status),
		Result:           stringOrNull(run.Result),
		Passed:           types.BoolValue(testsigma.Passed(run, accepted)),
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
		AppURL:           types.StringValue(appURL),
	}
	if !run.Finished {
		m.FinishedAt = timetypes.NewRFC3339Null()
	}
	if run.Duration != nil {
		m.DurationSeconds = types.Int64Value(int64(run.Duration.Round(1e9).Seconds()))
	}
	if failedTests == nil {
		failedTests = []string{}
	}
	list, diags := types.ListValueFrom(context.Background(), types.StringType, failedTests)
	m.FailedTests = list
	return m, diags
}

// defaultAccepted is accepted_results when the configuration leaves it out.
var defaultAccepted = []string{testsigma.ResultSuccess}

// acceptedOrDefault reads accepted_results; null (data sources have no Default) or unknown
// means ["SUCCESS"]. The set holds only strings, so reading it cannot fail.
func acceptedOrDefault(ctx context.Context, s types.Set) []string {
	var acc []string
	if !s.IsNull() && !s.IsUnknown() {
		_ = s.ElementsAs(ctx, &acc, false)
	}
	if len(acc) == 0 {
		return defaultAccepted
	}
	return acc
}

// failedTestsWanted: failed_tests is filled only for a finished run that did not succeed.
// Before completion every case is QUEUED and would all look failed.
func failedTestsWanted(run testsigma.Run) bool {
	return run.Finished && run.Result != testsigma.ResultSuccess
}

// failedTestsFrom is failed_tests for the resource and the data source alike: the cases that
// did not succeed, whatever accepted_results says (that only decides `passed`).
func failedTestsFrom(run testsigma.Run, cases []testsigma.TestCase) []string {
	if !failedTestsWanted(run) {
		return nil
	}
	return testsigma.FailedTestNames(cases, []string{testsigma.ResultSuccess}, maxFailedTests)
}

// passedFor re-derives `passed` when only accepted_results changed.
func (m runResultModel) passedFor(accepted []string) types.Bool {
	run := testsigma.Run{Finished: m.Finished.ValueBool(), Result: m.Result.ValueString()}
	return types.BoolValue(testsigma.Passed(run, accepted))
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
