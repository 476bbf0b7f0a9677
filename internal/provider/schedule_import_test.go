package provider

import (
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The documented import (`terraform import testsigma_schedule.nightly 21`) on an account
// with only the documented endpoints, where reading a schedule answers 405: the import
// keeps the id alone and says so (not the detect_drift advice meant for a refresh), the
// plan shows the update that sends the configuration, and after that apply all is quiet.
func TestSchedule_importOnDocumentedEndpointsKeepsIDAndAppliesConfig(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	w := newCLIWorkdir(t, 11, emu, `
resource "testsigma_schedule" "nightly" {
  test_plan_id  = 1001
  name          = "Nightly"
  schedule_type = "DAILY"
  next_interval = "2026-12-24T09:30:00"
  timezone      = "EST"
}
`)
	if out, code := w.apply(); code != 0 {
		t.Fatalf("create exited %d:\n%s", code, out)
	}
	w.run("state", "rm", "testsigma_schedule.nightly")
	emu.EditSchedule(21, func(s *emulator.Schedule) { s.Name = "Renamed in the UI" })

	out, code := w.run("import", "-input=false", "testsigma_schedule.nightly", "21")
	attrs, _, ok := w.stateOf("testsigma_schedule.nightly")
	if code != 0 || !ok || attrs["id"] != "21" || attrs["detect_drift"] != false {
		t.Fatalf("import: exit %d, state %v; want 0, id \"21\" and detect_drift false", code, attrs)
	}
	if !words(`Schedule imported by its id alone`, `next apply sends the whole schedule`).MatchString(out) || strings.Contains(out, "Set detect_drift = false") {
		t.Errorf("the import does not say that only the id was kept and what the next apply does:\n%s", out)
	}
	if out, code := w.run("plan", "-detailed-exitcode", "-input=false"); code != 2 || !strings.Contains(out, "update in-place") {
		t.Errorf("plan after the import exited %d, want 2 with an update in place:\n%s", code, out)
	}
	if out, code := w.apply(); code != 0 || onlySchedule(t, emu).Name != "Nightly" {
		t.Errorf("apply after the import exited %d, schedule %+v; want 0 and the configured name:\n%s", code, onlySchedule(t, emu), out)
	}
	if out, code := w.run("plan", "-detailed-exitcode", "-input=false"); code != 0 || strings.Contains(out, "Warning") {
		t.Errorf("plan after that apply exited %d, want 0 with no warning:\n%s", code, out)
	}
}
