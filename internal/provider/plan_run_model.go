package provider

import (
	"context"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const minPollInterval = testsigma.MinPollInterval

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
	return acceptedOrDefault(ctx, m.AcceptedResults)
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

// waitPolicy maps the resource's wait settings onto the engine (see newWaitPolicy).
func (m *planRunModel) waitPolicy(ctx context.Context) testsigma.WaitPolicy {
	p := newWaitPolicy(ctx, parseGoDuration(m.PollInterval), m.StopOnTimeout.ValueBool(), m.StopOnInterrupt.ValueBool())
	p.Expected = time.Duration(m.ExpectedSeconds.ValueInt64()) * time.Second
	return p
}
