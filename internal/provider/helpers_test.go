package provider

import (
	"bytes"
	"encoding/json"
	goflag "flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

// testClock runs the provider's time 50 times faster, its Now and its sleeps alike, so the
// adaptive schedule behaves as designed while tests that poll several times take
// milliseconds. It changes how long the waits are, not what they decide.
var testClock = simclock.NewScaled(50)

func factories() map[string]func() (tfprotov6.ProviderServer, error) {
	return factoriesWith(Options{})
}

// factoriesWith is factories() with other provider options (testClock unless set).
func factoriesWith(opts Options) map[string]func() (tfprotov6.ProviderServer, error) {
	if opts.Clock == nil {
		opts.Clock = testClock
	}
	return map[string]func() (tfprotov6.ProviderServer, error){
		"testsigma": func() (tfprotov6.ProviderServer, error) { return NewServer("test", opts)(), nil },
	}
}

// newEmulator starts a fresh emulator for one test.
func newEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	t.Helper()
	emu := emulator.New(opts)
	t.Cleanup(emu.Close)
	return emu
}

// providerBlock points the provider at the emulator with its key.
func providerBlock(emu *emulator.Server) string {
	return providerWith(emu.URL(), emu.APIKey())
}

// providerWith is a provider block with this base URL and key and more attribute lines: the
// one place a test writes the provider's configuration by hand.
func providerWith(baseURL, apiKey string, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "provider \"testsigma\" {\n  base_url = %q\n  api_key  = %q\n", baseURL, apiKey)
	for _, l := range lines {
		b.WriteString("  " + l + "\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// TestMain keeps the developer's Terraform settings out of the tests: the machine may point
// TF_CLI_CONFIG_FILE at a file that does not exist, and TESTSIGMA_* would leak into configs.
func TestMain(m *testing.M) {
	goflag.Parse()
	raiseParallel()
	for _, v := range []string{"TESTSIGMA_API_KEY", "TESTSIGMA_BASE_URL"} {
		os.Unsetenv(v)
	}
	if f := os.Getenv("TF_CLI_CONFIG_FILE"); f != "" {
		if _, err := os.Stat(f); err != nil {
			os.Unsetenv("TF_CLI_CONFIG_FILE")
		}
	}
	os.Exit(m.Run())
}

// defaultParallel is how many tests run at once unless -parallel says otherwise. go test's
// default, GOMAXPROCS, suits tests that compute; these mostly wait, on terraform processes
// starting and on the scaled clock, so more of them side by side keep the cores busy. 6 had
// the lowest mean wall time of 2, 4, 6, 8 and 12 on this 2-core machine, measured in four
// interleaved rounds on groups of 40-47 tests while others loaded it (6: 93 s, 8: 103 s,
// 4: 106 s; noisy, but more than 6 never paid). -parallel on the command line still wins.
const defaultParallel = 6

// raiseParallel sets -test.parallel to defaultParallel unless the user set it.
func raiseParallel() {
	set := false
	goflag.Visit(func(f *goflag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		_ = goflag.Set("test.parallel", strconv.Itoa(defaultParallel))
	}
}

// newManualClock drives the emulator's run phases: a test moves time on between steps.
func newManualClock() *simclock.Clock { return simclock.NewAtEpoch() }

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// Test plans shared by the resource tests. Phases advance by polls, so results never depend
// on how fast the machine is.
const (
	planPass       = 1001
	planFail       = 1002
	planPassedWord = 1003
	planNullCounts = 1004
	planLong       = 1005
	planSlowStart  = 1006
)

func addTestPlans(emu *emulator.Server) {
	ok := func(id int64, name string) emulator.Case {
		return emulator.Case{ID: id, Name: name, Result: "SUCCESS", SuiteID: 1, SuiteName: "Smoke"}
	}
	passing := []emulator.Case{ok(1, "Login"), ok(2, "Search"), ok(3, "Checkout")}
	emu.AddPlan(emulator.Plan{ID: planPass, Name: "Smoke", QueuedPolls: 1, RunningPolls: 1, Result: "SUCCESS", Cases: passing})
	emu.AddPlan(emulator.Plan{ID: planFail, Name: "Payments", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		ok(11, "Login"),
		{ID: 12, Name: "Pay by card", Result: "FAILURE", SuiteID: 2, SuiteName: "Payments"},
		{ID: 13, Name: "Refund", Result: "FAILURE", SuiteID: 2, SuiteName: "Payments"},
		ok(14, "Receipt"),
	}})
	emu.AddPlan(emulator.Plan{ID: planPassedWord, Name: "Docs spelling", RunningPolls: 1, Result: "PASSED", Cases: passing})
	emu.AddPlan(emulator.Plan{ID: planNullCounts, Name: "Null counts", RunningPolls: 1, Result: "SUCCESS", NullCounts: true, Cases: passing})
	emu.AddPlan(emulator.Plan{ID: planLong, Name: "Long", Queued: time.Second, Running: time.Hour, Result: "SUCCESS", Cases: passing})
	emu.AddPlan(emulator.Plan{ID: planSlowStart, Name: "Slow start", QueuedPolls: 3, RunningPolls: 1, Result: "SUCCESS", Cases: passing})
}

func planRunEmulator(t *testing.T, opts emulator.Options) *emulator.Server {
	emu := newEmulator(t, opts)
	addTestPlans(emu)
	return emu
}

// Addresses of the data sources the tests read, as stateAttr's first argument.
const (
	envDataAddr     = "data.testsigma_environment.x"
	testPlanAddr    = "data.testsigma_test_plan.x"
	savedConfigAddr = "data.testsigma_saved_config.x"
)

// stateAttr checks one attribute of one resource or data source in state after a step: the
// one wrapper of statecheck.ExpectKnownValue for every front door.
func stateAttr(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// checkKept reads the state Terraform kept after a failed step (state checks do not run on
// steps that expect an error, so a RefreshState step hands it to this).
func checkKept(addr string, f func(attrs map[string]string, tainted bool) error) func(*terraform.State) error {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok || rs.Primary == nil {
			return fmt.Errorf("%s is not in state", addr)
		}
		return f(rs.Primary.Attributes, rs.Primary.Tainted)
	}
}

func expectAttrs(attrs map[string]string, want map[string]string) error {
	for k, v := range want {
		if attrs[k] != v {
			return fmt.Errorf("%s = %q, want %q", k, attrs[k], v)
		}
	}
	return nil
}

// expectTriggers fails unless the emulator saw exactly n trigger POSTs: no front door starts
// a run twice, nor one it was not asked for, whatever happens after the trigger.
func expectTriggers(t *testing.T, emu *emulator.Server, n int) {
	t.Helper()
	if got := emu.Count("POST", "/api/v1/execution_results"); got != n {
		t.Errorf("%d trigger POSTs, want %d", got, n)
	}
}

// onlyRun returns the one run the emulator has, failing the test when there are more or none.
func onlyRun(t *testing.T, emu *emulator.Server) emulator.RunState {
	t.Helper()
	runs := emu.Runs()
	if len(runs) != 1 {
		t.Fatalf("emulator has %d runs, want exactly 1", len(runs))
	}
	return runs[0]
}

// words matches diagnostics as Terraform prints them: wrapped at any space, parts in order.
func words(parts ...string) *regexp.Regexp {
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(p, " ", `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// nothingFound is the error of a trigger of plan planID whose answer was lost and whose
// reads of the plan's runs, over the whole look, found none carrying its build number (a
// generated one): not sent again, it says a run may have started and what
// to look for (run ids above above, when it is not 0), and that nothing is in state.
func nothingFound(planID int64, above int64) *regexp.Regexp {
	number := `"tf-[0-9a-f]{16}" \(generated by the provider`
	parts := []string{"A Testsigma run may have started", fmt.Sprintf("a run of test plan %d may have started", planID),
		`the plan's runs were read for [0-9]+ seconds and none carried its build number`, "may lag",
		fmt.Sprintf("Look in Testsigma for a run of test plan %d with build number ", planID) + number}
	if above != 0 {
		parts = append(parts, fmt.Sprintf(`\(run id above %d\)`, above))
	}
	return words(append(parts, "import the run", "did not retry", "Nothing was recorded in state")...)
}

// pollLog puts a proxy in front of emu that records the status each poll of a run answered,
// in order: what the provider's wait saw, which the emulator's counters do not show.
func pollLog(t *testing.T, emu *emulator.Server) (url string, polled func() []string) {
	t.Helper()
	target, err := neturl.Parse(emu.URL())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var seen []string
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.ModifyResponse = func(r *http.Response) error {
		if r.Request.Method != http.MethodGet || !runPath.MatchString(r.Request.URL.Path) {
			return nil
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		var run struct{ Status string }
		_ = json.Unmarshal(body, &run)
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, run.Status)
		return nil
	}
	srv := httptest.NewServer(proxy)
	t.Cleanup(srv.Close)
	return srv.URL, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(seen)
	}
}

var runPath = regexp.MustCompile(`^/api/v1/execution_results/\d+$`)
