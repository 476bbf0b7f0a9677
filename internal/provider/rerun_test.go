package provider

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const planFlaky, planBroken, planAborted, planAutoRerun = 3001, 3002, 3003, 3004

// rerunEmulator has a plan whose "Pay now" fails in its first flakyRuns attempts.
func rerunEmulator(t *testing.T) *emulator.Server {
	t.Helper()
	emu := planRunEmulator(t, emulator.Options{})
	cases := func(flaky int) []emulator.Case {
		return []emulator.Case{
			{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
			{ID: 2, Name: "Pay now", FlakyRuns: flaky, SuiteName: "Checkout", FailStep: "Click on Pay now", FailMessage: "Element is not displayed"},
		}
	}
	emu.AddPlan(emulator.Plan{ID: planFlaky, Name: "Flaky", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: cases(1)})
	emu.AddPlan(emulator.Plan{ID: planBroken, Name: "Broken", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: cases(99)})
	emu.AddPlan(emulator.Plan{ID: planAborted, Name: "No machine", RunningPolls: 1, Result: "ABORTED"})
	emu.AddPlan(emulator.Plan{ID: planAutoRerun, Name: "Self re-running", RunningPolls: 1, Result: "FAILURE", AutoReruns: 1, Cases: cases(1)})
	return emu
}

// rerunPOSTs counts the manual re-runs the emulator was asked for.
func rerunPOSTs(emu *emulator.Server) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == "POST" && strings.Contains(string(r.Body), `"isReRun":true`) {
			n++
		}
	}
	return n
}

// A flaky test that fails once does not block the release: its re-run passes, the apply
// passes, exactly one re-run picked exactly the failed test, and nothing changes after.
func TestRerun_flakyPlanPassesOnTheFirstRerun(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	cfg := runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 2", planFlaky))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "passed", knownvalue.Bool(true)),
					stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
					stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(1)),
					stateAttr(runAddr, "failed_test_cases", knownvalue.ListSizeExact(0)),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	runs := emu.Runs()
	if len(runs) != 2 || rerunPOSTs(emu) != 1 || runs[1].ReRunParentID != runs[0].ID || len(runs[1].CaseIDs) != 1 {
		t.Errorf("%d runs, %d re-run POSTs; re-run %+v: want one re-run of the first run picking its one failed case", len(runs), rerunPOSTs(emu), runs[len(runs)-1])
	}
}

// A test that keeps failing: N re-runs, each of the last attempt; the apply fails naming the
// last attempt and why the test failed; every id stays in state.
func TestRerun_keepsFailing(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 2", planBroken)),
				ExpectError: words(`Testsigma run did not pass`, `Run 5003 of test plan 3002 \(Broken\) finished with FAILURE`,
					`Pay now \(Checkout, Chrome\): Click on Pay now: Element is not displayed`,
					`Details: http://127\.0\.0\.1:\d+/ui/td/runs/5003`, `Re-ran the failed tests 2 times \(runs 5002, 5003\)`, `First run: .*/ui/td/runs/5001`),
			},
			{
				RefreshState: true, ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted {
						return fmt.Errorf("a failed run must be tainted")
					}
					return expectAttrs(a, map[string]string{
						"id": "5001", "rerun_ids.#": "2", "rerun_ids.0": "5002", "rerun_ids.1": "5003", "passed": "false",
						"failed_test_cases.#": "1", "failed_test_cases.0.name": "Pay now", "failed_test_cases.0.step": "Click on Pay now",
						"failed_test_cases.0.message": "Element is not displayed", "failed_test_cases.0.suite": "Checkout", "failed_tests.0": "Pay now",
					})
				}),
			},
		},
	})
	runs := emu.Runs()
	if len(runs) != 3 || runs[1].ReRunParentID != runs[0].ID || runs[2].ReRunParentID != runs[1].ID {
		t.Errorf("runs %+v: want a chain of re-runs, each of the one before", runs)
	}
}

// A run that failed with nothing failed to pick is not re-run, and the error says why.
func TestRerun_abortedRunIsNotRerun(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 3", planAborted)),
			ExpectError: words(`finished with ABORTED`, `Not re-run: the run did not pass but no test case failed`),
		}},
	})
	if n := rerunPOSTs(emu); n != 0 {
		t.Errorf("%d re-run POSTs, want none", n)
	}
}

// Testsigma's own automatic re-run is followed: it decides, and no manual re-run is needed.
func TestRerun_automaticRerunIsFollowed(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 1", planAutoRerun)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(0)),
			},
		}},
	})
	if n, runs := rerunPOSTs(emu), emu.Runs(); n != 0 || len(runs) != 2 {
		t.Errorf("%d manual re-run POSTs and %d runs, want none and the automatic child", n, len(runs))
	}
}

// A timeout during a re-run whose status reads all fail keeps every id and sends no stop:
// nothing newer than the re-run's own answer says it still goes.
func TestRerun_timeoutDuringARerunWhoseReadsFailSendsNoStop(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && strings.Contains(string(r.Body), `"isReRun":true`) {
			// From now on the status reads fail, so the wait runs out during the re-run.
			emu.Fault("GET /api/v1/execution_results/{id}", emulator.Status(503))
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{
			{
				Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 2\ntimeouts {\n create = \"2m\"\n}", planBroken)),
				// Every status read fails, so nothing newer than the re-run's own answer says it
				// goes: no stop is sent from that old read, and the provider says so.
				ExpectError: words(`Timed out waiting for the Testsigma run`, `run 5002 could not be read to check that it was still going, so it was not stopped`),
			},
			{
				PreConfig: emu.ClearFaults, RefreshState: true, ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					if second, _ := emu.Run(5002); second.StopRequests != 0 {
						return fmt.Errorf("the re-run got %d stops at the timeout, want none", second.StopRequests)
					}
					return expectAttrs(a, map[string]string{"id": "5001", "rerun_ids.#": "1", "rerun_ids.0": "5002"})
				}),
			},
		},
	})
	// The destroy, reading the re-run going, stops it (and only it).
	first, _ := emu.Run(5001)
	second, _ := emu.Run(5002)
	if first.StopRequests != 0 || second.StopRequests != 1 {
		t.Errorf("stops: first run %d (want 0), re-run %d (want 1, the destroy's)", first.StopRequests, second.StopRequests)
	}
}

// Why tests failed is best effort: when step results cannot be read the verdict stands and
// the message is left empty (a warning says so; Terraform's test harness does not show
// warnings, so the protocol-level action tests check its wording); and it never costs more
// than 10 reads.
func TestRerun_reasonsAreBestEffortAndBounded(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	many := emulator.Plan{ID: 3010, Name: "Many failures", RunningPolls: 1, Result: "FAILURE"}
	for i := range 15 {
		many.Cases = append(many.Cases, emulator.Case{ID: int64(100 + i), Name: fmt.Sprintf("case %02d", i), Result: "FAILURE", SuiteName: "S"})
	}
	emu.AddPlan(many)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 3010"),
			ExpectError: words(`case 00 \(S, Chrome\)`, `case 09 \(S, Chrome\)`, `and 5 more`),
		}},
	})
	reads := emu.Count("GET", "/api/v1/test_runs/{id}/test_case_results/{id}/step_results") + emu.Count("GET", "/api/v2/test_runs/{id}/test_case_results/{id}/step_results")
	if reads == 0 || reads > 10 {
		t.Errorf("%d step-result reads for 15 failed cases, want between 1 and 10", reads)
	}

	emu.Fault("GET /api/v1/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	emu.Fault("GET /api/v2/test_runs/{id}/test_case_results/{id}/step_results", emulator.Status(404))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      runConfig(emu, fmt.Sprintf("test_plan_id = %d", planBroken)),
				ExpectError: words(`Testsigma run did not pass`, `- Pay now \(Checkout, Chrome\): FAILURE`),
			},
			{
				RefreshState: true, ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					if a["failed_test_cases.0.message"] != "" {
						return fmt.Errorf("message = %q, want none", a["failed_test_cases.0.message"])
					}
					return expectAttrs(a, map[string]string{"passed": "false", "failed_test_cases.0.name": "Pay now"})
				}),
			},
		},
	})
}

// A re-run whose answer is lost (the connection dropped after Testsigma made it) is found
// through its parent and adopted: one re-run POST, one re-run, and the apply passes.
func TestRerun_lostRerunAnswerIsNotDoubled(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	first := true
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" && first {
			first = false
			emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once()) // the re-run's POST
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 2", planFlaky)),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true)), stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(1))},
		}},
	})
	if n, runs := rerunPOSTs(emu), emu.Runs(); n != 1 || len(runs) != 2 {
		t.Errorf("%d re-run POSTs and %d runs, want 1 and 2", n, len(runs))
	}
}

// targetInputs run a plan against environment 7, build b-42 and an app version.
const targetInputs = "environment_id = 7\nbuild_number = \"b-42\"\nupload_versions = { \"31\" = \"901\" }\n"

// expectRerunTarget: the manual re-run's POST body named the trigger's environment, build
// and upload versions, and the re-run ran against them. The emulator's default is the
// open-source rule, a re-run takes its target from its body, else the plan's own (E19b).
func expectRerunTarget(t *testing.T, emu *emulator.Server, rerunID int64) {
	t.Helper()
	st, ok := emu.Run(rerunID)
	if !ok || st.Rerun == nil {
		t.Fatalf("run %d is not a manual re-run", rerunID)
	}
	b := st.Rerun
	if b.EnvironmentID == nil || *b.EnvironmentID != 7 || b.BuildNo == nil || *b.BuildNo != "b-42" || !maps.Equal(b.UploadVersions, map[string]string{"31": "901"}) {
		t.Errorf("re-run body: environment %v, build %v, upload versions %v; want 7, b-42, {31: 901}", b.EnvironmentID, b.BuildNo, b.UploadVersions)
	}
	if st.EnvironmentID == nil || *st.EnvironmentID != 7 || st.BuildNo != "b-42" {
		t.Errorf("the re-run ran against environment %v, build %q: want the ones asked for", st.EnvironmentID, st.BuildNo)
	}
}

// Rule 8.1.7 (harm 7) through the real CLI: rerun_failed_tests re-runs the failed test
// against the environment and build the apply asked for, not the plan's own.
func TestRerunTarget_resourceRerunsTheSameTarget(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, fmt.Sprintf("test_plan_id = %d\nrerun_failed_tests = 1\n%s", planFlaky, targetInputs)),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true)), stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(1))},
		}},
	})
	expectRerunTarget(t, emu, 5002)
}

// The action builds its re-runs' target from the same inputs, through the same function.
func TestRerunTarget_actionRerunsTheSameTarget(t *testing.T) {
	t.Parallel()
	emu := rerunEmulator(t)
	h := configuredHarness(t, emu)
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planFlaky, "rerun_failed_tests": 1,
		"environment_id": 7, "build_number": "b-42", "upload_versions": map[string]string{"31": "901"}}, nil)
	expectNoDiags(t, "invoke", got.diags)
	expectRerunTarget(t, emu, 5002)
}

// Rule 8.1.6 (harm 6) through the real CLI: the plan re-runs failed runs by itself, and its
// automatic re-run appears 10 s after the first run reads COMPLETED/FAILURE (the emulator's
// AutoRerunDelay, a guess: api-evidence row 29). The apply waits for it and passes on its
// verdict, and rerun_failed_tests sends no manual re-run next to it.
func TestAutoRerunGrace_applyPassesOnTheDelayedAutomaticRerun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock, AutoRerunDelay: 10 * time.Second})
	emu.AddPlan(emulator.Plan{ID: planAutoRerun, Name: "Self re-running", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", AutoReruns: 1,
		Cases: []emulator.Case{
			{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
			{ID: 2, Name: "Pay now", FlakyRuns: 1, SuiteName: "Checkout"},
		}})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "test_plan_id = 3004\nrerun_failed_tests = 2"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(0)),
			},
		}},
	})
	if n, runs := rerunPOSTs(emu), len(emu.Runs()); n != 0 || runs != 2 {
		t.Errorf("%d manual re-run POSTs and %d runs: want none, and the run with its automatic re-run", n, runs)
	}
}
