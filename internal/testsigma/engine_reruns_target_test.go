package testsigma

import (
	"context"
	"maps"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// targeted is a trigger of plan id against environment 7, build b-42 and an app version.
func targeted(id int64) TriggerRequest {
	env := int64(7)
	return TriggerRequest{TestPlanID: id, EnvironmentID: &env, BuildNumber: "b-42", UploadVersions: map[string]string{"31": "901"}}
}

// checkTarget: the re-run's POST body named the trigger's target, and the re-run ran
// against it (the emulator's default: a re-run takes its target from its body, else the
// plan's own, as the open-source server does; E19b).
func checkTarget(t *testing.T, emu *emulator.Server, rerunID int64, want Target) {
	t.Helper()
	st, ok := emu.Run(rerunID)
	if !ok || st.Rerun == nil {
		t.Fatalf("run %d is not a manual re-run: %+v", rerunID, st)
	}
	body := st.Rerun
	if body.EnvironmentID == nil || *body.EnvironmentID != *want.EnvironmentID || body.BuildNo == nil || *body.BuildNo != want.BuildNumber || !maps.Equal(body.UploadVersions, want.UploadVersions) {
		t.Errorf("re-run body: environment %v, build %v, upload versions %v; want %d, %q, %v", body.EnvironmentID, body.BuildNo, body.UploadVersions, *want.EnvironmentID, want.BuildNumber, want.UploadVersions)
	}
	if st.EnvironmentID == nil || *st.EnvironmentID != *want.EnvironmentID || st.BuildNo != want.BuildNumber || !maps.Equal(st.UploadVersions, want.UploadVersions) {
		t.Errorf("the re-run ran against environment %v, build %q, upload versions %v; want the trigger's", st.EnvironmentID, st.BuildNo, st.UploadVersions)
	}
}

// Rule 8.1.7 (harm 7): the manual re-run names the environment, build and upload versions
// the run was started with, so it tests what the first run tested.
func TestRerunTarget_rerunRunsAgainstTheTriggersTarget(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(50, 1))
	req := targeted(50)
	run, err := c.Trigger(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	o, we := c.Follow(context.Background(), run, Policy{Reruns: 1, Target: req.Target()})
	if we != nil || !o.Passed || len(o.Runs) != 2 {
		t.Fatalf("wait error %v, passed %v, %d attempts", we, o.Passed, len(o.Runs))
	}
	checkTarget(t, emu, o.Runs[1].ID, req.Target())
}

// A resumed wait knows its runs by id only (state keeps no trigger request): the target
// comes with the policy, and a re-run started by the resumed wait names it too.
func TestRerunTarget_resumedWaitRerunsTheSameTarget(t *testing.T) {
	emu, c := emuClient(t, flakyPlan(51, 1))
	req := targeted(51)
	run, err := c.Trigger(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	recorded := []Run{{ID: run.ID, TestPlanID: 51}}
	o, we := c.FollowAttempts(context.Background(), recorded, Policy{Reruns: 1, Target: req.Target()})
	if we != nil || !o.Passed || len(o.Runs) != 2 {
		t.Fatalf("wait error %v, passed %v, %d attempts", we, o.Passed, len(o.Runs))
	}
	checkTarget(t, emu, o.Runs[1].ID, req.Target())
}

// Harm 9: a failed data-driven case is re-run with "iterationReRunType": "FAILED", the
// docs' payload for iterations; a server that refuses {id} alone for such a case
// (RerunRefusesBareIterations, a guess: api-evidence row 35) takes it.
func TestRerunTarget_dataDrivenCaseRerunsItsFailedIterations(t *testing.T) {
	plan := flakyPlan(52, 1)
	plan.Cases[1].DataDriven = true
	plan.Cases[1].Iterations = []emulator.Iteration{{SetName: "visa", Result: "SUCCESS"}, {SetName: "amex", Result: "FAILURE"}}
	emu, c, _ := newEmu(t, emulator.Options{RerunRefusesBareIterations: true}, Options{}, plan)
	o, we, _ := triggerAndFollow(t, c, 52, Policy{Reruns: 1})
	if we != nil || len(o.Runs) != 2 {
		t.Fatalf("wait error %v, %d attempts: want the re-run taken", we, len(o.Runs))
	}
	st, _ := emu.Run(o.Runs[1].ID)
	if st.Rerun == nil || len(st.Rerun.Cases) != 1 || st.Rerun.Cases[0].IterationReRunType != "FAILED" {
		t.Errorf("re-run body %+v: want the one data-driven case with iterationReRunType FAILED", st.Rerun)
	}
	// A case that is not data-driven is named by id alone.
	emu, c = emuClient(t, flakyPlan(53, 1))
	o, _, _ = triggerAndFollow(t, c, 53, Policy{Reruns: 1})
	if st, _ := emu.Run(o.Runs[len(o.Runs)-1].ID); st.Rerun == nil || st.Rerun.Cases[0].IterationReRunType != "" {
		t.Errorf("re-run body %+v: want no iterationReRunType for a plain case", st.Rerun)
	}
}
