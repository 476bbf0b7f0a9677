package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The resource (testsigma_plan_run) and the action (testsigma_run_test_plan) are two front
// doors to the same trigger and wait. What they take in common is named, validated,
// described and converted here once, so the two cannot drift apart.

// runInputs are the arguments that decide what runs.
type runInputs struct {
	runIdentity
	SavedConfigID   idValue      `tfsdk:"saved_config_id"`
	SavedConfigName types.String `tfsdk:"saved_config_name"`
	RuntimeData     types.Map    `tfsdk:"runtime_data"`
	UploadVersions  types.Map    `tfsdk:"upload_versions"`
}

// triggerRequest is the one conversion of the inputs into the API's trigger. The write-only
// runtime data is only ever in the configuration, so the caller reads it there and hands it in.
func (in runInputs) triggerRequest(ctx context.Context, runtimeDataWO types.Map) (testsigma.TriggerRequest, diag.Diagnostics) {
	target, diags := in.target(ctx)
	req := testsigma.TriggerRequest{
		TestPlanID:     in.TestPlanID.ValueInt64(),
		EnvironmentID:  target.EnvironmentID,
		BuildNumber:    target.BuildNumber,
		UploadVersions: target.UploadVersions,
	}
	switch {
	case !in.SavedConfigID.IsNull():
		req.Config = &testsigma.ExecutionConfig{ID: in.SavedConfigID.ValueInt64Pointer()}
	case !in.SavedConfigName.IsNull():
		req.Config = &testsigma.ExecutionConfig{Name: in.SavedConfigName.ValueString()}
	}
	var d diag.Diagnostics
	req.RuntimeData, d = mergeRuntimeData(ctx, in.RuntimeData, runtimeDataWO)
	diags.Append(d...)
	return req, diags
}

// target is what the run runs against, converted once: the trigger sends it, and every
// re-run of the run sends it again, also when a later apply resumes the wait (the engine
// then knows the runs by id only).
func (in runInputs) target(ctx context.Context) (testsigma.Target, diag.Diagnostics) {
	uploads, diags := stringMap(ctx, in.UploadVersions)
	return testsigma.Target{EnvironmentID: in.EnvironmentID.ValueInt64Pointer(), BuildNumber: in.BuildNumber.ValueString(), UploadVersions: uploads}, diags
}

// followPolicy is the engine's policy for a run of these inputs, for both front doors: the
// wait settings, and the target a re-run names. The target's conversion cannot fail once
// the trigger's did not (triggerRequest reports it), so its diagnostics are not repeated.
func (in runInputs) followPolicy(ctx context.Context, w waitSettings, onEvent func(testsigma.Event)) testsigma.Policy {
	p := w.policy(ctx, onEvent)
	p.Target, _ = in.target(ctx)
	return p
}

// waitSettings are the arguments that say how to wait for the run and how to judge it.
type waitSettings struct {
	AcceptedResults types.Set     `tfsdk:"accepted_results"`
	PollInterval    durationValue `tfsdk:"poll_interval"`
	ExpectedHint    durationValue `tfsdk:"expected_duration"`
	StopOnTimeout   types.Bool    `tfsdk:"stop_on_timeout"`
	StopOnInterrupt types.Bool    `tfsdk:"stop_on_interrupt"`
	RerunFailed     types.Int64   `tfsdk:"rerun_failed_tests"`
}

// policy maps the wait settings onto the engine. Whoever calls it started the run, so it may
// stop it on the way out. A null stop setting is the documented default, true: action
// schemas cannot hold defaults, so the action's settings arrive null when unset.
func (w waitSettings) policy(ctx context.Context, onEvent func(testsigma.Event)) testsigma.Policy {
	return testsigma.Policy{
		Accepted:        acceptedResults(ctx, w.AcceptedResults),
		Interval:        parseGoDuration(w.PollInterval),
		Expected:        parseGoDuration(w.ExpectedHint),
		StopOnTimeout:   boolOr(w.StopOnTimeout, true),
		StopOnInterrupt: boolOr(w.StopOnInterrupt, true),
		Reruns:          int(w.RerunFailed.ValueInt64()), // null (the action's default) is 0
		Jitter:          pollJitter,
		OnEvent:         onEvent,
	}
}

// boolOr is v, or def when v is null or unknown.
func boolOr(v types.Bool, def bool) bool {
	if v.IsNull() || v.IsUnknown() {
		return def
	}
	return v.ValueBool()
}

// inputRules are the validators of the shared arguments. Validators are the same types in
// every schema package, so both schemas take them from here.
type inputRules struct {
	ID              []validator.Int64 // test_plan_id, environment_id
	SavedConfigID   []validator.Int64
	SavedConfigName []validator.String
	Duration        []validator.String // poll_interval, expected_duration
	AcceptedResults []validator.Set
	ErrorOrWarning  []validator.String // on_failure (and the resource's on_timeout)
	NoNulls         []validator.Map    // every map of strings
	Reruns          []validator.Int64  // rerun_failed_tests
}

func runInputValidators() inputRules {
	return inputRules{
		ID:              []validator.Int64{int64validator.AtLeast(1)},
		SavedConfigID:   []validator.Int64{int64validator.AtLeast(1), int64validator.ConflictsWith(path.MatchRoot("saved_config_name"))},
		SavedConfigName: []validator.String{stringvalidator.LengthAtLeast(1)},
		Duration:        []validator.String{durationAtLeast{min: minPollInterval}},
		AcceptedResults: []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(knownResult{})},
		ErrorOrWarning:  []validator.String{stringvalidator.OneOf(onError, onWarning)},
		NoNulls:         []validator.Map{noNullValues{}},
		Reruns:          []validator.Int64{int64validator.Between(0, testsigma.MaxReruns)},
	}
}

// changeStartsRun ends the resource's description of every input that decides what runs:
// the action keeps nothing, so a change means nothing to it.
const changeStartsRun = " Changing it starts a new run."

// inputDocs describe the shared arguments, word for word the same on both front doors.
var inputDocs = map[string]string{
	"test_plan_id":       "The test plan to run: its id, best looked up by name with `data.testsigma_test_plan` (`test_plan_id = data.testsigma_test_plan.smoke.id`), or the Test Plan ID on the plan's CI/CD Integration tab (the API's `executionId`).",
	"saved_config_id":    "Run only part of the plan, as the saved execution config with this id selects (see `testsigma_saved_configs`). Conflicts with `saved_config_name`.",
	"saved_config_name":  "Like `saved_config_id`, by name. A name that does not exist fails at plan time with the names that do.",
	"environment_id":     "Run against this Testsigma environment instead of the plan's own: its id, best looked up by name with `data.testsigma_environment` (`environment_id = data.testsigma_environment.staging.id`), or the number in the environment's URL in Testsigma (`…/environments/<id>/details`).",
	"build_number":       "Build number shown on the run in Testsigma, e.g. your release or commit. It is also what tells this run from any other of the plan when the trigger's answer is lost: a run found afterwards is adopted only when its build number is the one sent. Unset, the provider sends a generated one (`tf-` and 16 hex digits, unique to this trigger; reported as null), so adoption is safe. Set, it is safe only when no other trigger of the plan (another pipeline, another resource with other runtime data) starts a run with the same build number at the same time; otherwise, and whenever the runs read cannot prove which one is this, the apply fails and names the runs that could be it, to import or stop.",
	"upload_versions":    "App version per machine for mobile runs: test device id (the machine's id in the test plan's devices) → upload version id (Testsigma's Uploads page, or `GET /api/v1/upload_versions?query=uploadId:<id>`).",
	"poll_interval":      "Longest gap between two status checks, as a duration such as `\"10s\"` (at least `1s`). Unset (recommended), the provider picks the schedule: with no idea how long the run takes, it checks a second after the trigger (runs can fail at once), a few times around half a minute, and from two minutes on exactly when a steady 15s poll would; when it expects a length (`expected_duration`, or the previous run's), it polls every few seconds around the expected end and sparsely before it, noticing the end within seconds with no more requests than a steady 15s poll. While a run goes, it also estimates the end from the run's own test-case counts (the run's v1 counts when they move, else the v2 run's `metrics`, read within the same request budget): the cases that finished between two looks give a rate, and the cases still to run at that rate give the end, so it polls sparsely while that end is far and every few seconds around it; counts that stay null or zero change nothing. Setting it caps every gap.",
	"stop_on_timeout":    "Stop the Testsigma run (this run only) when the wait times out. Default `true`. The stop is withheld, and said so, when another run of the test plan is going (Testsigma's stop may end the plan's oldest going run). With `false` the run goes on and the apply fails (unless `on_timeout = \"warning\"`); the resource keeps the run unjudged: the next apply waits for that same run and judges it, without starting another.",
	"stop_on_interrupt":  "Stop the Testsigma run (this run only) when Terraform is interrupted (Ctrl-C) while waiting. Default `true`. With `false` the run goes on, the apply fails, and the resource keeps the run unjudged: the next apply waits for that same run and judges it, without starting another. This holds for one interrupt: a second Ctrl-C or a killed Terraform exits without saving state and without stopping the run.",
	"rerun_failed_tests": fmt.Sprintf("When a finished run does not pass and has failed test cases, re-run only those, wait, and repeat, at most this many times (0 to %d, default 0). Each re-run re-runs the last attempt's failed tests; the last attempt decides the verdict, so a flaky test that passes on its re-run does not block the apply. A run that failed with no failed test case (aborted, not executed, its machine never started) is not re-run. Testsigma's own automatic re-runs are waited for first. A re-run names the run's `environment_id` and `build_number` again, and one that Testsigma shows ran against another (or none) does not count as a pass. Ctrl-C and the timeout stop the attempt that is going; the timeout counts the whole chain. Changing it alone never starts a new run.", testsigma.MaxReruns),
}

// timeoutOr is the timeout set in timeouts (name: create, update, read, invoke), or def.
// The timeouts library's own getter logs an INFO line on every call that finds none set,
// which a person reading the apply's log cannot act on, so it is asked only when one is.
func timeoutOr(ctx context.Context, set types.Object, name string, def time.Duration, get func(context.Context, time.Duration) (time.Duration, diag.Diagnostics)) (time.Duration, diag.Diagnostics) {
	if v, ok := set.Attributes()[name]; set.IsNull() || set.IsUnknown() || !ok || v.IsNull() || v.IsUnknown() {
		return def, nil
	}
	return get(ctx, def)
}
