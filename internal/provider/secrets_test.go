package provider

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const (
	keyCanary     = "tsk-LEAK-CANARY-1234567890"
	runtimeCanary = "RUNTIME-CANARY-987"
)

// The API key never reaches logs (Terraform's and the provider's, at TRACE), state, plan
// files or error text, whether it comes from the environment or from the provider block. The
// sensitive runtime_data is allowed in state (Terraform stores it there) but the provider
// never logs it.
func TestSecrets_apiKeyNeverLeaks(t *testing.T) {
	emu := planRunEmulator(t, emulator.Options{APIKey: keyCanary})
	tmp := traceEverything(t)
	t.Setenv(envAPIKey, keyCanary)
	t.Setenv(envBaseURL, emu.URL())

	resourceBlock := func(onFailure string) string {
		return fmt.Sprintf("resource \"testsigma_plan_run\" \"smoke\" {\n  test_plan_id = 1002\n  on_failure = %q\n  runtime_data = { password = %q }\n}\n", onFailure, runtimeCanary)
	}
	var states []string
	keepState := func(s *terraform.State) error {
		states = append(states, s.String())
		return nil
	}
	var errorText string
	failureStep := false
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		// ExpectError of the failing step, done by hand so the test gets the error text to search.
		ErrorCheck: func(err error) error {
			if !failureStep || errorText != "" || !words("Testsigma run did not pass", "Failed tests:", `- Pay by card \(Payments, Chrome\)`, `- Refund \(Payments, Chrome\)`).MatchString(err.Error()) {
				return err
			}
			errorText = err.Error()
			return nil
		},
		Steps: []resource.TestStep{
			// The key from the environment; a failed run only warns.
			{Config: resourceBlock("warning"), Check: keepState},
			// The key in the provider block; a failed run fails the apply.
			{PreConfig: func() { failureStep = true }, Config: providerBlock(emu) + resourceBlock("error"), Taint: []string{runAddr}},
			{PreConfig: func() { failureStep = false }, RefreshState: true, ExpectNonEmptyPlan: true, Check: keepState},
		},
	})
	if errorText == "" {
		t.Fatal("the on_failure = \"error\" step did not fail")
	}
	expectTriggers(t, emu, 2)
	for _, r := range emu.Requests() {
		if r.Header.Get("Authorization") != "Bearer "+keyCanary {
			t.Fatalf("request %s %s was not authorised with the canary key", r.Method, r.Path)
		}
	}

	if strings.Contains(errorText, keyCanary) {
		t.Errorf("the error text contains the API key:\n%s", errorText)
	}
	for i, s := range states {
		if strings.Contains(s, keyCanary) {
			t.Errorf("state %d contains the API key", i)
		}
	}
	if logs, _ := os.ReadFile(filepath.Join(tmp, "terraform.log")); !strings.Contains(string(logs), "Testsigma run did not pass") {
		t.Fatal("the trace log lacks the failure; the error path was not searched")
	}
	assertNowhere(t, tmp, keyCanary)
	// Sensitive runtime_data is stored in state (Terraform does so), but never logged.
	assertNotLogged(t, tmp, runtimeCanary)
}

// traceEverything makes the test's Terraform runs log at TRACE into a file and keep their
// working directories (state, plan files), all under the returned directory, for
// assertNowhere to search.
func traceEverything(t *testing.T) string {
	t.Helper()
	tmp := t.TempDir()
	workDirs := filepath.Join(tmp, "work")
	if err := os.Mkdir(workDirs, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_LOG", "trace")
	t.Setenv("TF_ACC_LOG_PATH", filepath.Join(tmp, "terraform.log"))
	t.Setenv("TF_ACC_PERSIST_WORKING_DIR", "1")
	t.Setenv("TF_ACC_TEMP_DIR", workDirs)
	return tmp
}

// assertNowhere fails the test if a secret is in any file the runs left under tmp (state,
// plan files, Terraform's own data) other than the configuration, or in any log line.
func assertNowhere(t *testing.T, tmp string, secrets ...string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(tmp, func(path string, d fs.DirEntry, err error) error {
		// Configuration is the user's own text; the log is searched entry by entry.
		if err != nil || d.IsDir() || filepath.Ext(path) == ".tf" || filepath.Base(path) == "terraform.log" {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		files++
		rel, _ := filepath.Rel(tmp, path)
		for _, secret := range secrets {
			if strings.Contains(string(b), secret) {
				t.Errorf("%s contains %s: %s", rel, secret, around(string(b), secret))
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	t.Logf("searched %d files", files)
	assertNotLogged(t, tmp, secrets...)
}

// assertNotLogged fails the test if a secret is in a log line Terraform or the provider wrote.
func assertNotLogged(t *testing.T, tmp string, secrets ...string) {
	t.Helper()
	logs, err := os.ReadFile(filepath.Join(tmp, "terraform.log"))
	if err != nil {
		t.Fatalf("no trace log was written: %v", err)
	}
	if !strings.Contains(string(logs), "Testsigma API request") {
		t.Fatal("the trace log lacks the provider's request lines; nothing meaningful was searched")
	}
	for _, entry := range logEntries(string(logs)) {
		// The test harness logs each step's configuration text, which holds the secrets by
		// construction; that is the .tf file again, not something Terraform or the provider
		// wrote.
		if strings.Contains(entry, "sdk.helper_resource") && strings.Contains(entry, "test_terraform_configuration=") {
			continue
		}
		who := "Terraform core"
		if strings.Contains(entry, "tf_provider_addr=") {
			who = "the provider"
		}
		for _, secret := range secrets {
			if strings.Contains(entry, secret) {
				t.Errorf("a log line of %s contains %s: %s", who, secret, around(entry, secret))
			}
		}
	}
}

// logEntries splits an hclog text log into entries: a timestamped line and its continuation
// lines (multi-line values are written as "  | ..." lines).
func logEntries(log string) []string {
	var entries []string
	for _, line := range strings.Split(log, "\n") {
		if len(entries) == 0 || (len(line) > 4 && line[4] == '-' && line[0] >= '0' && line[0] <= '9') {
			entries = append(entries, line)
			continue
		}
		entries[len(entries)-1] += "\n" + line
	}
	return entries
}

// around is the text near the first occurrence of s, to show where a leak is.
func around(text, s string) string {
	i := strings.Index(text, s)
	return text[max(0, i-300):min(len(text), i+len(s)+100)]
}

// D9: a server that echoes the trigger's write-only runtime data, in the 400 DTO of the
// trigger or in a poll body the client cannot read (a WARN line quotes its start), shows ***
// in its place: the value is in no error, log line, state or plan file.
func TestD9_writeOnlyValueEchoedByTheServerIsRedacted(t *testing.T) {
	const secret = "WO-ECHOED-SECRET-2718"
	emu := planRunEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := func(version int) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 1001\nruntime_data = { user = \"qa\" }\nruntime_data_wo = { password = %q }\nruntime_data_wo_version = %d", secret, version))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					emu.Fault("POST /api/v1/execution_results", emulator.StatusBody(400, "application/json",
						`{"error":"Invalid runtimeData {password=`+secret+`, user=qa}: unknown variable"}`).Once())
				},
				Config:      cfg(1),
				ExpectError: words(`Invalid runtimeData \{password=\*\*\*, user=qa\}`),
			},
			{
				PreConfig: func() {
					emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":5001,"runtimeData":{"password":"`+secret+`"},"status":"STATUS_IN`).Once())
				},
				Config: cfg(2),
			},
		},
	})
	if n := emu.Count("GET", "/api/v1/execution_results/{id}"); n < 2 {
		t.Fatalf("%d polls: the unreadable body was not read", n)
	}
	assertNowhere(t, tmp, secret)
}

const (
	woCanary1 = "WO-SECRET-FIRST-4711"
	woCanary2 = "WO-SECRET-SECOND-0815"
)

// runtime_data_wo reaches the trigger merged with runtime_data and nothing else: not the
// state, not a plan file, not a log line at TRACE. A new value under the same version plans
// no change; a new version runs the plan again, once, with the new value.
func TestWriteOnly_runtimeDataReachesOnlyTheTrigger(t *testing.T) {
	emu := planRunEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := func(secret string, version int) string {
		return runConfig(emu, fmt.Sprintf("test_plan_id = 1001\nruntime_data = { user = \"qa\" }\nruntime_data_wo = { password = %q }\nruntime_data_wo_version = %d", secret, version))
	}
	sent := func(n int, password string) func() {
		return func() {
			runs := emu.Runs()
			if len(runs) != n {
				t.Fatalf("emulator has %d runs, want %d", len(runs), n)
			}
			got := runs[n-1].RuntimeData
			if got["user"] != "qa" || got["password"] != password || len(got) != 2 {
				t.Errorf("run %d was triggered with runtimeData %v, want user and the write-only password %s", n, got, password)
			}
		}
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg(woCanary1, 1),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "runtime_data_wo", knownvalue.Null()),
					stateAttr(runAddr, "runtime_data_wo_version", knownvalue.Int64Exact(1)),
				},
			},
			{
				PreConfig: sent(1, woCanary1),
				Config:    cfg(woCanary2, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
			},
			{
				PreConfig: sent(1, woCanary1),
				Config:    cfg(woCanary2, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(runAddr, plancheck.ResourceActionReplace),
				}},
			},
		},
	})
	sent(2, woCanary2)()
	assertNowhere(t, tmp, woCanary1, woCanary2)
}

// Mistakes with the two halves of the runtime data fail at plan time, before any run.
func TestWriteOnly_badRuntimeDataFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	tests := []struct {
		name, body string
		want       *regexp.Regexp
	}{
		{"key in both", "runtime_data = { password = \"a\", user = \"qa\" }\nruntime_data_wo = { password = \"b\" }\nruntime_data_wo_version = 1",
			words(`Runtime data key set twice`, `The key "password" is in both runtime_data and runtime_data_wo`)},
		{"no version", "runtime_data_wo = { password = \"b\" }",
			words(`runtime_data_wo needs runtime_data_wo_version`, `Set runtime_data_wo_version = 1`)},
		{"null in runtime_data", "runtime_data = { a = null }",
			words(`Null value in a map`, `runtime_data\["a"\] is null`, `remove the key`)},
		{"null in the write-only half", "runtime_data_wo = { a = null }\nruntime_data_wo_version = 1",
			words(`runtime_data_wo\["a"\] is null`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, "test_plan_id = 1001\n"+tt.body), PlanOnly: true, ExpectError: tt.want,
				}},
			})
		})
	}
	expectTriggers(t, emu, 0)
}
