package provider

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The provider page's own example, applied as written: its postcondition
// (`self.passed && coalesce(self.failed_count, 0) == 0`) is the gate users copy.
const planRunExample = "../../examples/resources/testsigma_plan_run/resource.tf"

// exampleGateEmulator serves what the example looks up: the plan "Smoke - checkout", which
// re-runs its failed tests by itself, and the saved config "Chrome smoke". "Pay now" fails
// in its first flakyRuns attempts.
func exampleGateEmulator(t *testing.T, flakyRuns int) *emulator.Server {
	t.Helper()
	emu := newEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 1001, Name: "Smoke - checkout", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE",
		ReRunType: "ONLY_FAILED_TESTS", Cases: []emulator.Case{
			{ID: 1, Name: "Login", Result: "SUCCESS", SuiteName: "Auth"},
			{ID: 2, Name: "Checkout", Result: "SUCCESS", SuiteName: "Checkout"},
			{ID: 3, Name: "Pay now", FlakyRuns: flakyRuns, SuiteName: "Checkout"},
		}})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	return emu
}

// exampleConfig is the example file with the provider pointed at emu, and extra lines put
// at the top of its testsigma_plan_run block.
func exampleConfig(t *testing.T, emu *emulator.Server, extra string) string {
	t.Helper()
	src, err := os.ReadFile(planRunExample)
	if err != nil {
		t.Fatal(err)
	}
	const open = "resource \"testsigma_plan_run\" \"smoke\" {\n"
	if !strings.Contains(string(src), open) || !strings.Contains(string(src), "postcondition") {
		t.Fatalf("%s no longer has the gated testsigma_plan_run this test applies", planRunExample)
	}
	return providerBlock(emu) + strings.Replace(withoutRequiredProviders(string(src)), open, open+extra, 1)
}

// requiredProviders is the terraform block the examples open with, naming the provider by its
// registry address. The tests serve the provider in process under the address
// terraform-plugin-testing gives it, so they apply the rest of the example without it.
var requiredProviders = regexp.MustCompile(`(?s)terraform \{\n  required_providers \{\n.*?\n\}\n`)

func withoutRequiredProviders(src string) string {
	return requiredProviders.ReplaceAllString(src, "")
}

// After Testsigma's automatic re-run passes, the example's gate passes: every attribute it
// reads tells of the re-run that decided, not of the first attempt's failure.
func TestExampleGate_passesWhenTheAutomaticRerunPasses(t *testing.T) {
	t.Parallel()
	emu := exampleGateEmulator(t, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:          exampleConfig(t, emu, ""),
			ConfigVariables: config.Variables{"release": config.StringVariable("v1.4.2")},
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				stateAttr(runAddr, "failed_count", knownvalue.Int64Exact(0)),
				stateAttr(runAddr, "rerun_ids", knownvalue.ListSizeExact(0)),
				stateAttr("terraform_data.promote", "output", knownvalue.StringExact("v1.4.2")),
			},
		}},
	})
	if n := len(emu.Runs()); n != 2 {
		t.Errorf("%d runs, want the run and its automatic re-run", n)
	}
}

// When the automatic re-run fails too, the example's gate fails the apply, also with
// on_failure = "warning" (the case its comment says the postcondition is there for).
func TestExampleGate_failsWhenTheAutomaticRerunFails(t *testing.T) {
	t.Parallel()
	emu := exampleGateEmulator(t, 99)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:          exampleConfig(t, emu, "  on_failure = \"warning\"\n"),
			ConfigVariables: config.Variables{"release": config.StringVariable("v1.4.2")},
			ExpectError:     regexp.MustCompile(`(?s)Resource postcondition failed.*Smoke run 5001 did not pass \(FAILURE\)`),
		}},
	})
}

// The guide "Gate a deployment" lets one flaky case through its tolerant gate
// (`total_count - passed_count <= 1`, examples/guides/gate-a-deployment/tolerant.tf).
const gateGuideDir = "../../examples/guides/gate-a-deployment"

// gateGuideConfig is the guide's main.tf and tolerant.tf, on emu, whose "Regression -
// payments" re-runs its failed tests by itself; its two flaky cases fail in their first
// flakyRuns attempts.
func gateGuideConfig(t *testing.T, flakyRuns int) (*emulator.Server, string) {
	t.Helper()
	emu := newEmulator(t, emulator.Options{})
	ok := func(id int64, name string) emulator.Case { return emulator.Case{ID: id, Name: name, Result: "SUCCESS"} }
	emu.AddPlan(emulator.Plan{ID: 1001, Name: "Smoke - checkout", QueuedPolls: 1, RunningPolls: 1, Result: "SUCCESS", Cases: []emulator.Case{ok(1, "Login")}})
	emu.AddPlan(emulator.Plan{ID: 1002, Name: "Regression - payments", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", ReRunType: "ONLY_FAILED_TESTS",
		Cases: []emulator.Case{ok(11, "Card"), ok(12, "Refund"), ok(13, "Wallet"),
			{ID: 14, Name: "3-D Secure", FlakyRuns: flakyRuns}, {ID: 15, Name: "Partial refund", FlakyRuns: flakyRuns}}})
	var b strings.Builder
	b.WriteString(providerBlock(emu))
	for _, f := range []string{"main.tf", "tolerant.tf"} {
		src, err := os.ReadFile(gateGuideDir + "/" + f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(withoutRequiredProviders(string(src)))
	}
	if !strings.Contains(b.String(), "self.total_count - self.passed_count <= 1") {
		t.Fatalf("%s/tolerant.tf no longer has the tolerant gate this test applies", gateGuideDir)
	}
	return emu, b.String()
}

// Two cases fail, and Testsigma's automatic re-run passes them: the tolerant gate counts
// the re-run that decided, so the release goes on.
func TestExampleGate_tolerantGatePassesWhenTheAutomaticRerunPasses(t *testing.T) {
	t.Parallel()
	_, cfg := gateGuideConfig(t, 1)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: config.Variables{"release": config.StringVariable("v1.4.2")},
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr("testsigma_plan_run.regression", "passed", knownvalue.Bool(true)),
				stateAttr("terraform_data.release_notes", "output", knownvalue.StringExact("v1.4.2")),
			},
		}},
	})
}

// The two cases fail in the automatic re-run too: more than one did not pass, and the
// tolerant gate stops the apply.
func TestExampleGate_tolerantGateFailsWhenTheAutomaticRerunFails(t *testing.T) {
	t.Parallel()
	_, cfg := gateGuideConfig(t, 99)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:          cfg,
			ConfigVariables: config.Variables{"release": config.StringVariable("v1.4.2")},
			ExpectError:     regexp.MustCompile(`(?s)Resource postcondition failed.*2 of 2 test cases did not pass`),
		}},
	})
}

// The testsigma_run_result page's example gates a release on a run started elsewhere
// (examples/data-sources/testsigma_run_result/data-source.tf): its postcondition passes when
// Testsigma's automatic re-run passed, and when the re-run failed it fails with the counts
// of the re-run that decided.
func TestExampleGate_runResultExampleJudgesTheAutomaticRerun(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("../../examples/data-sources/testsigma_run_result/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		flakyRuns int
		wantErr   *regexp.Regexp
	}{
		{1, nil},
		{99, regexp.MustCompile(`(?s)Resource postcondition failed.*did not pass: 2 of 2 test cases failed`)},
	} {
		emu, _ := gateGuideConfig(t, tt.flakyRuns)
		id := config.IntegerVariable(emu.StartRun(1002))
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{
				Config:          providerBlock(emu) + string(src),
				ConfigVariables: config.Variables{"nightly_run_id": id, "release_candidate_run_id": id},
				ExpectError:     tt.wantErr,
				// A data source in a check block is read again on every plan.
				ExpectNonEmptyPlan: true,
			}},
		})
	}
}
