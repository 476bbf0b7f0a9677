package testsigma

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// failedFirstRun triggers a run of flakyPlan(id, 99) (its "Pay now" always fails) and
// follows it to its red end.
func failedFirstRun(t *testing.T, c *Client, id int64) Outcome {
	t.Helper()
	o, we, _ := triggerAndFollow(t, c, id, Policy{AllCases: true})
	if we != nil || o.Passed {
		t.Fatalf("wait error %v, passed %v: want a red first run", we, o.Passed)
	}
	return o
}

// Rule 8.1.7, harm 8: Testsigma links a manual re-run to the last run of the named run's
// chain (RerunParentIsChainEnd, a guess from the docs' sample 467 -> 469; api-evidence row
// 36). Someone re-ran our run meanwhile (5002, its child), and our re-run's answer is lost.
// The chain is followed to its end and our re-run (5003, a child of 5002) adopted, never
// the other re-run the parent names.
func TestRerunLost_followsTheChainToItsEnd(t *testing.T) {
	emu, c, _ := newEmu(t, emulator.Options{RerunParentIsChainEnd: true}, Options{}, flakyPlan(60, 99))
	o := failedFirstRun(t, c, 60)
	pick := rerunnable(o.Cases)

	other := newClient(t, emu.URL(), Options{}) // another pipeline, or the UI
	theirs, err := other.rerun(context.Background(), o.Final, pick, Target{})
	if err != nil {
		t.Fatal(err)
	}
	if _, we := other.Follow(context.Background(), theirs, Policy{}); we != nil {
		t.Fatal(we)
	}

	emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once())
	ours, err := c.rerun(context.Background(), o.Final, pick, Target{})
	if err != nil {
		t.Fatalf("the lost re-run was not found: %v", err)
	}
	st, _ := emu.Run(ours.ID)
	if !ours.Adopted || ours.ID == theirs.ID || st.ReRunParentID != theirs.ID {
		t.Errorf("adopted run %d (re-run of %d, adopted %v); want our re-run, the child of %d", ours.ID, st.ReRunParentID, ours.Adopted, theirs.ID)
	}
	if n := len(rerunPosts(t, emu)); n != 2 {
		t.Errorf("%d re-run POSTs, want theirs and ours, none again", n)
	}
}

// The re-run a lost answer is about must be newer than the chain before the POST: with the
// documented refusal (the named run has a re-run already) and the answer lost, the other
// pipeline's re-run is not taken for ours.
func TestRerunLost_neverAdoptsAnOlderRerun(t *testing.T) {
	emu, c, _ := newEmu(t, emulator.Options{}, Options{}, flakyPlan(61, 99))
	o := failedFirstRun(t, c, 61)
	pick := rerunnable(o.Cases)
	other := newClient(t, emu.URL(), Options{})
	theirs, err := other.rerun(context.Background(), o.Final, pick, Target{})
	if err != nil {
		t.Fatal(err)
	}
	emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once()) // "ReRun Parent Id Already Exists", lost
	_, err = c.rerun(context.Background(), o.Final, pick, Target{})
	var re *rerunError
	if !errors.As(err, &re) || !re.MayHaveStarted {
		t.Fatalf("err = %v: want an honest 'may have started', not run %d adopted", err, theirs.ID)
	}
}

// D15 (reliability-probe R16): the re-run is made but its answer is lost (a 503), and the
// parent does not name it (childResult null). Nothing can be shown to be it, so the error
// says what to look for: the plan, the parent, when, and the parent's page.
func TestRerunLost_unnamedRerunSaysWhatToLookFor(t *testing.T) {
	emu, c, _ := newEmu(t, emulator.Options{}, Options{}, flakyPlan(62, 99))
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 62})
	if err != nil {
		t.Fatal(err)
	}
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && strings.Contains(string(r.Body), `"isReRun":true`) {
			// The parent's next read names no child, as if Testsigma had not linked it yet.
			emu.Fault(statusRoute, emulator.Fault{Status: 200, Body: `{"id":5001,"executionId":62,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":null,"reRunParentId":null}`}.Once())
		}
	})
	emu.Fault("POST /api/v1/execution_results", emulator.After(503).Once())
	_, we := c.Follow(context.Background(), run, Policy{Reruns: 1})
	var re *rerunError
	if we == nil || we.Reason != WaitRerunFailed || !errors.As(we, &re) || !re.MayHaveStarted {
		t.Fatalf("wait error %v: want a re-run that may have started", we)
	}
	msg := we.Error()
	for _, want := range []string{"among the runs of test plan 62", "for a re-run of run 5001 started after " + re.SentAt.Format("2006-01-02T15:04"), "/ui/td/runs/5001", "stop it if it should not go on"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q lacks %q", msg, want)
		}
	}
	if made, _ := emu.Run(5002); made.ReRunParentID != 5001 {
		t.Errorf("run 5002 = %+v: the test wants the re-run made", made)
	}
}
