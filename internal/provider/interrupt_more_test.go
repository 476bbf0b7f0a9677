package provider

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// startApply runs `terraform apply` on cfg against the provider served in this process, and
// returns a channel that gets its exit and the output buffer.
func startApply(ctx context.Context, t *testing.T, emu *emulator.Server, body string) (*os.Process, <-chan error, fmt.Stringer, string) {
	t.Helper()
	reattach := serveForReattach(t, ctx, Options{Clock: testClock})
	dir := t.TempDir()
	cfg := "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n" + runConfig(emu, body)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	apply, out := terraformCmd(ctx, t, dir, reattach, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("terraform apply output:\n%s", out)
		}
	})
	return apply.Process, exited, out, dir
}

// waitFor polls cond until it holds, failing the test when the apply ends first or ctx does.
func waitFor(ctx context.Context, t *testing.T, exited <-chan error, what string, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case err := <-exited:
			t.Fatalf("terraform apply ended (%v) before %s", err, what)
		case <-ctx.Done():
			t.Fatalf("never: %s", what)
		case <-tick.C:
		}
	}
}

// One Ctrl-C while the stop request hangs: the provider does not sit on it. Terraform ends
// while the stop is still unanswered, with the run in state and an error that says the stop
// did not finish and where to stop the run by hand; nobody is tempted to press Ctrl-C twice.
func TestInterrupt_slowStopDoesNotHoldTerraform(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("PUT /api/v1/execution_results/{id}", emulator.Hang(40*time.Second))
	proc, exited, out, dir := startApply(ctx, t, emu, "test_plan_id = 1005")
	waitFor(ctx, t, exited, "the provider polled the run", func() bool { return emu.Count("GET", "/api/v1/execution_results/{id}") > 0 })
	if err := proc.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Error("an interrupted apply exited with status 0")
	}
	answered := false
	for _, r := range emu.Requests() {
		answered = answered || (r.Method == "PUT" && r.Status != 0)
	}
	if answered || emu.Count("PUT", "/api/v1/execution_results/{id}") == 0 {
		t.Errorf("Terraform ended after the stop was answered (or none was sent): the provider waited on the stop")
	}
	if !words("Interrupted while waiting for the Testsigma run", "Stopping the run failed", "/ui/td/runs/").MatchString(out.String()) {
		t.Error("the output does not say the stop did not finish, with the run's link")
	}
	if id := stateRunID(t, filepath.Join(dir, "terraform.tfstate")); id != fmt.Sprint(onlyRun(t, emu).ID) {
		t.Errorf("state has run id %q", id)
	}
}

// Ctrl-C while the trigger request is in flight: its answer is still awaited, so the run it
// made is recorded and stopped, not left an orphan that the next apply doubles.
func TestInterrupt_duringTheTriggerKeepsAndStopsTheRun(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.HangAfter(1500*time.Millisecond).Once())
	proc, exited, _, dir := startApply(ctx, t, emu, "test_plan_id = 1005")
	waitFor(ctx, t, exited, "the trigger reached Testsigma", func() bool { return len(emu.Runs()) > 0 })
	if err := proc.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := <-exited; err == nil {
		t.Error("an interrupted apply exited with status 0")
	}
	run := onlyRun(t, emu)
	expectTriggers(t, emu, 1)
	if run.StopRequests != 1 {
		t.Errorf("run %d: %d stops; want it stopped once", run.ID, run.StopRequests)
	}
	if id := stateRunID(t, filepath.Join(dir, "terraform.tfstate")); id != fmt.Sprint(run.ID) {
		t.Errorf("state has run id %q, want %d", id, run.ID)
	}
}
