package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// planRunModel is testsigma_plan_run: the inputs that decide what runs (runIdentity and the
// rest), the wait settings, and the outcome (runResultModel).
type planRunModel struct {
	runIdentity
	SavedConfigID   types.Int64          `tfsdk:"saved_config_id"`
	SavedConfigName types.String         `tfsdk:"saved_config_name"`
	RuntimeData     types.Map            `tfsdk:"runtime_data"`
	RuntimeDataWO   types.Map            `tfsdk:"runtime_data_wo"` // always null here: see triggerRequest
	RuntimeDataWOV  types.Int64          `tfsdk:"runtime_data_wo_version"`
	UploadVersions  types.Map            `tfsdk:"upload_versions"`
	Triggers        types.Map            `tfsdk:"triggers"`
	WaitForCompl    types.Bool           `tfsdk:"wait_for_completion"`
	PollInterval    timetypes.GoDuration `tfsdk:"poll_interval"`
	AcceptedResults types.Set            `tfsdk:"accepted_results"`
	OnFailure       types.String         `tfsdk:"on_failure"`
	OnTimeout       types.String         `tfsdk:"on_timeout"`
	StopOnTimeout   types.Bool           `tfsdk:"stop_on_timeout"`
	StopOnInterrupt types.Bool           `tfsdk:"stop_on_interrupt"`
	StopOnDestroy   types.Bool           `tfsdk:"stop_on_destroy"`
	Timeouts        timeouts.Value       `tfsdk:"timeouts"`
	ExpectedHint    timetypes.GoDuration `tfsdk:"expected_duration"`
	ExpectedSeconds types.Int64          `tfsdk:"expected_duration_seconds"`
	runResultModel
}

const (
	onError   = "error"
	onWarning = "warning"
)

// triggerRequest is what to start. The write-only runtime data is never in the plan or the
// model, only in the configuration, so the caller reads it from there and hands it in.
func (m *planRunModel) triggerRequest(ctx context.Context, runtimeDataWO types.Map) (testsigma.TriggerRequest, diag.Diagnostics) {
	in := runInputs{runIdentity: m.runIdentity, SavedConfigID: m.SavedConfigID, SavedConfigName: m.SavedConfigName, RuntimeData: m.RuntimeData, UploadVersions: m.UploadVersions}
	return in.triggerRequest(ctx, runtimeDataWO)
}

// policy maps the wait settings onto the engine, as the action does.
func (m *planRunModel) policy(ctx context.Context) testsigma.Policy {
	w := waitSettings{AcceptedResults: m.AcceptedResults, PollInterval: m.PollInterval, ExpectedHint: m.ExpectedHint, StopOnTimeout: m.StopOnTimeout, StopOnInterrupt: m.StopOnInterrupt}
	return w.policy(ctx, logEvents(ctx))
}

// record puts an Outcome into the model, through the one mapper.
func (m *planRunModel) record(o testsigma.Outcome) diag.Diagnostics {
	return m.runResultModel.fromOutcome(o)
}

// expectedSeconds is expected_duration_seconds for an expectation (0 = none known).
func expectedSeconds(d time.Duration) types.Int64 {
	if d <= 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(d.Round(time.Second).Seconds()))
}

func (m *planRunModel) warnOnFailure() bool { return m.OnFailure.ValueString() == onWarning }
func (m *planRunModel) warnOnTimeout() bool { return m.OnTimeout.ValueString() == onWarning }
