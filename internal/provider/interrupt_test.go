package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/go-hclog"
	plugin "github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const providerAddress = "registry.terraform.io/testsigma/testsigma"

// serveForReattach serves the provider in this process the way `-debug` does, and returns the
// TF_REATTACH_PROVIDERS value that points a real Terraform CLI at it. The server stops when
// the test ends.
func serveForReattach(t *testing.T, ctx context.Context, opts Options) string {
	t.Helper()
	return serveAtForReattach(t, ctx, providerAddress, NewServer("test", opts))
}

// serveAtForReattach serves the provider server at address in this process, for Terraform
// to reattach to, and returns TF_REATTACH_PROVIDERS's value for it alone.
func serveAtForReattach(t *testing.T, ctx context.Context, address string, server func() tfprotov6.ProviderServer) string {
	t.Helper()
	sctx, stop := context.WithCancel(ctx)
	reattach := make(chan *plugin.ReattachConfig)
	closed := make(chan struct{})
	served := make(chan error, 1)
	go func() {
		served <- tf6server.Serve(address, server,
			tf6server.WithDebug(sctx, reattach, closed), tf6server.WithoutLogStderrOverride(),
			tf6server.WithGoPluginLogger(hclog.NewNullLogger()), tf6server.WithLoggingSink(t))
	}()
	var cfg *plugin.ReattachConfig
	select {
	case cfg = <-reattach:
	case err := <-served:
		stop()
		t.Fatalf("serving the provider ended at once: %v", err)
	case <-ctx.Done():
		stop()
		t.Fatal("no reattach configuration before the deadline")
	}
	t.Cleanup(func() {
		stop()
		select {
		case <-closed:
		case <-time.After(10 * time.Second):
			t.Error("the provider server did not stop")
		}
	})
	type addr struct{ Network, String string }
	b, err := json.Marshal(map[string]any{address: map[string]any{
		"Protocol": string(cfg.Protocol), "ProtocolVersion": cfg.ProtocolVersion, "Pid": cfg.Pid, "Test": true,
		"Addr": addr{cfg.Addr.Network(), cfg.Addr.String()},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// terraformBinary is the CLI the provider tests run on: TF_ACC_TERRAFORM_PATH, as for
// terraform-plugin-testing, so that a run on a newer CLI drives these tests with it too;
// else the terraform on PATH.
func terraformBinary(t *testing.T) string {
	t.Helper()
	if bin := os.Getenv("TF_ACC_TERRAFORM_PATH"); bin != "" {
		return bin
	}
	bin, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is unset")
	}
	return bin
}

// terraformCmd prepares a Terraform CLI command in dir that reads no user configuration and
// talks to the provider served by this test process.
func terraformCmd(ctx context.Context, t *testing.T, dir, reattach string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	bin := terraformBinary(t)
	rc := filepath.Join(dir, "empty.tfrc")
	if err := os.WriteFile(rc, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+reattach, "TF_CLI_CONFIG_FILE="+rc,
		"CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_LOG=", "TF_LOG_PATH=", "TF_INPUT=0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// Ctrl-C during the wait: Terraform asks the provider to stop, the provider stops this run
// only (once), and the run id stays in state so nothing is lost or started twice.
func TestInterrupt_sigintStopsTheRunAndKeepsItInState(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	emu := planRunEmulator(t, emulator.Options{})
	reattach := serveForReattach(t, ctx, Options{Clock: testClock})
	dir := t.TempDir()
	cfg := `terraform {
  required_providers {
    testsigma = { source = "testsigma/testsigma" }
  }
}
` + runConfig(emu, "test_plan_id = 1005")
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}

	// No `terraform init`: a provider in TF_REATTACH_PROVIDERS is unmanaged, so Terraform
	// (1.11) neither installs nor lock-checks it, and apply works in a fresh directory.
	apply, out := terraformCmd(ctx, t, dir, reattach, "apply", "-auto-approve", "-input=false", "-no-color")
	if err := apply.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- apply.Wait() }()
	defer func() {
		if t.Failed() {
			t.Logf("terraform apply output:\n%s", out)
		}
	}()
	// Polled, with the deadline of ctx as the bound; an apply that ends first fails the test.
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for emu.Count("GET", "/api/v1/execution_results/{id}") == 0 {
		select {
		case err := <-exited:
			t.Fatalf("terraform apply ended (%v) before the provider polled the run", err)
		case <-ctx.Done():
			t.Fatal("the provider never polled the run")
		case <-tick.C:
		}
	}
	if err := apply.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-exited
	if ctx.Err() != nil {
		t.Fatal("terraform apply did not end before the test deadline")
	}
	if err == nil {
		t.Error("an interrupted apply exited with status 0")
	}
	if !words("Interrupted while waiting for the Testsigma run", "stopped in Testsigma", "kept in state").MatchString(out.String()) {
		t.Error("the output does not explain the interruption")
	}

	run := onlyRun(t, emu)
	if run.StopRequests != 1 || run.Result != "STOPPED" {
		t.Errorf("run %d: %d stop requests, result %q; want 1 and STOPPED", run.ID, run.StopRequests, run.Result)
	}
	for _, r := range emu.Requests() {
		if r.Method == "PUT" && (r.Path != fmt.Sprintf("/api/v1/execution_results/%d", run.ID) || !strings.Contains(string(r.Body), `"canStopAll":false`)) {
			t.Errorf("stop request %s %s does not stop this run only", r.Path, r.Body)
		}
	}
	if n := emu.Count("PUT", "/api/v1/execution_results/{id}"); n != 1 {
		t.Errorf("%d stop PUTs, want exactly 1", n)
	}
	expectTriggers(t, emu, 1)
	if id := stateRunID(t, filepath.Join(dir, "terraform.tfstate")); id != fmt.Sprint(run.ID) {
		t.Errorf("state has run id %q, want %d", id, run.ID)
	}
}

// stateRunID reads the id of testsigma_plan_run.smoke from a local state file.
func stateRunID(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("reading the state: %v", err)
	}
	var st struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatalf("decoding the state: %v", err)
	}
	for _, r := range st.Resources {
		if r.Type == "testsigma_plan_run" && r.Name == "smoke" && len(r.Instances) == 1 {
			id, _ := r.Instances[0].Attributes["id"].(string)
			return id
		}
	}
	t.Fatalf("testsigma_plan_run.smoke is not in the state:\n%s", b)
	return ""
}

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
