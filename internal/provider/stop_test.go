package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// D5 (reliability-probe R31, R32) through the real CLI: the stop's answer is lost after
// Testsigma stopped the run: the probe's repro (a 503 after the stop was made), and what
// a second stop would hear (500 "No Queued executions", sent here as the first answer). The
// stop is sent once: a second one could end another run of the plan. The run reads STOPPED
// after the stop we asked for, so the apply is a timeout with the run stopped, and with
// on_failure = "warning" and on_timeout = "error" it FAILS: a timeout is never let through
// as an ordinary "did not pass".
func TestStop_lostStopAnswerFailsATimedOutApply(t *testing.T) {
	t.Parallel()
	noQueued := `{"timeStamp":null,"error":"No Queued executions for test plan - Long","code":"No Queued executions for test plan - Long","fieldErrors":null,"objectErrors":null}`
	for name, lost := range map[string]emulator.Fault{
		"503 after the stop":   emulator.After(503),
		"nothing left to stop": {Status: 500, Body: noQueued, AfterHandle: true},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			emu := planRunEmulator(t, emulator.Options{})
			emu.Fault("PUT /api/v1/execution_results/{id}", lost.Once())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesWith(Options{Clock: stopGraceClock()}),
				Steps: []resource.TestStep{{
					Config:      runConfig(emu, fmt.Sprintf("test_plan_id = %d\non_failure = \"warning\"\ntimeouts {\n create = \"12s\"\n}", planLong)),
					ExpectError: words(`Timed out waiting for the Testsigma run`, `The run was stopped in Testsigma`),
				}},
			})
			if run, puts := onlyRun(t, emu), emu.Count("PUT", "/api/v1/execution_results/{id}"); run.Result != "STOPPED" || puts != 1 {
				t.Errorf("run %s after %d PUTs: want STOPPED by the one stop, never sent again", run.Result, puts)
			}
		})
	}
}

// Destroying a run whose re-run is going stops the re-run (the attempt that runs), after
// reading it; the first run, finished, gets no stop. (Until now destroy read and stopped
// only the first run, so the re-run went on.)
func TestStop_destroyStopsTheRerunGoing(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	emu.AddPlan(emulator.Plan{ID: 3020, Name: "Slow", Running: 10 * time.Minute, Result: "FAILURE",
		Cases: []emulator.Case{{ID: 1, Name: "Pay now", Result: "FAILURE", SuiteName: "Checkout"}}})
	var once sync.Once
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "GET" && r.Path == "/api/v1/execution_results/5001" {
			once.Do(func() { clock.Advance(11 * time.Minute) }) // the first run fails; its re-run then goes on
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 3020\nrerun_failed_tests = 1\nstop_on_timeout = false\ntimeouts {\n create = \"1m\"\n}"),
			ExpectError: words("The Testsigma run is still going; the next apply waits for it"), // left unjudged
		}},
		CheckDestroy: func(*terraform.State) error {
			first, _ := emu.Run(5001)
			second, _ := emu.Run(5002)
			if first.StopRequests != 0 || second.StopRequests != 1 || second.Result != "STOPPED" {
				return fmt.Errorf("after destroy: first run %d stops, re-run %d stops (%s); want 0, and 1 with STOPPED", first.StopRequests, second.StopRequests, second.Result)
			}
			return nil
		},
	})
}

// terraformRun runs the Terraform CLI in dir against the provider served in this process and
// returns its output.
func terraformRun(ctx context.Context, t *testing.T, dir, reattach string, args ...string) (string, error) {
	t.Helper()
	cmd, out := terraformCmd(ctx, t, dir, reattach, args...)
	err := cmd.Run()
	return out.String(), err
}

// On destroy, with another pipeline's run of the plan going (it started first): Testsigma's
// stop may end the plan's oldest going run whatever run it names, so the destroy sends no
// stop at all. It says so, names the other run and our run's page; both runs go on.
func TestStop_destroyWithAnotherRunOfThePlanGoingDoesNotStopAndSaysSo(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	emu := planRunEmulator(t, emulator.Options{})
	theirs := emu.StartRun(planLong)
	reattach := serveForReattach(t, ctx, Options{Clock: testClock})
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n" +
		runConfig(emu, fmt.Sprintf("test_plan_id = %d\nwait_for_completion = false", planLong))
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := terraformRun(ctx, t, dir, reattach, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	id := stateRunID(t, filepath.Join(dir, "terraform.tfstate"))
	out, err := terraformRun(ctx, t, dir, reattach, "destroy", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		t.Fatalf("destroy: %v\n%s", err, out)
	}
	if !words("Warning: The Testsigma run was not stopped", "did not stop run "+id, "going \\("+strconv.FormatInt(theirs, 10)+"\\)", "/ui/td/runs/"+id).MatchString(out) {
		t.Errorf("the destroy does not say why the run was not stopped:\n%s", out)
	}
	other, _ := emu.Run(theirs)
	mine, _ := emu.Run(atoi64(t, id))
	if mine.Status == "STATUS_COMPLETED" || other.Status == "STATUS_COMPLETED" || emu.Count("PUT", "/api/v1/execution_results/{id}") != 0 {
		t.Errorf("ours %s, theirs %s, after %d PUTs: want both going, no stop", mine.Status, other.Status, emu.Count("PUT", "/api/v1/execution_results/{id}"))
	}
}

func atoi64(t *testing.T, s string) int64 {
	t.Helper()
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A timeout (stop_on_timeout = true, the default) while another pipeline's run of the plan
// goes: Testsigma's stop may end the plan's oldest going run whatever run it names, so no
// stop is sent. The apply fails, says why the run was not stopped with its link, and both
// runs go on; ours stays in state for the next apply to wait for.
func TestStop_timeoutWithAnotherRunOfThePlanGoingSendsNoStopAndSaysSo(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	theirs := emu.StartRun(planLong)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n create = \"12s\"\n}", planLong)),
			ExpectError: words(`Timed out waiting for the Testsigma run`, `The run was not stopped`,
				`other runs of test plan 1005 are going \(`+strconv.FormatInt(theirs, 10)+`\)`, `/ui/td/runs/5002`),
		}},
	})
	other, _ := emu.Run(theirs)
	mine, _ := emu.Run(5002)
	if mine.Status == "STATUS_COMPLETED" || other.Status == "STATUS_COMPLETED" || emu.Count("PUT", "/api/v1/execution_results/{id}") != 0 {
		t.Errorf("ours %s, theirs %s, after %d PUTs: want both going, no stop", mine.Status, other.Status, emu.Count("PUT", "/api/v1/execution_results/{id}"))
	}
}
