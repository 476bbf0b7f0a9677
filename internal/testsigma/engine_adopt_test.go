package testsigma

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// anotherPipeline is a second process triggering the same plans through the API.
func anotherPipeline(t *testing.T, emu *emulator.Server, c *Client) *Client {
	t.Helper()
	p, err := New(emu.URL(), emu.APIKey(), Options{Clock: c.opts.Clock})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A genuine 503 before the server did anything; on the first read of the look another
// pipeline triggers the same plan, without a build number either. That run is not this
// trigger's (its build number is another): it is never adopted, nor named as a candidate,
// and the trigger is not sent again: one POST of its own and a "may have started" error.
func TestTrigger_foreignRunAppearingDuringTheLookIsNotAdopted(t *testing.T) {
	emu, c := recEmu(t, documented)
	pipeline := anotherPipeline(t, emu, c)
	var done atomic.Bool
	var theirs Run
	emu.Fault(triggerRoute, emulator.Status(503).Once())
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" && strings.Contains(r.Path, "test_runs") && posts(emu) == 1 && done.CompareAndSwap(false, true) {
			theirs, _ = pipeline.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
		}
	})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if theirs.ID == 0 {
		t.Fatal("the other pipeline's run was never made")
	}
	if run.ID != 0 || posts(emu) != 2 || len(emu.Runs()) != 1 {
		t.Fatalf("run %+v, %d POSTs, %d runs (err %v): the other pipeline's run %d must not be taken for this one, nor the trigger sent again",
			run, posts(emu), len(emu.Runs()), err, theirs.ID)
	}
	if te := wantMayHaveStarted(t, err, ""); len(te.Found) != 0 {
		t.Errorf("candidates %v: the other pipeline's run %d carries another build number", te.Found, theirs.ID)
	}
}

// Without a build number the trigger carries a generated one, so the run it makes can be
// told from any other and read back.
func TestTrigger_withoutABuildNumberCarriesAGeneratedMarker(t *testing.T) {
	emu, c := recEmu(t, documented)
	a, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	if err != nil {
		t.Fatal(err)
	}
	sa, _ := emu.Run(a.ID)
	sb, _ := emu.Run(b.ID)
	if !IsGeneratedBuildNumber(sa.BuildNo) || !IsGeneratedBuildNumber(sb.BuildNo) || sa.BuildNo == sb.BuildNo {
		t.Errorf("build numbers sent %q and %q: want two distinct generated markers", sa.BuildNo, sb.BuildNo)
	}
	if IsGeneratedBuildNumber("1.4.2") || IsGeneratedBuildNumber("") {
		t.Error("a user's build number is taken for a generated one")
	}
}

// The OSS "currently running" refusal comes before any run is made: the run it sees is the
// one that caused it, even with the same build number. Nothing is looked for or adopted.
func TestTrigger_currentlyRunningRefusalAdoptsNothing(t *testing.T) {
	emu, c := recEmu(t, emulator.Options{RejectConcurrent: true})
	pipeline := anotherPipeline(t, emu, c)
	finishedRun(t, c, TriggerRequest{TestPlanID: 20, BuildNumber: "v0"}) // so the plan has a lastRunId
	var done atomic.Bool
	var theirs Run
	emu.OnRequest(func(r emulator.Request) { // between this trigger's watermark and its POST
		if r.Method == "GET" && strings.Contains(r.Path, "test_plans") && done.CompareAndSwap(false, true) {
			theirs, _ = pipeline.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "v1"})
		}
	})
	reads := emu.Count("GET", "/api/v1/execution_results/{id}")
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "v1"})
	var te *TriggerError
	if !errors.As(err, &te) || te.MayHaveStarted || !IsCurrentlyRunning(err) || run.ID == theirs.ID {
		t.Errorf("run %+v, err %v: want the refusal, and run %d not adopted", run, err, theirs.ID)
	}
	if n := emu.Count("GET", "/api/v1/execution_results/{id}"); n != reads {
		t.Errorf("%d reads of runs after a refusal that made nothing", n)
	}
}

// Ctrl-C while a read of the look is in flight: the short interrupt look still finds the
// run, so it is recorded (and can be stopped), not orphaned.
func TestTrigger_interruptDuringAReconcileReadKeepsTheRun(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(503).Once())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			emu.Fault("GET /api/v2/test_runs", emulator.Hang(5*time.Second).Once())
			time.AfterFunc(300*time.Millisecond, cancel)
		}
	})
	run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: 20})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		t.Fatalf("run %+v, err %v, %d POSTs: want the run adopted, not orphaned", run, err, posts(emu))
	}
}

// One failed read of a candidate that matches is read again within the look.
func TestTrigger_oneFailedConfirmReadIsReadAgain(t *testing.T) {
	emu, c := recEmu(t, documented)
	emu.Fault(triggerRoute, emulator.After(503).Once())
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(500).Once())
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: "b042"})
	if err != nil || !run.Adopted || posts(emu) != 1 {
		t.Errorf("run %+v, err %v, %d POSTs: want the run adopted after a second read", run, err, posts(emu))
	}
}

// finishedRun triggers req and reads the run until it is complete.
func finishedRun(t *testing.T, c *Client, req TriggerRequest) {
	t.Helper()
	run, err := c.Trigger(context.Background(), req)
	for i := 0; err == nil && !run.Finished && i < 10; i++ {
		run, err = c.GetRun(context.Background(), run.ID)
	}
	if err != nil || !run.Finished {
		t.Fatalf("run %+v, err %v: the setup run did not finish", run, err)
	}
}

// When the reads cannot settle a lost answer, the error names everything to check: the
// plan, the build number (and that the provider made it up), the time window, the run ids
// above which to look, the candidates, and the import command for the one that is it.
func TestTriggerError_namesWhatToCheckAndHowToImport(t *testing.T) {
	sent := time.Date(2024, 5, 29, 7, 29, 19, 0, time.UTC)
	te := &TriggerError{TestPlanID: 20, MayHaveStarted: true, Err: errors.New("503"), Found: []Run{{ID: 5001}},
		FoundURLs: []string{"https://app/ui/td/runs/5001"}, SentAt: sent, Until: sent.Add(40 * time.Second),
		BuildNumber: "tf-0123456789abcdef", Above: 5000}
	for _, want := range []string{"test plan 20", `"tf-0123456789abcdef" (generated by the provider`, "at or after 2024-05-29T07:28:19Z",
		"and before 2024-05-29T07:30:59Z", "run id above 5000", "5001 (https://app/ui/td/runs/5001)", "terraform import <resource address> 5001"} {
		if !strings.Contains(te.Error(), want) {
			t.Errorf("the error lacks %q: %s", want, te.Error())
		}
	}
}
