package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// What TF_LOG=INFO shows of one apply of testsigma_plan_run, waiting or not: the run's link
// (its trigger) once, no empty "()", and no line about defaults the user never set.
// Not parallel: TF_LOG and TF_ACC_LOG_PATH are the process's environment.
func TestPlanRun_infoLogOfOneApplyIsReadable(t *testing.T) {
	for name, body := range map[string]string{
		"waiting":     "test_plan_id = 1001",
		"not waiting": "test_plan_id = 1005\nwait_for_completion = false",
	} {
		t.Run(name, func(t *testing.T) {
			emu := planRunEmulator(t, emulator.Options{})
			logPath := filepath.Join(t.TempDir(), "terraform.log")
			t.Setenv("TF_LOG", "INFO")
			t.Setenv("TF_ACC_LOG_PATH", logPath)
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: runConfig(emu, body)}},
			})
			lines := providerInfoLines(t, logPath)
			if n := countContaining(lines, "/ui/td/runs/5001"); n != 1 {
				t.Errorf("the run's trigger (its link) is logged %d times, want once:\n%s", n, strings.Join(lines, "\n"))
			}
			for _, l := range lines {
				if strings.Contains(l, "()") || strings.Contains(l, "configuration not found") {
					t.Errorf("unreadable INFO line: %s", l)
				}
			}
		})
	}
}

// providerInfoLines are the provider's own INFO lines in a Terraform log, without the
// fields Terraform adds.
func providerInfoLines(t *testing.T, logPath string) []string {
	t.Helper()
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		if _, msg, ok := strings.Cut(l, "[INFO]  testsigma: "); ok {
			lines = append(lines, msg)
		}
	}
	if len(lines) == 0 {
		t.Fatal("the log holds no INFO line of the provider")
	}
	return lines
}

func countContaining(lines []string, s string) int {
	n := 0
	for _, l := range lines {
		if strings.Contains(l, s) {
			n++
		}
	}
	return n
}
