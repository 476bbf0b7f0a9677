package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	neturl "net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

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
