package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// Through the real CLI, on the runs listing as Testsigma documents it
// (api/test-results-at-all-levels.md, revision ad26c61e: items without status, environment
// or config, no promised order, pagination {page, pageSize, isLast, totalElements}): a lost
// trigger answer never becomes a second run, and the run in state is the one this apply made.
func TestFidelity_lostAnswersOnTheDocumentedListing(t *testing.T) {
	t.Parallel()
	documentedListing := emulator.Options{} // the emulator's default is the documented shape
	cases := map[string]struct {
		opts        emulator.Options
		setup       func(*emulator.Server)
		args        string
		fault       emulator.Fault
		posts, runs int
	}{
		// Issue #19's first case (api-evidence harm 1, Demo A).
		"environment_id set, 502 after the run was made": {
			opts: documentedListing, args: "environment_id = 21\n  build_number = \"v1.2\"",
			fault: emulator.After(502), posts: 1, runs: 1,
		},
		// Harm 2 (Demo B): 25 older runs, oldest first, 20 to a page.
		"a busy plan listed oldest first": {
			opts: documentedListing, setup: func(emu *emulator.Server) {
				for range 25 {
					emu.StartRun(planPass)
				}
			},
			args: "build_number = \"b05\"", fault: emulator.After(504), posts: 1, runs: 26,
		},
		// Harm 4: a load balancer's {"message"} 500, after the run was made, and before.
		"gateway 500 after the run was made": {
			opts: documentedListing, fault: emulator.Fault{Status: 500, AfterHandle: true, Body: `{"message": "Internal server error"}`},
			posts: 1, runs: 1,
		},
		"gateway 500, nothing made": {
			opts: documentedListing, fault: emulator.StatusBody(500, "application/json", `{"message": "Internal server error"}`),
			posts: 2, runs: 1,
		},
		// Harm 4, rule 1: the run shows in the listing only 20 s after it was made.
		"a listing that lags": {
			opts: emulator.Options{ListingLag: 20e9}, fault: emulator.After(503), posts: 1, runs: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Clock = testClock
			emu := planRunEmulator(t, tc.opts)
			if tc.setup != nil {
				tc.setup(emu)
			}
			emu.Fault("POST /api/v1/execution_results", tc.fault.Once())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, "test_plan_id = "+itoa64(planPass)+"\n  "+tc.args),
					ConfigStateChecks: []statecheck.StateCheck{
						stateAttr(runAddr, "passed", knownvalue.Bool(true)),
						stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
							if runs := emu.Runs(); id != itoa64(runs[len(runs)-1].ID) || runs[len(runs)-1].TriggeredType != "API" {
								return fmt.Errorf("state has run %s, not the run this apply started", id)
							}
							return nil
						})),
					},
				}},
			})
			expectTriggers(t, emu, tc.posts)
			if runs := emu.Runs(); len(runs) != tc.runs {
				t.Errorf("the emulator has %d runs, want %d", len(runs), tc.runs)
			}
		})
	}
}

// Harm 3 and D1 through the CLI: a genuine 503 (nothing made) while another pipeline's API
// run of the same plan, with the same (empty) build number, finished moments ago. That run
// is not adopted, judged or stopped: the apply starts and records its own.
func TestFidelity_anotherPipelinesRunIsNeverAdopted(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	theirs := triggerElsewhere(t, emu, planFail)
	emu.Fault("POST /api/v1/execution_results", emulator.Status(503).Once())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "test_plan_id = "+itoa64(planFail)+"\n  on_failure = \"warning\""),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
					if id == itoa64(theirs) {
						return fmt.Errorf("state records run %s, the other pipeline's", id)
					}
					return nil
				})),
			},
		}},
	})
	if st, _ := emu.Run(theirs); st.StopRequests != 0 {
		t.Errorf("the other pipeline's run got %d stop requests", st.StopRequests)
	}
	expectTriggers(t, emu, 3) // theirs, the refused one, and the one retry
}

// triggerElsewhere starts a run of the plan through the API, as another pipeline would (its
// triggeredType is API, unlike emulator.StartRun's SCHEDULED), and returns its id.
func triggerElsewhere(t *testing.T, emu *emulator.Server, planID int64) int64 {
	t.Helper()
	c, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.Trigger(t.Context(), testsigma.TriggerRequest{TestPlanID: planID})
	if err != nil {
		t.Fatal(err)
	}
	return run.ID
}

// R04 (D1): a replacement whose trigger gets a genuine 503 (nothing made) does not adopt
// the run it replaces, which is the plan's newest and matches every input: the watermark
// read before the trigger puts it out of reach, and the one retry starts the new run.
func TestFidelity_replacementNeverAdoptsTheReplacedRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	var first string
	cfg := func(release string) string {
		return runConfig(emu, "test_plan_id = "+itoa64(planPass)+"\n  triggers = { release = \""+release+"\" }")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{
			{Config: cfg("v1"), ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
				first = id
				return nil
			}))}},
			{
				PreConfig: func() { emu.Fault("POST /api/v1/execution_results", emulator.Status(503).Once()) },
				Config:    cfg("v2"),
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
					if id == first {
						return fmt.Errorf("the replacement records run %s, the run it replaced", id)
					}
					return nil
				}))},
			},
		},
	})
	expectTriggers(t, emu, 3) // v1, the refused one, and the retry
}
