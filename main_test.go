package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The release sets the version with -X main.version (.goreleaser.yml), and an -X naming a
// variable that does not exist is silently ignored. So build the binary that way, let a real
// Terraform run it, and read the User-Agent that reached the API.
func TestVersionFromLdflagsReachesTheUserAgent(t *testing.T) {
	const version = "9.9.9-test"
	tf := terraformBinary(t)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH")
	}
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()

	dir := t.TempDir()
	binDir := filepath.Join(dir, "bin")
	build := exec.CommandContext(ctx, goBin, "build", "-ldflags", "-X main.version="+version,
		"-o", filepath.Join(binDir, "terraform-provider-testsigma"), ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	emu := emulator.New(emulator.Options{})
	t.Cleanup(emu.Close)
	emulator.SeedDemo(emu)

	cli := filepath.Join(dir, "cli.tfrc")
	writeFile(t, cli, `provider_installation {
  dev_overrides {
    "testsigma/testsigma" = "`+filepath.ToSlash(binDir)+`"
  }
  direct {}
}
`)
	work := filepath.Join(dir, "work")
	writeFile(t, filepath.Join(work, "main.tf"), `terraform {
  required_providers {
    testsigma = { source = "testsigma/testsigma" }
  }
}

provider "testsigma" {
  base_url = "`+emu.URL()+`"
}

data "testsigma_saved_configs" "all" {}

output "ids" {
  value = data.testsigma_saved_configs.all.ids
}
`)

	// A clean environment: no TF_* variable of the caller (TF_LOG, TF_CLI_ARGS, a plugin
	// cache...) and no user CLI configuration; HOME is empty and ours.
	home := filepath.Join(dir, "home")
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	apply := exec.CommandContext(ctx, tf, "apply", "-auto-approve", "-input=false", "-no-color")
	apply.Dir = work
	apply.WaitDelay = 10 * time.Second
	apply.Env = []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + home,
		"TMPDIR=" + dir,
		"TF_CLI_CONFIG_FILE=" + cli,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TESTSIGMA_API_KEY=" + emu.APIKey(),
	}
	var out bytes.Buffer
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Run(); err != nil {
		t.Fatalf("terraform apply: %v\n%s", err, out.String())
	}

	reqs := emu.Requests()
	if len(reqs) == 0 {
		t.Fatalf("the provider made no request\n%s", out.String())
	}
	want := "terraform-provider-testsigma/" + version
	for _, r := range reqs {
		if got := r.Header.Get("User-Agent"); got != want {
			t.Errorf("%s %s: User-Agent %q, want %q", r.Method, r.Path, got, want)
		}
	}
}

// terraformBinary is the Terraform the provider tests use: TF_ACC_TERRAFORM_PATH (which
// `make test` sets), else the one on PATH.
func terraformBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("terraform is not on PATH")
	}
	return p
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
