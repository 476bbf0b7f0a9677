package provider

import (
	"fmt"
	"maps"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
