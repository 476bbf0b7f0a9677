package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const runAddr = "testsigma_plan_run.smoke"

func runConfig(emu *emulator.Server, body string) string {
	return providerBlock(emu) + "resource \"testsigma_plan_run\" \"smoke\" {\n" + body + "\n}\n"
}

func TestPlanRun_passingRunSendsEveryInput(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, `
  test_plan_id      = 1001
  saved_config_name = "Chrome smoke"
  environment_id    = 7
  build_number      = "2026.11.28-1"
  runtime_data      = { user = "qa", password = "s3cret" }
  upload_versions   = { "31" = "901" }
`),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "id", knownvalue.StringRegexp(regexp.MustCompile(`^\d+$`))),
				stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "finished", knownvalue.Bool(true)),
				stateAttr(runAddr, "message", knownvalue.StringExact("Test plan execution completed")),
				stateAttr(runAddr, "test_plan_name", knownvalue.StringExact("Smoke")),
				stateAttr(runAddr, "total_count", knownvalue.Int64Exact(3)),
				stateAttr(runAddr, "passed_count", knownvalue.Int64Exact(3)),
				stateAttr(runAddr, "failed_count", knownvalue.Int64Exact(0)),
				stateAttr(runAddr, "failed_tests", knownvalue.ListSizeExact(0)),
				stateAttr(runAddr, "started_at", knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT`))),
				stateAttr(runAddr, "finished_at", knownvalue.NotNull()),
				stateAttr(runAddr, "duration_seconds", knownvalue.NotNull()),
				stateAttr(runAddr, "app_url", knownvalue.StringRegexp(regexp.MustCompile(`^`+regexp.QuoteMeta(emu.URL())+`/ui/td/runs/\d+$`))),
				// Wait-setting defaults.
				stateAttr(runAddr, "wait_for_completion", knownvalue.Bool(true)),
				stateAttr(runAddr, "on_failure", knownvalue.StringExact("error")),
				stateAttr(runAddr, "accepted_results", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("SUCCESS")})),
			},
		}},
	})
	run := onlyRun(t, emu)
	if run.PlanID != 1001 || run.BuildNo != "2026.11.28-1" || run.EnvironmentID == nil || *run.EnvironmentID != 7 ||
		run.ConfigName != "Chrome smoke" || run.RuntimeData["user"] != "qa" || run.RuntimeData["password"] != "s3cret" || run.UploadVersions["31"] != "901" {
		t.Errorf("the emulator received %+v", run)
	}
	var body map[string]any
	for _, r := range emu.Requests() {
		if r.Method == "POST" {
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Fatal(err)
			}
		}
	}
	if body["executionId"] != float64(1001) || body["executionConfig"].(map[string]any)["name"] != "Chrome smoke" {
		t.Errorf("trigger body = %v", body)
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
		t.Errorf("a passing run was stopped %d times", n)
	}
}

func TestPlanRun_savedConfigIDIsSentAsID(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, "test_plan_id = 1001\nsaved_config_id = 11"),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
	if run := onlyRun(t, emu); run.ConfigID == nil || *run.ConfigID != 11 {
		t.Errorf("executionConfig id = %v, want 11", run.ConfigID)
	}
}

func TestPlanRun_failingRunFailsTheApplyAndIsKept(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := runConfig(emu, "test_plan_id = 1002")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: words(`Testsigma run did not pass`, `Run \d+ of test plan 1002 \(Payments\) finished with FAILURE: Test plan execution failed\.`, `4 test cases: 2 passed, 2 failed\.`, `Failed tests:`, `- Pay by card \(Payments, Chrome\): Click on Pay now`, `- Refund \(Payments, Chrome\)`, `Details: http://127\.0\.0\.1:\d+/ui/td/runs/\d+`),
			},
			{
				RefreshState: true,
				// The kept run is tainted, so a plan after the refresh replaces it.
				ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted {
						return fmt.Errorf("a failed run must be tainted so the next apply runs the plan again")
					}
					return expectAttrs(a, map[string]string{"result": "FAILURE", "passed": "false", "finished": "true", "failed_count": "2", "passed_count": "2", "failed_tests.#": "2", "failed_tests.0": "Pay by card"})
				}),
			},
		},
	})
	expectTriggers(t, emu, 1)
}

func TestPlanRun_onFailureWarningLetsTheApplyGoOn(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, `
  test_plan_id = 1002
  on_failure   = "warning"
`) + `output "gate" { value = testsigma_plan_run.smoke.failed_count }`,
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(false)),
				stateAttr(runAddr, "result", knownvalue.StringExact("FAILURE")),
				stateAttr(runAddr, "failed_tests", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("Pay by card"), knownvalue.StringExact("Refund")})),
				statecheck.ExpectKnownOutputValue("gate", knownvalue.Int64Exact(2)),
			},
		}},
	})
}

func TestPlanRun_acceptedResultsDecideThePass(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, `test_plan_id = 1002`+"\n"+`accepted_results = ["SUCCESS", "FAILURE"]`),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
}

func TestPlanRun_docsSpellingAndNullCounts(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerBlock(emu) + `
resource "testsigma_plan_run" "passed_word" { test_plan_id = 1003 }
resource "testsigma_plan_run" "null_counts" { test_plan_id = 1004 }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("testsigma_plan_run.passed_word", tfjsonpath.New("result"), knownvalue.StringExact("SUCCESS")),
				statecheck.ExpectKnownValue("testsigma_plan_run.passed_word", tfjsonpath.New("passed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("testsigma_plan_run.null_counts", tfjsonpath.New("passed"), knownvalue.Bool(true)),
				statecheck.ExpectKnownValue("testsigma_plan_run.null_counts", tfjsonpath.New("total_count"), knownvalue.Null()),
				statecheck.ExpectKnownValue("testsigma_plan_run.null_counts", tfjsonpath.New("failed_count"), knownvalue.Null()),
			},
		}},
	})
}

// Plan 1006 answers STATUS_CREATED to its first three polls: the wait must keep polling
// through them, then through STATUS_IN_PROGRESS, and end on the first poll that shows the result.
func TestPlanRun_waitsThroughStatusCreated(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	url, polled := pollLog(t, emu)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            providerWith(url, emu.APIKey()) + "resource \"testsigma_plan_run\" \"smoke\" {\n  test_plan_id = 1006\n}\n",
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "finished", knownvalue.Bool(true)), stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
	want := []string{"STATUS_CREATED", "STATUS_CREATED", "STATUS_CREATED", "STATUS_IN_PROGRESS", "STATUS_COMPLETED"}
	if got := polled(); !slices.Equal(got, want) {
		t.Errorf("the polls saw %q, want %q", got, want)
	}
	if run := onlyRun(t, emu); run.StopRequests != 0 {
		t.Errorf("stops = %d, want 0", run.StopRequests)
	}
}

func TestPlanRun_fireAndForgetThenRefreshToCompletion(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	cfg := runConfig(emu, "test_plan_id = 1005\nwait_for_completion = false")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_CREATED")),
					stateAttr(runAddr, "finished", knownvalue.Bool(false)),
					stateAttr(runAddr, "passed", knownvalue.Bool(false)),
				},
			},
			{
				PreConfig: func() { clock.Advance(2 * 3600e9) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
					stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
					stateAttr(runAddr, "finished", knownvalue.Bool(true)),
					stateAttr(runAddr, "passed", knownvalue.Bool(true)),
					stateAttr(runAddr, "total_count", knownvalue.Int64Exact(3)),
				},
			},
		},
	})
	expectTriggers(t, emu, 1)
}

func TestPlanRun_timeoutStopsTheRunAndKeepsIt(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      runConfig(emu, "test_plan_id = 1005\ntimeouts {\n create = \"10s\"\n}"),
				ExpectError: words(`Timed out waiting for the Testsigma run`, `stopped in Testsigma \(only this run\)`, `The run id is kept in state`),
			},
			{
				RefreshState: true,
				// The kept run is tainted, so a plan after the refresh replaces it.
				ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, tainted bool) error {
					if !tainted || a["id"] == "" {
						return fmt.Errorf("timed-out run not kept tainted: tainted=%v id=%q", tainted, a["id"])
					}
					return expectAttrs(a, map[string]string{"result": "STOPPED", "status": "STATUS_COMPLETED", "passed": "false"})
				}),
			},
		},
	})
	run := onlyRun(t, emu)
	if run.StopRequests != 1 {
		t.Errorf("stop requests = %d, want 1", run.StopRequests)
	}
	for _, r := range emu.Requests() {
		if r.Method == "PUT" && !strings.Contains(string(r.Body), `"canStopAll":false`) {
			t.Errorf("stop body %s does not limit the stop to this run", r.Body)
		}
	}
}

// A wait that times out as a warning leaves the run going and in state, not stopped: a later
// apply picks the same run up and moves it on to its result, without starting another.
func TestPlanRun_timeoutAsWarningKeepsWaitingLater(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	cfg := runConfig(emu, "test_plan_id = 1005\non_timeout = \"warning\"\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}")
	sameRun := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "finished", knownvalue.Bool(false)),
					stateAttr(runAddr, "status", knownvalue.StringRegexp(regexp.MustCompile(`STATUS_(CREATED|IN_PROGRESS)`))),
					sameRun.AddStateValue(runAddr, tfjsonpath.New("id")),
				},
				Check: func(*terraform.State) error {
					if run := onlyRun(t, emu); run.StopRequests != 0 {
						return fmt.Errorf("stop_on_timeout = false, yet %d stops were sent", run.StopRequests)
					}
					return nil
				},
			},
			{
				// The plan's hour of running passes; the next apply waits on to the result.
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
					stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
					stateAttr(runAddr, "finished", knownvalue.Bool(true)),
					stateAttr(runAddr, "passed", knownvalue.Bool(true)),
					sameRun.AddStateValue(runAddr, tfjsonpath.New("id")),
				},
			},
		},
	})
	expectTriggers(t, emu, 1)
}

func TestPlanRun_triggersChangeStartsExactlyOneNewRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	newID := statecheck.CompareValue(compare.ValuesDiffer())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:            runConfig(emu, "test_plan_id = 1001\ntriggers = { release = \"1.0\" }"),
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(runAddr, tfjsonpath.New("id"))},
			},
			{
				Config: runConfig(emu, "test_plan_id = 1001\ntriggers = { release = \"1.1\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{newID.AddStateValue(runAddr, tfjsonpath.New("id"))},
			},
		},
	})
	expectTriggers(t, emu, 2)
}

func TestPlanRun_waitSettingsChangeNeverStartsARun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	sameID := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:            runConfig(emu, "test_plan_id = 1002\non_failure = \"warning\""),
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(runAddr, tfjsonpath.New("id")), stateAttr(runAddr, "passed", knownvalue.Bool(false))},
			},
			{
				Config: runConfig(emu, `
  test_plan_id     = 1002
  on_failure       = "warning"
  poll_interval    = "5s"
  accepted_results = ["SUCCESS", "FAILURE"]
  stop_on_destroy  = false
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(runAddr, tfjsonpath.New("passed"), knownvalue.Bool(true)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{sameID.AddStateValue(runAddr, tfjsonpath.New("id")), stateAttr(runAddr, "passed", knownvalue.Bool(true))},
			},
		},
	})
	expectTriggers(t, emu, 1)
}

func TestPlanRun_importThenEmptyPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := runConfig(emu, "test_plan_id = 1001\nbuild_number = \"b-42\"\nenvironment_id = 3")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateVerify: true},
			{ResourceName: runAddr, Config: cfg, ImportState: true, ImportStateKind: resource.ImportBlockWithID},
		},
	})
}

func TestPlanRun_importRejectsANonNumericID(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			ResourceName: runAddr, Config: runConfig(emu, "test_plan_id = 1001"), ImportState: true, ImportStateId: "run-5001",
			ExpectError: regexp.MustCompile(`"run-5001" is not a run id`),
		}},
	})
}

func TestPlanRun_destroyStopsARunStillGoing(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, "test_plan_id = 1005\nwait_for_completion = false"),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "finished", knownvalue.Bool(false))},
		}},
		CheckDestroy: func(*terraform.State) error {
			run := onlyRun(t, emu)
			if run.StopRequests != 1 || run.Result != "STOPPED" {
				return fmt.Errorf("after destroy: %d stop requests, result %q; want 1 and STOPPED", run.StopRequests, run.Result)
			}
			return nil
		},
	})
}

func TestPlanRun_destroyLeavesFinishedRunsAlone(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: runConfig(emu, "test_plan_id = 1001")}},
		CheckDestroy: func(*terraform.State) error {
			if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 0 {
				return fmt.Errorf("destroy sent %d stop requests for a finished run", n)
			}
			return nil
		},
	})
}

func TestPlanRun_unknownPlanShowsTheServerMessage(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 999"),
			ExpectError: words(`Cannot start the Testsigma run`, `no run of test plan 999 was started`, `Could not find resource with id:\s*999`),
		}},
	})
	// The trigger was sent and refused: no run exists.
	if runs := emu.Runs(); len(runs) != 0 {
		t.Errorf("emulator has %d runs", len(runs))
	}
}

func TestPlanRun_alreadyRunningIsReadable(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{RejectConcurrent: true})
	emu.StartRun(planLong)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 1005"),
			ExpectError: words(`Test plan is already running`, `refused to start test plan 1005`, `No run was started`),
		}},
	})
}

// A connection dropped after the server made the run: the run is found and adopted, so the
// apply records and waits for the one run there is.
func TestPlanRun_ambiguousTriggerAdoptsTheRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.DropAfter().Once())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, "test_plan_id = 1001"),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
	expectTriggers(t, emu, 1)
	if run := onlyRun(t, emu); run.StatusPolls == 0 {
		t.Error("the run was never polled")
	}
}

// A saved_config_id that does not exist fails at plan time too, like a wrong name.
func TestPlanRun_unknownSavedConfigIDFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 1001\nsaved_config_id = 12"),
			PlanOnly:    true,
			ExpectError: words(`Saved config not found`, `No saved execution config has id 12`, `testsigma_saved_configs`),
		}},
	})
	expectTriggers(t, emu, 0)
}

func TestPlanRun_unknownSavedConfigNameFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 1001\nsaved_config_name = \"Chrome smoek\""),
			PlanOnly:    true,
			ExpectError: words(`Saved config not found`, `Closest names: "Chrome smoke"`),
		}},
	})
	expectTriggers(t, emu, 0)
}

func TestPlanRun_planTimeValidation(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cases := map[string]struct{ body, want string }{
		"plan id zero":          {"test_plan_id = 0", `value must be at least 1`},
		"both config selectors": {"test_plan_id = 1\nsaved_config_id = 2\nsaved_config_name = \"x\"", `(?i)cannot be specified when`},
		"bad duration":          {"test_plan_id = 1\npoll_interval = \"ten seconds\"", `(?i)duration`},
		"short duration":        {"test_plan_id = 1\npoll_interval = \"100ms\"", `shorter than 1s`},
		"interval over timeout": {"test_plan_id = 1\npoll_interval = \"10m\"\ntimeouts {\n create = \"5m\"\n}", `poll_interval is 10m0s but timeouts.create is 5m0s`},
		"docs spelling":         {"test_plan_id = 1\naccepted_results = [\"PASSED\"]", `(?s)"PASSED" is how parts of Testsigma's documentation spell it.*write\s+"SUCCESS"`},
		"unknown result":        {"test_plan_id = 1\naccepted_results = [\"GREEN\"]", `"GREEN" is not a Testsigma result`},
		"on_failure":            {"test_plan_id = 1\non_failure = \"ignore\"", `(?s)on_failure.*value must be one of`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, tc.body), PlanOnly: true, ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// After the parallel subtests, which run once this function returns.
	t.Cleanup(func() { expectTriggers(t, emu, 0) })
}

// Finished runs never change, so refreshing them costs no API call: a plan over many
// finished runs stays fast and does not eat into the account's request budget. Five runs
// show it as well as twenty did (one request per run would be five), for a quarter of the
// Terraform work: twenty made this the suite's second-longest test.
func TestPlanRun_refreshOfFinishedRunsMakesNoAPICalls(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := providerBlock(emu) + `
resource "testsigma_plan_run" "many" {
  count        = 5
  test_plan_id = 1001
}
`
	var before int
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig:    func() { before = len(emu.Requests()) },
				RefreshState: true,
				Check: func(*terraform.State) error {
					if n := len(emu.Requests()) - before; n != 0 {
						return fmt.Errorf("refreshing 5 finished runs made %d API requests, want 0", n)
					}
					return nil
				},
			},
		},
	})
	expectTriggers(t, emu, 5)
}

// A replacement run expects to take as long as the run it replaces; an explicit hint wins,
// and is known at plan time.
func TestPlanRun_replacementExpectsThePreviousDuration(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	emu.AddPlan(emulator.Plan{ID: 2001, Name: "Timed", Queued: 10 * time.Second, Running: 80 * time.Second, Result: "SUCCESS"})
	// Each status poll moves the emulator's time on, so the run takes 90 simulated seconds.
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" {
			clock.Advance(20 * time.Second)
		}
	})
	carried := statecheck.CompareValue(compare.ValuesSame())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"1\" }"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "expected_duration_seconds", knownvalue.Null()),
					stateAttr(runAddr, "duration_seconds", knownvalue.Int64Exact(90)),
					carried.AddStateValue(runAddr, tfjsonpath.New("duration_seconds")),
				},
			},
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"2\" }"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "expected_duration_seconds", knownvalue.Int64Exact(90)),
					carried.AddStateValue(runAddr, tfjsonpath.New("expected_duration_seconds")),
				},
			},
			{
				Config: runConfig(emu, "test_plan_id = 2001\ntriggers = { v = \"3\" }\nexpected_duration = \"10m\""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(runAddr, tfjsonpath.New("expected_duration_seconds"), knownvalue.Int64Exact(600)),
				}},
			},
		},
	})
}

// fakePrivate is private state as a map, for the plan-time rules that read it.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }
func (p fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

// A replacement stops the old run with the stop_on_destroy it was recorded with: when the
// configuration now says false, the plan warns that the new value comes too late for it.
// Terraform's test harness does not show warnings, so the rule is checked here directly.
func TestPlanWarning_stopOnDestroyChangedInAReplacement(t *testing.T) {
	t.Parallel()
	running := func(stop bool) planRunModel {
		var m planRunModel
		m.ID, m.StopOnDestroy, m.Finished = types.StringValue("5001"), types.BoolValue(stop), types.BoolValue(false)
		return m
	}
	ctx := context.Background()
	if d := recordedFrom(ctx, running(true), fakePrivate{}).replaceWarning(running(false)); len(d) != 1 || !strings.Contains(d[0].Detail(), "run 5001 is still going") || !strings.Contains(d[0].Detail(), "apply stop_on_destroy = false on its own first") {
		t.Errorf("no warning, or the wrong one: %v", d)
	}
	finished := running(true)
	finished.Finished = types.BoolValue(true)
	for name, tc := range map[string]struct {
		state, plan planRunModel
		private     fakePrivate
	}{
		"unchanged":            {running(true), running(true), fakePrivate{}},
		"already false":        {running(false), running(false), fakePrivate{}},
		"finished run":         {finished, running(false), fakePrivate{}},
		"imported, never ours": {running(true), running(false), fakePrivate{keyImported: []byte("true")}},
	} {
		if d := recordedFrom(ctx, tc.state, tc.private).replaceWarning(tc.plan); len(d) != 0 {
			t.Errorf("%s: unexpected warning %v", name, d)
		}
	}
}

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
