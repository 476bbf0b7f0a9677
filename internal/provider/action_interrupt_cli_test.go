package provider

import (
	"os"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Ctrl-C during `terraform apply -invoke`: the run is stopped in Testsigma, and the apply
// ends with an error that says so, never with "Apply complete!" and exit 0.
func TestAction_cliInterruptedInvokeFailsSayingTheRunWasStopped(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	w := newCLIWorkdir(t, 14, emu, `
action "testsigma_run_test_plan" "long" {
  config {
    test_plan_id = 1005
  }
}
`)
	cmd, _ := terraformCmd(w.ctx, t, w.dir, w.reattach, "apply", "-auto-approve", "-input=false", "-no-color", "-invoke=action.testsigma_run_test_plan.long")
	var out lockedBuffer // read while terraform writes it
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("terraform apply -invoke output:\n%s", out.String())
		}
	})
	// Once the run is shown in progress, the action sends nothing until it ends (the plan's
	// counts do not move for an hour). Terraform 1.16 halts on a progress line that reaches
	// it after Ctrl-C and before its stop reaches the provider ("execution halted"), a race
	// no provider can close, so the interrupt comes at a quiet moment.
	waitFor(w.ctx, t, exited, "the run was shown in progress", func() bool { return strings.Contains(out.String(), "run 5001: STATUS_IN_PROGRESS") })
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	run := onlyRun(t, emu)
	if run.StopRequests != 1 || run.Result != "STOPPED" {
		t.Errorf("run %d: %d stop requests, result %q; want 1 and STOPPED", run.ID, run.StopRequests, run.Result)
	}
	if err == nil {
		t.Error("an interrupted -invoke exited with status 0")
	}
	if !words("Error", "Interrupted while waiting for the Testsigma run", "The run was stopped in Testsigma", "Run 5001").MatchString(out.String()) ||
		strings.Contains(out.String(), "Apply complete!") {
		t.Error("the output does not end with the error that says the run was stopped, or says the apply completed")
	}
}
