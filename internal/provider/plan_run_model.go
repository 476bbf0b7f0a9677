package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const minPollInterval = testsigma.MinPollInterval

var defaultAccepted = []string{testsigma.ResultSuccess}

func (m *planRunModel) triggerRequest(ctx context.Context) (testsigma.TriggerRequest, diag.Diagnostics) {
	var diags diag.Diagnostics
	req := testsigma.TriggerRequest{
		TestPlanID:    m.TestPlanID.ValueInt64(),
		EnvironmentID: m.EnvironmentID.ValueInt64Pointer(),
		BuildNumber:   m.BuildNumber.ValueString(),
	}
	switch {
	case !m.SavedConfigID.IsNull():
		req.Config = &testsigma.ExecutionConfig{ID: m.SavedConfigID.ValueInt64Pointer()}
	case !m.SavedConfigName.IsNull():
		req.Config = &testsigma.ExecutionConfig{Name: m.SavedConfigName.ValueString()}
	}
	var d diag.Diagnostics
	req.RuntimeData, d = stringMap(ctx, m.RuntimeData)
	diags.Append(d...)
	req.UploadVersions, d = stringMap(ctx, m.UploadVersions)
	diags.Append(d...)
	return req, diags
}

func (m *planRunModel) accepted(ctx context.Context) []string {
	acc, _ := stringSet(ctx, m.AcceptedResults)
	if len(acc) == 0 {
		return defaultAccepted
	}
	return acc
}

// record puts what the API said about the run into the model, through the one mapper.
func (m *planRunModel) record(ctx context.Context, client *testsigma.Client, run testsigma.Run, failedTests []string) diag.Diagnostics {
	m.ID = types.StringValue(strconv.FormatInt(run.ID, 10))
	res, diags := runToModel(run, m.accepted(ctx), client.RunURL(run.ID), failedTests)
	m.runResultModel = res
	return diags
}

// fillImported completes a model that only has an id (terraform import): the inputs the API
// knows, and the defaults of the wait settings, so a matching configuration plans no change.
func (m *planRunModel) fillImported(run testsigma.Run) {
	if !m.TestPlanID.IsNull() {
		return
	}
	m.TestPlanID = types.Int64Value(run.TestPlanID)
	m.BuildNumber = stringOrNull(run.BuildNumber)
	m.EnvironmentID = types.Int64PointerValue(run.EnvironmentID)
	m.WaitForCompl = types.BoolValue(true)
	m.AcceptedResults = types.SetValueMust(types.StringType, []attr.Value{types.StringValue(testsigma.ResultSuccess)})
	m.OnFailure = types.StringValue(onError)
	m.OnTimeout = types.StringValue(onError)
	m.StopOnTimeout = types.BoolValue(true)
	m.StopOnInterrupt = types.BoolValue(true)
	m.StopOnDestroy = types.BoolValue(true)
	m.RuntimeData = types.MapNull(types.StringType)
	m.UploadVersions = types.MapNull(types.StringType)
	m.Triggers = types.MapNull(types.StringType)
}

// waitPolicy maps the wait settings onto the engine; progress goes to Terraform's log.
func (m *planRunModel) waitPolicy(ctx context.Context) testsigma.WaitPolicy {
	return testsigma.WaitPolicy{
		Interval:        parseGoDuration(m.PollInterval),
		StopOnTimeout:   m.StopOnTimeout.ValueBool(),
		StopOnInterrupt: m.StopOnInterrupt.ValueBool(),
		Jitter:          0.1,
		OnChange: func(run testsigma.Run, elapsed time.Duration) {
			tflog.Info(ctx, "Testsigma run status", progressFields(run, elapsed))
		},
		OnPoll: func(run testsigma.Run, attempt int, elapsed time.Duration) {
			f := progressFields(run, elapsed)
			f["poll"] = attempt
			tflog.Debug(ctx, "Polled Testsigma run", f)
		},
		OnRetry: func(err error, failures int, retryAfter time.Duration) {
			tflog.Warn(ctx, "Polling the Testsigma run failed; retrying", map[string]any{"error": errText(err), "failures": failures, "retry_after_s": retryAfter.Seconds()})
		},
	}
}

func progressFields(run testsigma.Run, elapsed time.Duration) map[string]any {
	f := map[string]any{"status": run.Status, "result": run.Result, "elapsed_s": int(elapsed.Seconds())}
	if c := run.Counts; c.Total != nil {
		f["total"] = *c.Total
		for name, v := range map[string]*int64{"passed": c.Passed, "failed": c.Failed} {
			if v != nil {
				f[name] = *v
			}
		}
	}
	return f
}
