package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// scenarios is the one table both backends run (see scenarios_backend_test.go). Each
// asserts what holds on any account; what only the emulator can show (its request log,
// the exact counts of its plans) is added with b.onEmulator.
func scenarios() []scenario {
	return []scenario{
		{"passing_run", []string{accPlan, accSavedConfig}, scenarioPassingRun},
		{"failing_run_is_gated", []string{accFailingPlan}, scenarioFailingRun},
		{"on_failure_warning_with_postcondition", []string{accFailingPlan}, scenarioWarning},
		{"import_finished_run", []string{accPlan}, scenarioImport},
		{"refresh_without_api_calls", []string{accPlan}, scenarioRefresh},
		{"timeout_stops_the_run", []string{accPlan}, scenarioTimeout},
		{"run_result_and_junit_report", []string{accPlan}, scenarioRunResultAndJUnit},
		{"saved_configs", []string{accSavedConfig}, scenarioSavedConfigs},
		{"test_plan", []string{accPlan}, scenarioTestPlan},
		{"environment", []string{accEnvironment}, scenarioEnvironment},
		{"action_protocol", []string{accPlan}, scenarioAction},
		{"guide_point_tests_at_deployment", []string{accPlan}, scenarioGuide},
	}
}

var runURL = regexp.MustCompile(`/ui/td/runs/\d+$`)

func (b *backend) runConfig(body string) string {
	return b.providerBlock() + "resource \"testsigma_plan_run\" \"smoke\" {\n" + body + "\n}\n"
}

// triggered fails unless the emulator saw n trigger POSTs: nothing but the apply that
// creates a run may start one.
func triggered(n int) func(*emulator.Server) error {
	return func(emu *emulator.Server) error {
		if got := emu.Count("POST", "/api/v1/execution_results"); got != n {
			return fmt.Errorf("%d trigger POSTs, want %d", got, n)
		}
		return nil
	}
}

func scenarioPassingRun(t *testing.T, b *backend) {
	build := buildNumber("passing")
	config := b.get(t, accSavedConfig)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{{
		Config: b.runConfig(fmt.Sprintf("  test_plan_id = %s\n  saved_config_name = %q\n  build_number = %q\n  runtime_data = { scenario = \"passing_run\" }",
			b.get(t, accPlan), config, build)),
		ConfigStateChecks: []statecheck.StateCheck{
			stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
			stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
			stateAttr(runAddr, "passed", knownvalue.Bool(true)),
			stateAttr(runAddr, "finished", knownvalue.Bool(true)),
			stateAttr(runAddr, "build_number", knownvalue.StringExact(build)),
			stateAttr(runAddr, "failed_tests", knownvalue.ListSizeExact(0)),
			stateAttr(runAddr, "started_at", knownvalue.NotNull()),
			stateAttr(runAddr, "app_url", knownvalue.StringRegexp(runURL)),
		},
		Check: b.onEmulator(func(emu *emulator.Server) error {
			run := emu.Runs()[0]
			if run.BuildNo != build || run.RuntimeData["scenario"] != "passing_run" || run.ConfigName != config {
				return fmt.Errorf("the emulator received build %q, runtime data %v, config %q", run.BuildNo, run.RuntimeData, run.ConfigName)
			}
			return triggered(1)(emu)
		}),
	}}})
}

// A failed run fails the apply, and the run stays in state, tainted, so the next apply
// runs the plan again.
func scenarioFailingRun(t *testing.T, b *backend) {
	plan := b.get(t, accFailingPlan)
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config:      b.runConfig("  test_plan_id = " + plan),
			ExpectError: words(`Testsigma run did not pass`, `Run \d+ of test plan `+plan, `finished with`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted || a["id"] == "" || a["result"] == "SUCCESS" {
						return fmt.Errorf("the failed run is not kept tainted: tainted=%v id=%q result=%q", tainted, a["id"], a["result"])
					}
					want := map[string]string{"passed": "false", "finished": "true"}
					if !b.real() { // the emulator's plan fails two of its four tests
						want["result"], want["failed_count"], want["failed_tests.#"] = "FAILURE", "2", "2"
					}
					return expectAttrs(a, want)
				}),
				b.onEmulator(triggered(1)),
			),
		},
	}})
}

// on_failure = "warning": the apply goes on, a postcondition on the run holds, the outputs
// carry the verdict, and a downstream precondition on `passed` closes the gate (the
// pattern of examples/gating).
func scenarioWarning(t *testing.T, b *backend) {
	cfg := b.runConfig(`  test_plan_id = `+b.get(t, accFailingPlan)+`
  on_failure   = "warning"
  lifecycle {
    postcondition {
      condition     = self.finished && self.result != null
      error_message = "the run has no verdict"
    }
  }`) + `
output "passed"       { value = testsigma_plan_run.smoke.passed }
output "failed_count" { value = testsigma_plan_run.smoke.failed_count }
`
	gate := cfg + `
resource "terraform_data" "deploy_next" {
  input = testsigma_plan_run.smoke.id
  lifecycle {
    precondition {
      condition     = testsigma_plan_run.smoke.passed
      error_message = "Smoke run ${testsigma_plan_run.smoke.id} did not pass"
    }
  }
}
`
	failed := knownvalue.Int64Func(func(n int64) error {
		if n < 1 || !b.real() && n != 2 {
			return fmt.Errorf("failed_count = %d", n)
		}
		return nil
	})
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("passed", knownvalue.Bool(false)),
				statecheck.ExpectKnownOutputValue("failed_count", failed),
			},
		},
		{Config: gate, ExpectError: words(`Smoke run \d+ did not pass`)},
	}})
}

// Importing a finished run reads it once and plans no change, by id or by import block.
func scenarioImport(t *testing.T, b *backend) {
	cfg := b.runConfig(fmt.Sprintf("  test_plan_id = %s\n  build_number = %q", b.get(t, accPlan), buildNumber("import")))
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{Config: cfg},
		{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateVerify: true},
		{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateKind: resource.ImportBlockWithID,
			Check: b.onEmulator(triggered(1))},
	}})
}

// A finished run never changes: refreshing it costs no request (the emulator counts them),
// and the plan after it is empty (both backends).
func scenarioRefresh(t *testing.T, b *backend) {
	cfg := b.runConfig("  test_plan_id = " + b.get(t, accPlan))
	before := 0
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{Config: cfg},
		{
			PreConfig: func() {
				if !b.real() {
					before = len(b.emu.Requests())
				}
			},
			RefreshState: true,
			Check: b.onEmulator(func(emu *emulator.Server) error {
				if n := len(emu.Requests()) - before; n != 0 {
					return fmt.Errorf("refreshing a finished run made %d API requests, want 0", n)
				}
				return nil
			}),
		},
		{Config: cfg, PlanOnly: true},
	}})
}

// The create timeout (10s, the least allowed) passes on a plan that runs longer: the apply
// fails, the run is stopped (this run only) and kept in state, tainted.
func scenarioTimeout(t *testing.T, b *backend) {
	b.test(t, resource.TestCase{Steps: []resource.TestStep{
		{
			Config:      b.runConfig("  test_plan_id = " + b.longPlan + "\n  stop_on_timeout = true\n  timeouts {\n    create = \"10s\"\n  }"),
			ExpectError: words(`Timed out waiting for the Testsigma run`, `stopped in Testsigma`),
		},
		{
			RefreshState:       true,
			ExpectNonEmptyPlan: true,
			Check: resource.ComposeAggregateTestCheckFunc(
				checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted || a["id"] == "" || a["passed"] != "false" {
						return fmt.Errorf("the timed-out run is not kept tainted: tainted=%v id=%q passed=%q", tainted, a["id"], a["passed"])
					}
					return nil
				}),
				b.onEmulator(func(emu *emulator.Server) error {
					if run := emu.Runs()[0]; run.StopRequests != 1 || run.Result != "STOPPED" {
						return fmt.Errorf("%d stop requests, result %q; want 1 and STOPPED", run.StopRequests, run.Result)
					}
					return nil
				}),
			),
		},
	}})
}
