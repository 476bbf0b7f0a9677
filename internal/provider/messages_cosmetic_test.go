package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

func count(n int64) *int64 { return &n }

// D16 (b) (R23): of 3,000 failed cases, 10 are named and state keeps 50; the summary counts
// the 2,990 others from the run's counts, not the 40 others it holds.
func TestD16b_andMoreCountsEveryFailure(t *testing.T) {
	failed := make([]testsigma.FailedCase, testsigma.MaxFailedCases)
	for i := range failed {
		failed[i] = testsigma.FailedCase{Name: fmt.Sprint("Case ", i), Result: "FAILURE"}
	}
	run := testsigma.Run{ID: 5001, TestPlanID: 1, Finished: true, Result: "FAILURE", Counts: testsigma.Counts{Total: count(3000), Passed: count(0), Failed: count(3000)}}
	if s := runSummary(run, failed, "u"); !strings.Contains(s, "- and 2990 more") {
		t.Errorf("summary:\n%s", s)
	}
	run.Counts = testsigma.Counts{}
	if s := runSummary(run, failed, "u"); !strings.Contains(s, "- and 40 more") {
		t.Errorf("without counts, the cases held are what is known:\n%s", s)
	}
}

// D16 (d): no "0 test cases." for a run not started, and "1 test case".
func TestD16d_countsGrammar(t *testing.T) {
	for want, c := range map[string]testsigma.Counts{
		"":                        {Total: count(0), Passed: count(0)},
		"1 test case.":            {Total: count(1)},
		"1 test case: 1 passed.":  {Total: count(1), Passed: count(1)},
		"2 test cases: 1 failed.": {Total: count(2), Failed: count(1)},
	} {
		if got := countsText(c); got != want {
			t.Errorf("countsText = %q, want %q", got, want)
		}
	}
}

// D16 (e): a retry before the first good poll logs no run_id=0 (the context carries the id).
func TestD16e_retryBeforeTheFirstPollHasNoRunIDZero(t *testing.T) {
	f := progressFields(testsigma.Event{Kind: testsigma.EventRetrying, Err: fmt.Errorf("503")})
	if _, ok := f["run_id"]; ok {
		t.Errorf("fields %v", f)
	}
	if f := progressFields(testsigma.Event{Kind: testsigma.EventPolled, Run: testsigma.Run{ID: 5001, Status: "STATUS_CREATED"}}); f["run_id"] != int64(5001) {
		t.Errorf("fields %v", f)
	}
}

// D16 (f) (R24): a resumed wait whose run answers 404 keeps its last known status and
// result in state, as the warning says.
func TestD16f_runGoneOnResumeKeepsItsLastKnownState(t *testing.T) {
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}")
	var before map[string]string
	kept := checkKept(runAddr, func(a map[string]string, _ bool) error {
		if before == nil {
			before = a
			return nil
		}
		for _, k := range []string{"id", "status", "result"} {
			if a[k] != before[k] {
				return fmt.Errorf("%s went from %q to %q", k, before[k], a[k])
			}
		}
		return nil
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectNonEmptyPlan: true, Check: kept},
			{
				PreConfig:   func() { emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(404)) },
				Config:      cfg,
				ExpectError: words("404"),
			},
			{RefreshState: true, ExpectNonEmptyPlan: true, Check: kept},
		},
	})
	if before["status"] == "" {
		t.Fatal("the first apply recorded no status")
	}
}
