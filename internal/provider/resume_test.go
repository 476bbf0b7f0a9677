package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// hourLong adds a plan whose runs take an hour of emulator time, passing or failing.
func hourLong(emu *emulator.Server, id int64, result string) {
	emu.AddPlan(emulator.Plan{ID: id, Name: "Hour", Queued: time.Second, Running: time.Hour, Result: result,
		Cases: []emulator.Case{{ID: 1, Name: "Login", Result: result}}})
}

// Turning wait_for_completion on for a run still going waits for it in place, and a red
// verdict fails that apply and asks for a new run next time, as a taint would.
func TestResume_waitForCompletionTurnedOnWaitsAndJudges(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4002, "FAILURE")
	cfg := func(wait bool) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 4002\nwait_for_completion = %v", wait))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(false)},
			{
				PreConfig:   func() { clock.Advance(2 * time.Hour) },
				Config:      cfg(true),
				ExpectError: words(`Testsigma run did not pass`, `Run 5001 of test plan 4002`, `finished with FAILURE`),
			},
			{
				// Without waiting, so the new run's hour does not hold up the test.
				Config: cfg(false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringExact("5002"))},
			},
		},
	})
}

// A run started by someone else and imported is never stopped by this provider: not when a
// change replaces the resource, whatever stop_on_destroy says.
func TestImport_replacementNeverStopsTheImportedRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	ci := emu.StartRun(planLong) // a CI job's run, an hour long
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:       runConfig(emu, "test_plan_id = 1005"),
				ResourceName: runAddr, ImportState: true, ImportStateId: itoa64(ci), ImportStatePersist: true,
			},
			{
				Config: runConfig(emu, "test_plan_id = 1005\nwait_for_completion = false\ntriggers = { release = \"2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	if st, _ := emu.Run(ci); st.StopRequests != 0 {
		t.Errorf("the imported CI run got %d stop requests, want none", st.StopRequests)
	}
}

// D3 (reliability-probe R26-R28): a resumed wait that starts re-runs must plan unknown
// every attribute the deciding attempt gives (started_at was missing), or the apply fails
// with "Provider produced inconsistent result after apply" on a run that passed.

// attrValues are the model's attributes by name, embedded structs flattened.
func attrValues(v reflect.Value, out map[string]attr.Value) {
	for i := range v.NumField() {
		f, fv := v.Type().Field(i), v.Field(i)
		if f.Anonymous && fv.Kind() == reflect.Struct {
			attrValues(fv, out)
			continue
		}
		if a, ok := fv.Interface().(attr.Value); ok && f.Tag.Get("tfsdk") != "" {
			out[f.Tag.Get("tfsdk")] = a
		}
	}
}

// Every attribute an Outcome can change is planned unknown: record the outcome of a first
// run going, then that of a finished re-run chain in which every value differs; each
// attribute that changed must be among outcomeAttributes. An attribute added to the mapper
// (or to record) without being classified fails here.
func TestResumeRerun_everyAttributeAnOutcomeChangesIsPlannedUnknown(t *testing.T) {
	t.Parallel()
	t1, t2, t3 := time.Unix(1000, 0), time.Unix(2000, 0), time.Unix(3000, 0)
	n := func(v int64) *int64 { return &v }
	d := 90 * time.Second
	going := testsigma.Run{ID: 5001, TestPlanID: 1, TestPlanName: "Smoke", Status: testsigma.StatusInProgress, Message: "running", StartedAt: &t1,
		Counts: testsigma.Counts{Total: n(3), Passed: n(0), Failed: n(0), Aborted: n(0), Stopped: n(0), NotExecuted: n(0), Queued: n(3)}}
	rerun := testsigma.Run{ID: 5002, TestPlanID: 1, TestPlanName: "Smoke (renamed)", Status: testsigma.StatusCompleted, Result: testsigma.ResultFailure,
		Message: "done", StartedAt: &t2, FinishedAt: &t3, Duration: &d, Finished: true,
		Counts: testsigma.Counts{Total: n(1), Passed: n(1), Failed: n(2), Aborted: n(3), Stopped: n(4), NotExecuted: n(5), Queued: n(6)}}
	var before planRunModel
	before.record(testsigma.Outcome{Runs: []testsigma.Run{going}, Final: going, URL: "u/5001", FinalURL: "u/5001"})
	after := before
	after.record(testsigma.Outcome{Runs: []testsigma.Run{going, rerun}, Final: rerun, Passed: true, URL: "u/5001", FinalURL: "u/5002",
		FailedCases: []testsigma.FailedCase{{Name: "Pay now", Result: testsigma.ResultFailure}}})
	was, now := map[string]attr.Value{}, map[string]attr.Value{}
	attrValues(reflect.ValueOf(before), was)
	attrValues(reflect.ValueOf(after), now)
	planned := outcomeAttributes()
	for name, v := range now {
		changed := !v.Equal(was[name]) && (!v.IsNull() || !was[name].IsNull()) // a zero Map is null but not Equal to itself
		if changed && !slices.Contains(planned, name) {
			t.Errorf("%s changes with the outcome (%v -> %v) but a resumed wait does not plan it unknown", name, was[name], v)
		}
	}
	for _, name := range []string{"started_at", "test_plan_name", "rerun_ids", "status", "passed"} {
		if !slices.Contains(planned, name) {
			t.Errorf("%s is not planned unknown", name)
		}
	}
	for _, name := range []string{"id", "app_url"} {
		if slices.Contains(planned, name) || !now[name].Equal(was[name]) {
			t.Errorf("%s is the first attempt's: a wait never changes it", name)
		}
	}
}

// flakyTwice has a plan (3030) whose "Pay now" fails in its first two attempts, so the
// resumed wait re-runs it twice; each attempt starts later than the one before.
// With running 0 its runs end after two reads; else they take that long on the emulator's
// clock.
func flakyTwice(emu *emulator.Server, running time.Duration) {
	p := emulator.Plan{ID: 3030, Name: "Flaky twice", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
		{ID: 2, Name: "Pay now", FlakyRuns: 2, SuiteName: "Checkout"},
	}}
	if running > 0 {
		p.QueuedPolls, p.RunningPolls, p.Running = 0, 0, running
	}
	emu.AddPlan(p)
}

// passedAfterTwoReruns are the state checks of a resumed wait that re-ran twice and passed.
var passedAfterTwoReruns = []statecheck.StateCheck{
	stateAttr(runAddr, "passed", knownvalue.Bool(true)), stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
	stateAttr(runAddr, "rerun_ids", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("5002"), knownvalue.StringExact("5003")})),
}

// R27: fire and forget, then wait_for_completion = true with rerun_failed_tests: the apply
// that resumes the wait re-runs twice, passes, and the next plan is empty.
func TestResumeRerun_waitForCompletionTurnedOn(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	flakyTwice(emu, 0)
	cfg := func(wait bool) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 3030\nrerun_failed_tests = 3\nwait_for_completion = %v\n%s", wait, targetInputs))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(false)},
			{
				Config: cfg(true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(runAddr, tfjsonpath.New("started_at")),
				}},
				ConfigStateChecks: passedAfterTwoReruns,
			},
			{Config: cfg(true), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	expectRerunTarget(t, emu, 5003) // the resumed wait's re-runs name the target too
}

// advanceOnRerun moves the manual clock on by d whenever a re-run is POSTed, so that the
// hour-long scenario's re-runs end at their next read.
func advanceOnRerun(emu *emulator.Server, clock interface{ Advance(time.Duration) }, d time.Duration) {
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && strings.Contains(string(r.Body), `"isReRun":true`) {
			clock.Advance(d)
		}
	})
}

// A wait that timed out with stop_on_timeout = false leaves the run unjudged; raising
// rerun_failed_tests 0 -> 3 then resumes it, re-runs twice and applies cleanly. The timeout
// is a minute of the provider's clock (about a second of real time): the requests are paced
// on the real clock, and a shorter one could end the resumed wait between two of them.
func TestResumeRerun_rerunFailedTestsRaised(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	flakyTwice(emu, time.Hour)
	advanceOnRerun(emu, clock, 2*time.Hour)
	cfg := func(reruns int) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 3030\nrerun_failed_tests = %d\nstop_on_timeout = false\ntimeouts {\n create = \"1m\"\n}", reruns))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(0), ExpectError: words("The Testsigma run is still going; the next apply waits for it")},
			{
				// The failed create is tainted: its replacement takes the same run up.
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    cfg(3),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: passedAfterTwoReruns,
			},
			{Config: cfg(3), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	expectTriggers(t, emu, 3)
}

// R26: Ctrl-C with stop_on_interrupt = false leaves the run going and unjudged; the next
// apply (the real CLI, as a user runs it) resumes the wait, re-runs twice and completes.
func TestResumeRerun_afterCtrlC(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	flakyTwice(emu, time.Hour)
	reattach := serveForReattach(t, ctx, Options{Clock: testClock})
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n" +
		runConfig(emu, "test_plan_id = 3030\nrerun_failed_tests = 3\nstop_on_interrupt = false")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	apply, out := terraformCmd(ctx, t, dir, reattach, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	waitFor(ctx, t, exited, "the provider polled the run", func() bool { return emu.Count("GET", "/api/v1/execution_results/{id}") > 0 })
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; !words("The Testsigma run is still going; the next apply waits for it").MatchString(out.String()) {
		t.Fatalf("the interrupted apply (%v) did not leave the run unjudged:\n%s", err, out)
	}
	clock.Advance(2 * time.Hour) // the first run has failed meanwhile
	advanceOnRerun(emu, clock, 2*time.Hour)
	again, err := terraformRun(ctx, t, dir, reattach, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil || strings.Contains(again, "inconsistent result") || !strings.Contains(again, "Apply complete!") {
		t.Fatalf("the resumed apply failed (%v):\n%s", err, again)
	}
	first, _ := emu.Run(5001)
	last, _ := emu.Run(5003)
	if last.Result != "SUCCESS" || last.ReRunParentID != 5002 || first.StopRequests != 0 {
		t.Errorf("run 5003 = %+v, first run stopped %d times: want the chain passed on its second re-run, nothing stopped", last, first.StopRequests)
	}
}
