package testsigma

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Environment of the child process that TestPrivateCA re-executes the test binary as.
const (
	privateCAChildEnv  = "TESTSIGMA_PRIVATE_CA_CHILD" // "trusted" or "refused": what the child expects
	privateCAURLEnv    = "TESTSIGMA_PRIVATE_CA_URL"
	privateCAKeyEnv    = "TESTSIGMA_PRIVATE_CA_KEY"
	privateCARunIDEnv  = "TESTSIGMA_PRIVATE_CA_RUN_ID"
	sslCertFileEnv     = "SSL_CERT_FILE"
	sslCertDirEnv      = "SSL_CERT_DIR"
	privateCAChildTime = 2 * time.Minute
)

// An on-premise Testsigma behind a private CA needs no provider setting: a client built with
// default options trusts a CA that SSL_CERT_FILE or SSL_CERT_DIR names, as every Go program
// on Linux and the other Unix systems but macOS does, and refuses the same server without
// them. The server is the emulator behind
// TLS with a self-signed certificate, the one httptest makes.
//
// Go reads the system's roots once per process, so each case runs in a child process: this
// test binary again, limited to this test, with its own environment.
func TestPrivateCA(t *testing.T) {
	if expect := os.Getenv(privateCAChildEnv); expect != "" {
		privateCAChild(t, expect)
		return
	}
	switch runtime.GOOS {
	case "darwin", "ios", "windows":
		// Go verifies with the platform's own store there and reads neither variable.
		t.Skipf("SSL_CERT_FILE and SSL_CERT_DIR are not read on %s", runtime.GOOS)
	}

	emu := emulator.NewUnstarted(emulator.Options{})
	emulator.SeedDemo(emu)
	srv := httptest.NewUnstartedServer(emu.Handler())
	// The refused case's failed handshakes are expected; keep them out of the test output.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	defer srv.Close()
	defer emu.Close()
	runID := emu.StartRun(1001)

	// The server's own certificate is self-signed, so it is its CA too.
	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	caDir := t.TempDir()
	caFile := filepath.Join(caDir, "testsigma-ca.pem")
	if err := os.WriteFile(caFile, caPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	emptyDir := t.TempDir()

	cases := []struct {
		name   string
		env    map[string]string // SSL_CERT_* variables of the child; others are removed
		expect string
	}{
		{"SSL_CERT_FILE names the CA", map[string]string{sslCertFileEnv: caFile}, "trusted"},
		{"SSL_CERT_DIR holds the CA", map[string]string{sslCertDirEnv: caDir}, "trusted"},
		// Both pointed at nothing of ours, so no CA installed on this machine can vouch for
		// the server either.
		{"neither names the CA", map[string]string{sslCertFileEnv: filepath.Join(emptyDir, "none.pem"), sslCertDirEnv: emptyDir}, "refused"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(emu.Requests())
			out, err := runPrivateCAChild(t, tc.expect, srv.URL, emu.APIKey(), runID, tc.env)
			if err != nil {
				t.Fatalf("child process (%s): %v\n%s", tc.expect, err, out)
			}
			served := len(emu.Requests()) - before
			switch tc.expect {
			case "trusted":
				if served == 0 {
					t.Errorf("the child reported success, but the emulator served no request\n%s", out)
				}
			case "refused":
				if served != 0 {
					t.Errorf("the emulator served %d requests to a client that should not trust it", served)
				}
			}
		})
	}
}

// runPrivateCAChild re-executes this test binary, running only TestPrivateCA, with the SSL_CERT_*
// variables of env and none inherited.
func runPrivateCAChild(t *testing.T, expect, url, key string, runID int64, env map[string]string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), privateCAChildTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestPrivateCA$", "-test.count=1", "-test.v")
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if name == sslCertFileEnv || name == sslCertDirEnv {
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env,
		privateCAChildEnv+"="+expect,
		privateCAURLEnv+"="+url,
		privateCAKeyEnv+"="+key,
		privateCARunIDEnv+"="+strconv.FormatInt(runID, 10),
	)
	out, err := cmd.CombinedOutput()
	if err == nil && !strings.Contains(string(out), "--- PASS: TestPrivateCA") {
		// A binary that ran no test exits 0 too.
		err = errors.New("the child did not run TestPrivateCA")
	}
	return string(out), err
}

// privateCAChild is the child's side: a client with default options reads the run, and the
// outcome must be what the parent expects.
func privateCAChild(t *testing.T, expect string) {
	url, key := os.Getenv(privateCAURLEnv), os.Getenv(privateCAKeyEnv)
	runID, err := strconv.ParseInt(os.Getenv(privateCARunIDEnv), 10, 64)
	if err != nil || url == "" || key == "" {
		t.Fatalf("child environment incomplete: url=%q, run id %q", url, os.Getenv(privateCARunIDEnv))
	}
	t.Logf("%s=%q %s=%q", sslCertFileEnv, os.Getenv(sslCertFileEnv), sslCertDirEnv, os.Getenv(sslCertDirEnv))

	c, err := New(url, key, Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	run, err := c.GetRun(ctx, runID)
	switch expect {
	case "trusted":
		if err != nil {
			t.Fatalf("GetRun through the private CA: %v", err)
		}
		if run.ID != runID {
			t.Fatalf("GetRun returned run %d, want %d", run.ID, runID)
		}
	case "refused":
		var tErr *transportError
		if !errors.As(err, &tErr) || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("GetRun without the CA: err = %v, want a certificate error", err)
		}
	default:
		t.Fatalf("unknown expectation %q", expect)
	}
}
