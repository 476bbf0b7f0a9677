package provider

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A working directory driven by the real Terraform CLI (TF_ACC_TERRAFORM_PATH, else the one
// on PATH) against the provider served in this process, for what terraform-plugin-testing
// cannot express: `terraform query -generate-config-out`, `apply -invoke`, and several plain
// applies in a row whose exit codes and outputs are the point.

type cliWorkdir struct {
	t        *testing.T
	ctx      context.Context
	dir      string
	reattach string
}

// newCLIWorkdir skips the test unless the CLI is Terraform 1.<minor> or later, and writes
// main.tf: the required_providers block, the provider configured for emu, and body.
func newCLIWorkdir(t *testing.T, minor int, emu *emulator.Server, body string) *cliWorkdir {
	t.Helper()
	requireTerraform(t, minor)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	w := &cliWorkdir{t: t, ctx: ctx, dir: t.TempDir(), reattach: serveForReattach(t, ctx, Options{Clock: testClock})}
	w.write("main.tf", "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n"+providerBlock(emu)+body)
	return w
}

// requireTerraform skips the test, saying why, unless the CLI is Terraform 1.<minor>+.
func requireTerraform(t *testing.T, minor int) {
	t.Helper()
	if bin, version, got := terraformMinor(t); got < minor {
		t.Skipf("needs Terraform 1.%d or later; %s is %s (set TF_ACC_TERRAFORM_PATH to a newer CLI)", minor, bin, version)
	}
}

// terraformMinor is the CLI's path, version and minor version (Terraform 1.x).
func terraformMinor(t *testing.T) (bin, version string, minor int) {
	t.Helper()
	bin = terraformBinary(t)
	out, err := exec.Command(bin, "version", "-json").Output()
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &v) != nil {
		t.Skipf("%s is not a Terraform CLI that answers `version -json`", bin)
	}
	parts := strings.SplitN(v.Version, ".", 3)
	if len(parts) < 2 || parts[0] != "1" {
		t.Skipf("%s is Terraform %s; these tests know Terraform 1.x", bin, v.Version)
	}
	minor, _ = strconv.Atoi(parts[1])
	return bin, v.Version, minor
}

func (w *cliWorkdir) write(name, content string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, name), []byte(content), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// run runs terraform with args and returns its combined output and exit code; the output
// is logged when the test fails.
func (w *cliWorkdir) run(args ...string) (string, int) {
	w.t.Helper()
	cmd, out := terraformCmd(w.ctx, w.t, w.dir, w.reattach, append(args, "-no-color")...)
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		w.t.Fatalf("terraform %s: %v", strings.Join(args, " "), err)
	}
	w.t.Cleanup(func() {
		if w.t.Failed() {
			w.t.Logf("terraform %s (exit %d):\n%s", strings.Join(args, " "), code, out)
		}
	})
	return out.String(), code
}

// apply is `terraform apply -auto-approve` with extra arguments.
func (w *cliWorkdir) apply(args ...string) (string, int) {
	w.t.Helper()
	return w.run(append([]string{"apply", "-auto-approve", "-input=false"}, args...)...)
}

// stateOf returns the instances in the local state of the resource at addr ("type.name"),
// each as its attributes and whether it is tainted; none when it is not in state.
func (w *cliWorkdir) stateOf(addr string) (attrs map[string]any, tainted, ok bool) {
	w.t.Helper()
	b, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		return nil, false, false
	}
	var st struct {
		Resources []struct {
			Mode, Type, Name string
			Instances        []struct {
				Status     string         `json:"status"`
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		w.t.Fatalf("decoding the state: %v", err)
	}
	for _, r := range st.Resources {
		if r.Mode == "managed" && r.Type+"."+r.Name == addr && len(r.Instances) == 1 {
			return r.Instances[0].Attributes, r.Instances[0].Status == "tainted", true
		}
	}
	return nil, false, false
}

// with rewrites main.tf with body, keeping the directory (and its state).
func (w *cliWorkdir) with(body string, emu *emulator.Server) *cliWorkdir {
	w.t.Helper()
	w.write("main.tf", "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n"+providerBlock(emu)+body)
	return w
}
