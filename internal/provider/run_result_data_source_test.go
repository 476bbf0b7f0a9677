package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Plans of runs "started elsewhere" (emu.StartRun). The first two have no phases, so their
// runs are finished from the start, like yesterday's nightly run.
const (
	planNightly  = 2001 // three passing cases
	planCheckout = 2002 // fails: one data-driven case with a failing data set
	planQuick    = 2003 // finishes after two polls queued and two running
)

const runResultAddr = "data.testsigma_run_result.r"

func runResultEmulator(t *testing.T) *emulator.Server {
	emu := planRunEmulator(t, emulator.Options{})
	ok := func(id int64, name string) emulator.Case {
		return emulator.Case{ID: id, Name: name, Result: "SUCCESS", SuiteID: 1, SuiteName: "Smoke"}
	}
	emu.AddPlan(emulator.Plan{ID: planNightly, Name: "Nightly", Result: "SUCCESS", Cases: []emulator.Case{ok(31, "Login"), ok(32, "Search"), ok(33, "Checkout")}})
	emu.AddPlan(emulator.Plan{ID: planCheckout, Name: "Checkout", Result: "FAILURE", Cases: []emulator.Case{
		{ID: 41, Name: "Login", Result: "SUCCESS", SuiteID: 4, SuiteName: "Checkout", Machine: "Firefox"},
		{ID: 42, Name: "Pay by card", Result: "FAILURE", SuiteID: 4, SuiteName: "Checkout", Machine: "Firefox", DataDriven: true,
			Iterations: []emulator.Iteration{{SetName: "visa", Result: "SUCCESS"}, {SetName: "amex", Result: "FAILURE"}}},
	}})
	emu.AddPlan(emulator.Plan{ID: planQuick, Name: "Quick", QueuedPolls: 2, RunningPolls: 2, Result: "SUCCESS", Cases: []emulator.Case{ok(51, "Login")}})
	return emu
}

func runResultConfig(emu *emulator.Server, body string) string {
	return providerBlock(emu) + "data \"testsigma_run_result\" \"r\" {\n" + body + "\n}\n"
}

func TestRunResult_passingRun(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	id := emu.StartRun(planNightly)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runResultConfig(emu, fmt.Sprintf("run_id = %d", id)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runResultAddr, "id", knownvalue.StringExact(fmt.Sprint(id))),
				stateAttr(runResultAddr, "test_plan_id", knownvalue.Int64Exact(planNightly)),
				stateAttr(runResultAddr, "test_plan_name", knownvalue.StringExact("Nightly")),
				stateAttr(runResultAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
				stateAttr(runResultAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runResultAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runResultAddr, "finished", knownvalue.Bool(true)),
				stateAttr(runResultAddr, "total_count", knownvalue.Int64Exact(3)),
				stateAttr(runResultAddr, "passed_count", knownvalue.Int64Exact(3)),
				stateAttr(runResultAddr, "failed_count", knownvalue.Int64Exact(0)),
				stateAttr(runResultAddr, "failed_tests", knownvalue.ListSizeExact(0)),
				stateAttr(runResultAddr, "finished_at", knownvalue.NotNull()),
				stateAttr(runResultAddr, "build_number", knownvalue.Null()),
				stateAttr(runResultAddr, "environment_id", knownvalue.Null()),
				stateAttr(runResultAddr, "app_url", knownvalue.StringExact(fmt.Sprintf("%s/ui/td/runs/%d", emu.URL(), id))),
				stateAttr(runResultAddr, "test_cases", knownvalue.ListSizeExact(3)),
				statecheck.ExpectKnownValue(runResultAddr, tfjsonpath.New("test_cases").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"test_case_id": knownvalue.Int64Exact(31), "name": knownvalue.StringExact("Login"), "result": knownvalue.StringExact("SUCCESS"),
					"suite_id": knownvalue.Int64Exact(1), "suite_name": knownvalue.StringExact("Smoke"), "machine_title": knownvalue.StringExact("Chrome"),
					"data_driven": knownvalue.Bool(false), "iterations": knownvalue.ListSizeExact(0),
				})),
			},
		}},
	})
	if n := emu.Count("", "/api/v1/execution_results") + emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("reading a run sent %d triggers or stops", n)
	}
}

func TestRunResult_failingRunWithDataDrivenCase(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	id := emu.StartRun(planCheckout)
	failedTests := knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Pay by card")})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      runResultConfig(emu, fmt.Sprintf("run_id = %d\naccepted_results = [\"PASSED\"]", id)),
				ExpectError: words(`"PASSED" is how parts of Testsigma's documentation spell it`, `write "SUCCESS"`),
			},
			{
				// A failed run is a result, not an error: gating is left to check blocks and postconditions.
				Config: runResultConfig(emu, fmt.Sprintf("run_id = %d", id)),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runResultAddr, "result", knownvalue.StringExact("FAILURE")),
					stateAttr(runResultAddr, "passed", knownvalue.Bool(false)),
					stateAttr(runResultAddr, "message", knownvalue.StringExact("Test plan execution failed")),
					stateAttr(runResultAddr, "total_count", knownvalue.Int64Exact(2)),
					stateAttr(runResultAddr, "passed_count", knownvalue.Int64Exact(1)),
					stateAttr(runResultAddr, "failed_count", knownvalue.Int64Exact(1)),
					stateAttr(runResultAddr, "failed_tests", failedTests),
					statecheck.ExpectKnownValue(runResultAddr, tfjsonpath.New("test_cases").AtSliceIndex(1), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"test_case_id": knownvalue.Int64Exact(42), "name": knownvalue.StringExact("Pay by card"), "result": knownvalue.StringExact("FAILURE"),
						"suite_id": knownvalue.Int64Exact(4), "suite_name": knownvalue.StringExact("Checkout"), "machine_title": knownvalue.StringExact("Firefox"),
						"data_driven": knownvalue.Bool(true),
						"iterations": knownvalue.ListExact([]knownvalue.Check{
							knownvalue.ObjectExact(map[string]knownvalue.Check{"set_name": knownvalue.StringExact("visa"), "result": knownvalue.StringExact("SUCCESS")}),
							knownvalue.ObjectExact(map[string]knownvalue.Check{"set_name": knownvalue.StringExact("amex"), "result": knownvalue.StringExact("FAILURE")}),
						}),
					})),
				},
			},
			{
				// accepted_results decides `passed` only; failed_tests still names what failed.
				Config: runResultConfig(emu, fmt.Sprintf("run_id = %d\naccepted_results = [\"SUCCESS\", \"FAILURE\"]", id)),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runResultAddr, "passed", knownvalue.Bool(true)),
					stateAttr(runResultAddr, "failed_tests", failedTests),
				},
			},
		},
	})
}

func TestRunResult_waitsForARunningRun(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	id := emu.StartRun(planQuick)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runResultConfig(emu, fmt.Sprintf("run_id = %d\nwait_for_completion = true", id)),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runResultAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
				stateAttr(runResultAddr, "finished", knownvalue.Bool(true)),
				stateAttr(runResultAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runResultAddr, "test_cases", knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{"result": knownvalue.StringExact("SUCCESS")})})),
			},
		}},
	})
	// Two polls saw STATUS_CREATED and two STATUS_IN_PROGRESS before the one that finished.
	if run, _ := emu.Run(id); run.StatusPolls < 5 || run.StopRequests != 0 {
		t.Errorf("status polls = %d (want >= 5), stops = %d (want 0)", run.StatusPolls, run.StopRequests)
	}
}

func TestRunResult_timeoutIsAnErrorAndNeverStopsTheRun(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	id := emu.StartRun(planLong)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				// 20s of the scaled clock is 0.4 s of wall time: enough for the first poll to
				// answer on a loaded machine running tests side by side, which 2s was not.
				Config: runResultConfig(emu, fmt.Sprintf("run_id = %d\nwait_for_completion = true\ntimeouts {\n read = \"20s\"\n}", id)),
				ExpectError: words(`Timed out waiting for the Testsigma run`, `The read timeout \(20s\) passed`, `never stops it`,
					fmt.Sprintf(`Run %d of test plan 1005 \(Long\) is STATUS_`, id)),
			},
			{
				// Without waiting, a running run reads as it is.
				Config: runResultConfig(emu, fmt.Sprintf("run_id = %d", id)),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runResultAddr, "finished", knownvalue.Bool(false)),
					stateAttr(runResultAddr, "passed", knownvalue.Bool(false)),
					stateAttr(runResultAddr, "status", knownvalue.StringRegexp(regexp.MustCompile(`^STATUS_(CREATED|IN_PROGRESS)$`))),
					stateAttr(runResultAddr, "finished_at", knownvalue.Null()),
					stateAttr(runResultAddr, "failed_tests", knownvalue.ListSizeExact(0)),
					statecheck.ExpectKnownValue(runResultAddr, tfjsonpath.New("test_cases").AtSliceIndex(0).AtMapKey("result"), knownvalue.StringExact("QUEUED")),
				},
			},
		},
	})
	if run, _ := emu.Run(id); run.StopRequests != 0 || run.Status == "STATUS_COMPLETED" {
		t.Errorf("after a timed-out read: %d stop requests, status %s; want 0 and still going", run.StopRequests, run.Status)
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("the data source sent %d stop requests for a run it did not start", n)
	}
}

func TestRunResult_unknownRunIDIsAnError(t *testing.T) {
	t.Parallel()
	emu := runResultEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: runResultConfig(emu, "run_id = 4242"), ExpectError: words(`Testsigma run not found`, `Run 4242 not found in Testsigma`)},
			{Config: runResultConfig(emu, "run_id = 4242\nwait_for_completion = true"), ExpectError: words(`Run 4242 not found in Testsigma`)},
			{Config: runResultConfig(emu, "run_id = 0"), ExpectError: regexp.MustCompile(`value must be at least 1`)},
		},
	})
}
