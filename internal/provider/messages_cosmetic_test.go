package provider

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

func count(n int64) *int64 { return &n }

// D16 (b) (R23): of 3,000 failed cases, 10 are named and state keeps 50; the summary counts
// the 2,990 others from the run's counts, not the 40 others it holds.
func TestD16b_andMoreCountsEveryFailure(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
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

// D16 (e): a retry before the first good poll is logged about the run being followed, never
// as run_id=0 (the retry event carries no run: nothing has been read yet).
func TestD16e_retryBeforeTheFirstPollHasNoRunIDZero(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logEvents(tflogtest.RootLogger(t.Context(), &buf))
	log(testsigma.Event{Kind: testsigma.EventStarted, Run: testsigma.Run{ID: 5001, TestPlanID: 1001}})
	log(testsigma.Event{Kind: testsigma.EventRetrying, Err: fmt.Errorf("503"), Failures: 1})
	entries, err := tflogtest.MultilineJSONDecode(&buf)
	if err != nil || len(entries) != 2 {
		t.Fatalf("%d log entries, %v:\n%s", len(entries), err, buf.String())
	}
	if id := entries[1]["run_id"]; id != float64(5001) || !strings.Contains(entries[1]["@message"].(string), "run 5001") {
		t.Errorf("the retry is logged as %v (run_id %v), want it about run 5001", entries[1]["@message"], id)
	}
}

// D16 (f) (R24): a resumed wait whose run answers 404 keeps its last known status and
// result in state, as the warning says.
func TestD16f_runGoneOnResumeKeepsItsLastKnownState(t *testing.T) {
	t.Parallel()
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
