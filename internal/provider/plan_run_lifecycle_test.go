package provider

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// lifecycleModel is a recorded run of plan 1001 as an apply that waited leaves it: finished
// and passed, with every default, and the maps null as Terraform gives them.
func lifecycleModel() planRunModel {
	var m planRunModel
	noMap := types.MapNull(types.StringType)
	m.ID, m.TestPlanID = types.StringValue("5001"), newID(1001)
	m.SavedConfigID, m.EnvironmentID = newIDPointer(nil), newIDPointer(nil)
	m.RuntimeData, m.RuntimeDataWO, m.UploadVersions, m.Triggers = noMap, noMap, noMap, noMap
	m.WaitForCompl, m.StopOnDestroy = types.BoolValue(true), types.BoolValue(true)
	m.StopOnTimeout, m.StopOnInterrupt = types.BoolValue(true), types.BoolValue(true)
	m.OnFailure, m.OnTimeout = types.StringValue(onError), types.StringValue(onError)
	m.AcceptedResults = acceptedDefault()
	m.Finished, m.Result = types.BoolValue(true), types.StringValue(testsigma.ResultSuccess)
	return m
}

// with is m changed by each f.
func with(m planRunModel, fs ...func(*planRunModel)) planRunModel {
	for _, f := range fs {
		f(&m)
	}
	return m
}

func going(m *planRunModel)         { m.Finished, m.Result = types.BoolValue(false), types.StringNull() }
func fireAndForget(m *planRunModel) { m.WaitForCompl = types.BoolValue(false) }
func newRelease(m *planRunModel) {
	m.Triggers = types.MapValueMust(types.StringType, map[string]attr.Value{"release": types.StringValue("2")})
}

// What the next plan does, one row per lifecycle test of the resource through Terraform
// (named after it): the same decision, without Terraform.
func TestLifecycle_next(t *testing.T) {
	t.Parallel()
	base := lifecycleModel()
	tests := []struct {
		name     string
		rec      recorded
		plan     planRunModel
		want     step
		warnStop bool // the plan warns that the replaced run will be stopped
	}{
		{"TestResume_timedOutWaitIsResumedNotReplaced", recorded{state: with(base, going), unjudged: true}, with(base, going), resumeWait, false},
		{"TestResume_waitForCompletionTurnedOnWaitsAndJudges/wait turned on", recorded{state: with(base, going, fireAndForget)}, with(base, going), resumeWait, false},
		{"TestResume_waitForCompletionTurnedOnWaitsAndJudges/red verdict replaced", recorded{state: with(base), failed: true}, with(base, fireAndForget), replaceRed, false},
		{"TestImport_replacementNeverStopsTheImportedRun", recorded{state: with(base, going), imported: true}, with(base, going, fireAndForget, newRelease), replaceInput, false},
		{"TestResumeRerun_waitForCompletionTurnedOn", recorded{state: with(base, going, fireAndForget)}, with(base, going, func(m *planRunModel) { m.RerunFailed = types.Int64Value(3) }), resumeWait, false},
		{"TestResumeRerun_rerunFailedTestsRaised", recorded{state: with(base, going), unjudged: true}, with(base, going, func(m *planRunModel) { m.RerunFailed = types.Int64Value(3) }), resumeWait, false},
		{"TestResumeRerun_afterCtrlC", recorded{state: with(base, going), unjudged: true}, with(base, going), resumeWait, false},
		{"TestPlanRun_acceptedResultsDecideThePass", recorded{state: base}, with(base, func(m *planRunModel) {
			m.AcceptedResults = types.SetValueMust(types.StringType, []attr.Value{types.StringValue("SUCCESS"), types.StringValue("FAILURE")})
		}), rederivePassed, false},
		{"TestPlanRun_fireAndForgetThenRefreshToCompletion", recorded{state: with(base, fireAndForget)}, with(base, fireAndForget), rederivePassed, false},
		{"TestPlanRun_timeoutAsWarningKeepsWaitingLater", recorded{state: with(base, going)}, with(base, going), rederivePassed, false},
		{"TestPlanRun_triggersChangeStartsExactlyOneNewRun", recorded{state: base}, with(base, newRelease), replaceInput, false},
		{"TestPlanRun_waitSettingsChangeNeverStartsARun", recorded{state: base}, with(base, func(m *planRunModel) {
			m.OnFailure, m.StopOnTimeout, m.RerunFailed = types.StringValue(onWarning), types.BoolValue(false), types.Int64Value(2)
		}), rederivePassed, false},
		{"TestPlanRun_importThenEmptyPlan", recorded{state: base, imported: true}, base, rederivePassed, false},
		{"TestPlanWarning_waitDue/still fire and forget", recorded{state: with(base, going, fireAndForget), unjudged: true}, with(base, going, fireAndForget), rederivePassed, false},
		{"TestPlanWarning_stopOnDestroyChangedInAReplacement", recorded{state: with(base, going)}, with(base, going, newRelease, func(m *planRunModel) { m.StopOnDestroy = types.BoolValue(false) }), replaceInput, true},
		{"a changed input wins over a red verdict", recorded{state: base, failed: true}, with(base, newRelease), replaceInput, false},
		{"an input not known until apply replaces", recorded{state: base}, with(base, func(m *planRunModel) { m.BuildNumber = types.StringUnknown() }), replaceInput, false},
		{"accepted_results not known yet keeps passed", recorded{state: base}, with(base, func(m *planRunModel) { m.AcceptedResults = types.SetUnknown(types.StringType) }), keep, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.rec.next(tt.plan); got != tt.want {
				t.Errorf("next = %d, want %d", got, tt.want)
			}
			if warned := len(tt.rec.replaceWarning(tt.plan)) > 0; warned != tt.warnStop {
				t.Errorf("stop_on_destroy warning = %v, want %v", warned, tt.warnStop)
			}
		})
	}
}

// How an apply that waited ends, and what it leaves for the next plan: one row per test of
// the wait's end through Terraform.
func TestLifecycle_after(t *testing.T) {
	t.Parallel()
	base := lifecycleModel()
	run := testsigma.Run{ID: 5001, TestPlanID: 1001, Status: testsigma.StatusInProgress}
	red := testsigma.Run{ID: 5001, TestPlanID: 1001, Status: testsigma.StatusCompleted, Result: testsigma.ResultFailure, Finished: true}
	stopped := testsigma.Run{ID: 5001, TestPlanID: 1001, Status: testsigma.StatusCompleted, Result: testsigma.ResultStopped, Finished: true}
	ended := func(reason testsigma.WaitReason, last testsigma.Run, f func(*testsigma.WaitError)) *testsigma.WaitError {
		we := &testsigma.WaitError{RunID: 5001, Reason: reason, Last: last}
		f(we)
		return we
	}
	leftGoing := func(we *testsigma.WaitError) { we.LeftGoing = true }
	wasStopped := func(we *testsigma.WaitError) { we.Stopped = true }
	warnOnTimeout := func(m *planRunModel) { m.OnTimeout = types.StringValue(onWarning) }
	tests := []struct {
		name             string
		plan             planRunModel
		final            testsigma.Run
		passed           bool
		we               *testsigma.WaitError
		door             frontDoor
		unjudged, failed bool
		severity         diag.Severity // of the one diagnostic; 0 = none
		summary          string
	}{
		{"TestPlanRun_passingRunSendsEveryInput", base, stopped, true, nil, resourceDoor, false, false, 0, ""},
		{"TestPlanRun_failingRunFailsTheApplyAndIsKept", base, red, false, nil, resourceDoor, false, true, diag.SeverityError, "Testsigma run did not pass"},
		{"TestPlanRun_onFailureWarningLetsTheApplyGoOn", with(base, func(m *planRunModel) { m.OnFailure = types.StringValue(onWarning) }), red, false, nil, resourceDoor, false, false, diag.SeverityWarning, "Testsigma run did not pass"},
		{"TestResume_waitForCompletionTurnedOnWaitsAndJudges", base, red, false, nil, updateDoor, false, true, diag.SeverityError, "Testsigma run did not pass"},
		{"TestResume_timedOutWaitFailsTheApplyAndTheNextApplyResumesTheSameRun", base, run, false, ended(testsigma.WaitTimedOut, run, leftGoing), resourceDoor, true, false, diag.SeverityError, "The Testsigma run is still going; the next apply waits for it"},
		{"TestResumeRerun_afterCtrlC", base, run, false, ended(testsigma.WaitInterrupted, run, leftGoing), resourceDoor, true, false, diag.SeverityError, "The Testsigma run is still going; the next apply waits for it"},
		{"TestPlanRun_timeoutAsWarningKeepsWaitingLater", with(base, warnOnTimeout), run, false, ended(testsigma.WaitTimedOut, run, leftGoing), resourceDoor, false, false, diag.SeverityWarning, "Timed out waiting for the Testsigma run"},
		{"TestPlanRun_timeoutStopsTheRunAndKeepsIt", base, stopped, false, ended(testsigma.WaitTimedOut, stopped, wasStopped), resourceDoor, false, true, diag.SeverityError, "Timed out waiting for the Testsigma run"},
		{"a timeout during a re-run that stopped it", base, stopped, false, ended(testsigma.WaitTimedOut, stopped, wasStopped), resourceDoor, false, true, diag.SeverityError, "Timed out waiting for the Testsigma run"},
		{"TestInterrupt_sigintStopsTheRunAndKeepsItInState", base, stopped, false, ended(testsigma.WaitInterrupted, stopped, wasStopped), resourceDoor, false, true, diag.SeverityError, "Interrupted while waiting for the Testsigma run"},
		// A stop that failed or was withheld leaves the run going without a verdict: the
		// next apply resumes it rather than starting another.
		{"TestStop_lostStopAnswerFailsATimedOutApply", base, run, false, ended(testsigma.WaitTimedOut, run, func(we *testsigma.WaitError) { we.StopErr = errors.New("connection reset") }), resourceDoor, true, false, diag.SeverityError, "Timed out waiting for the Testsigma run"},
		{"TestStop_anotherRunOfThePlanGoingWithholdsTheStop", base, run, false, ended(testsigma.WaitTimedOut, run, func(we *testsigma.WaitError) { we.StopErr = &testsigma.StopWithheldError{RunID: 5001} }), resourceDoor, true, false, diag.SeverityError, "Timed out waiting for the Testsigma run"},
		{"TestFaults_runGoneWhileWaitingIsReplaced", base, run, false, ended(testsigma.WaitFailed, run, func(we *testsigma.WaitError) { we.Err = &testsigma.APIError{StatusCode: 404} }), resourceDoor, false, true, diag.SeverityError, "Cannot follow the Testsigma run"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testsigma.Outcome{Runs: []testsigma.Run{tt.final}, Final: tt.final, Passed: tt.passed, Accepted: testsigma.DefaultAccepted()}
			private := fakePrivate{keyImported: []byte("true")}
			diags := after(tt.plan, o, tt.we, tt.door).leave(context.Background(), private)
			if flag(context.Background(), private, keyUnjudged) != tt.unjudged || flag(context.Background(), private, keyFailed) != tt.failed {
				t.Errorf("private state %q, want unjudged %v, failed %v", private, tt.unjudged, tt.failed)
			}
			if !flag(context.Background(), private, keyImported) {
				t.Error("the apply forgot that the run was imported")
			}
			switch {
			case tt.severity == 0 && len(diags) != 0:
				t.Errorf("diagnostics %v, want none", diags)
			case tt.severity != 0 && (len(diags) != 1 || diags[0].Severity() != tt.severity || diags[0].Summary() != tt.summary):
				t.Errorf("diagnostics %v, want one %v %q", diags, tt.severity, tt.summary)
			}
		})
	}
}

// What a destroy (or the replacement's destroy) does to the run.
func TestLifecycle_release(t *testing.T) {
	t.Parallel()
	base := lifecycleModel()
	tests := []struct {
		name string
		rec  recorded
		want release
	}{
		{"TestPlanRun_destroyStopsARunStillGoing", recorded{state: with(base, going)}, releaseOurs},
		{"TestStop_destroyStopsTheRerunGoing", recorded{state: with(base, going)}, releaseOurs},
		{"TestPlanRun_destroyLeavesFinishedRunsAlone", recorded{state: base}, releaseNone},
		{"TestImport_replacementNeverStopsTheImportedRun", recorded{state: with(base, going), imported: true}, releaseTheirs},
		{"stop_on_destroy = false", recorded{state: with(base, going, func(m *planRunModel) { m.StopOnDestroy = types.BoolValue(false) })}, releaseNone},
	}
	for _, tt := range tests {
		if got := tt.rec.release(); got != tt.want {
			t.Errorf("%s: release = %d, want %d", tt.name, got, tt.want)
		}
	}
	// TestStop_destroyWhoseStopMissedSaysSo, and a stop that failed: each has its warning.
	missed := releaseWarning(5001, "u/5001", &testsigma.StopMissedError{RunID: 5001, TestPlanID: 1001})
	failed := releaseWarning(5001, "u/5001", errors.New("connection reset"))
	if len(missed) != 1 || missed[0].Summary() != "Testsigma may have stopped another run" {
		t.Errorf("stop missed: %v", missed)
	}
	if len(failed) != 1 || !strings.Contains(failed[0].Detail(), "Run 5001 may still be going") || !strings.Contains(failed[0].Detail(), "u/5001") {
		t.Errorf("stop failed: %v", failed)
	}
}

// decidesRun is the schema's list of inputs that replace the resource, and every other
// argument is a wait setting: an attribute added to the schema without being classified,
// or given a RequiresReplace of its own, fails here.
func TestLifecycle_decidesRunIsTheSchemasReplaceList(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	inPlace := []string{"wait_for_completion", "poll_interval", "accepted_results", "on_failure", "on_timeout", "stop_on_timeout",
		"stop_on_interrupt", "rerun_failed_tests", "expected_duration", "stop_on_destroy",
		"runtime_data_wo"} // write-only: Terraform cannot see it change (runtime_data_wo_version does)
	replaces := map[string]bool{}
	for _, d := range []interface{ Description(context.Context) string }{int64planmodifier.RequiresReplace(), stringplanmodifier.RequiresReplace(), mapplanmodifier.RequiresReplace()} {
		replaces[d.Description(ctx)] = true
	}
	var s resource.SchemaResponse
	(&planRunResource{}).Schema(ctx, resource.SchemaRequest{}, &s)
	values := modelValues(lifecycleModel())
	for name, a := range s.Schema.Attributes {
		deciding := slices.Contains(decidesRun, name)
		if got := hasModifier(a, replaces); got != deciding {
			t.Errorf("%s: RequiresReplace %v, but decidesRun says %v", name, got, deciding)
		}
		configurable := a.IsRequired() || a.IsOptional()
		if configurable && !deciding && !slices.Contains(inPlace, name) {
			t.Errorf("%s is an argument neither in decidesRun nor a wait setting: say whether changing it starts a new run", name)
		}
		if _, ok := values[name]; !ok {
			t.Errorf("%s is not in the model that replacing reads", name)
		}
	}
	for _, name := range decidesRun {
		if _, ok := s.Schema.Attributes[name]; !ok {
			t.Errorf("decidesRun names %s, which the schema does not have", name)
		}
	}
}

// hasModifier: one of the attribute's plan modifiers has one of the descriptions.
func hasModifier(a schema.Attribute, descriptions map[string]bool) bool {
	mods := reflect.ValueOf(a).FieldByName("PlanModifiers")
	if !mods.IsValid() {
		return false
	}
	for i := range mods.Len() {
		if d, ok := mods.Index(i).Interface().(interface{ Description(context.Context) string }); ok && descriptions[d.Description(context.Background())] {
			return true
		}
	}
	return false
}
