package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// startedElsewhere is a finished run started outside Terraform (CI, a schedule) with every
// input a trigger can record: an environment, a saved config, a build number, runtime data.
func startedElsewhere(t *testing.T, emu *emulator.Server) int64 {
	t.Helper()
	env, config := int64(21), int64(11)
	emu.AddSavedConfig(emulator.SavedConfig{ID: config, Name: "Chrome smoke", Query: "[]"})
	emu.AddPlan(emulator.Plan{ID: listPlan, Name: "Listed", Result: "FAILURE", Cases: []emulator.Case{{Name: "a", Result: "FAILURE"}}})
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	run, err := client.Trigger(t.Context(), testsigma.TriggerRequest{
		TestPlanID: listPlan, EnvironmentID: &env, BuildNumber: "1.4.2",
		Config: &testsigma.ExecutionConfig{ID: &config}, RuntimeData: map[string]string{"url": "https://staging.example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return run.ID
}

const importsOnly = "Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."

// `terraform query -generate-config-out` writes blocks that adopt the run: planning them
// imports it and changes nothing, and applying them starts no run.
func TestListResource_cliGeneratedConfigOnlyImports(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	runID := startedElsewhere(t, emu)
	w := newCLIWorkdir(t, 14, emu, "")
	w.write("runs.tfquery.hcl", fmt.Sprintf(`
list "testsigma_plan_run" "recent" {
  provider = testsigma

  config {
    test_plan_id = %d
  }
}
`, listPlan))
	if _, code := w.run("query", "-generate-config-out=generated.tf"); code != 0 {
		t.Fatalf("terraform query exited %d", code)
	}
	generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil || !strings.Contains(string(generated), fmt.Sprint(runID)) {
		t.Fatalf("generated.tf (%v) does not adopt run %d:\n%s", err, runID, generated)
	}
	if out, code := w.run("plan", "-input=false"); code != 0 || !strings.Contains(out, importsOnly) {
		t.Errorf("planning the generated configuration: exit %d; want %q\n%s", code, importsOnly, generated)
	}
	if _, code := w.apply(); code != 0 || triggers(emu) != 1 {
		t.Errorf("applying it: exit %d, %d triggers in all; want 0 and 1 (no new run)", code, triggers(emu))
	}
}

// `import { identity = { id = … } }` adopts a run started elsewhere: with a configuration
// that matches what the run says of itself (its saved config and runtime data it does not
// say, so the configuration leaves them out, as the resource's page asks), the plan only
// imports, and applying it starts no run.
func TestIdentity_cliImportByIdentity(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	runID := startedElsewhere(t, emu)
	w := newCLIWorkdir(t, 12, emu, fmt.Sprintf(`
import {
  to       = testsigma_plan_run.adopted
  identity = { id = %d }
}

resource "testsigma_plan_run" "adopted" {
  test_plan_id   = %d
  environment_id = 21
  build_number   = "1.4.2"
}
`, runID, listPlan))
	if out, code := w.run("plan", "-input=false"); code != 0 || !strings.Contains(out, importsOnly) {
		t.Errorf("planning the import: exit %d; want %q", code, importsOnly)
	}
	if _, code := w.apply(); code != 0 || triggers(emu) != 1 {
		t.Errorf("applying it: exit %d, %d triggers in all; want 0 and 1 (no new run)", code, triggers(emu))
	}
	if attrs, _, ok := w.stateOf("testsigma_plan_run.adopted"); !ok || attrs["id"] != fmt.Sprint(runID) {
		t.Errorf("state has %v, want run %d", attrs, runID)
	}
}
