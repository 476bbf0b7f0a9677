package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The first run of a plan whose cases finish one by one, through the real Terraform CLI on
// the scaled clock: the apply records the finished run, and the wait spent no more status
// requests than a steady 15-second poll would on a run of that length. How soon it noticed
// the end is measured by `make bench`, not asserted here.
func TestPlanRun_firstRunWithMovingCountsStaysWithinTheBudget(t *testing.T) {
	t.Parallel()
	const length, queued = 10 * time.Minute, 10 * time.Second
	emu := newEmulator(t, emulator.Options{Clock: testClock})
	cases := make([]emulator.Case, 60)
	for i := range cases {
		cases[i] = emulator.Case{ID: int64(i + 1), Name: fmt.Sprintf("Case %d", i+1), Result: "SUCCESS", SuiteID: 1, SuiteName: "Smoke"}
	}
	emu.AddPlan(emulator.Plan{ID: 2101, Name: "One by one", Queued: queued, Running: length - queued,
		Progressive: true, Seed: 15, Result: "SUCCESS", Cases: cases})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "test_plan_id = 2101"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "finished", knownvalue.Bool(true)),
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "total_count", knownvalue.Int64Exact(60)),
			},
		}},
	})
	run := onlyRun(t, emu)
	var polls []emulator.Request
	for _, r := range emu.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, fmt.Sprintf("/api/v1/execution_results/%d", run.ID)) {
			polls = append(polls, r)
		}
	}
	budget := int((length + testsigma.DefaultPollInterval - 1) / testsigma.DefaultPollInterval)
	t.Logf("%d status requests (the 15s poll's budget: %d)", len(polls), budget)
	if len(polls) == 0 || len(polls) > budget {
		t.Errorf("%d status requests for a %v run, want between 1 and the 15s poll's %d", len(polls), length, budget)
	}
	if last := polls[len(polls)-1]; last.At.Before(run.Ended) {
		t.Errorf("the last status request came at %v, before the run ended at %v", last.At, run.Ended)
	}
	// The counts were what it went by: without them no gap exceeds the 15s ceiling.
	longest := time.Duration(0)
	for i := 1; i < len(polls); i++ {
		longest = max(longest, polls[i].At.Sub(polls[i-1].At))
	}
	if longest <= testsigma.DefaultPollInterval {
		t.Errorf("the longest gap between polls was %v: the moving counts were not used", longest)
	}
}
