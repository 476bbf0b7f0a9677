package provider

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A server that echoes the key back (in bodies, at several offsets, JSON-escaped, and in
// headers) while the wait rides it out: the key is in no file and no log line at TRACE.
func TestSecrets_keyEchoedBackNeverShows(t *testing.T) {
	emu := planRunEmulator(t, emulator.Options{APIKey: keyCanary})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.EchoKey(503).Next(3))
	tmp := traceEverything(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            runConfig(emu, "test_plan_id = 1001"),
			ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "passed", knownvalue.Bool(true))},
		}},
	})
	if n := statusCount(emu, "GET", "/api/v1/execution_results/5001", 503); n != 3 {
		t.Fatalf("%d echoing answers were sent, want 3", n)
	}
	assertNowhere(t, tmp, keyCanary, keyCanary[:12], keyCanary[len(keyCanary)-12:])
}

// A redirect (http to https, a moved host) never turns the trigger into a GET: the apply
// fails saying where the redirect points and what base_url to set, and no run starts.
func TestFaults_redirectedTriggerNamesTheBaseURL(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	moved := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, emu.URL()+r.URL.Path, http.StatusMovedPermanently)
	}))
	t.Cleanup(moved.Close)
	cfg := providerWith(moved.URL, emu.APIKey()) + "resource \"testsigma_plan_run\" \"smoke\" {\n  test_plan_id = 1001\n}\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: words(`no run of test plan 1001 was started`, `redirect to `+emu.URL(), `set base_url to `+emu.URL()),
		}},
	})
	if n := len(emu.Runs()); n != 0 {
		t.Errorf("%d runs started", n)
	}
}

// The run finished before the deadline, but every status read was refused (a starved rate
// limit): the stop finds nothing to stop, the run's real end is read, and it passes.
func TestFaults_starvedTimeoutJudgesTheRealEnd(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	emu.AddPlan(emulator.Plan{ID: 4100, Name: "Quick", Running: time.Minute, Result: "SUCCESS", Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}})
	emu.OnRequest(func(r emulator.Request) {
		switch r.Method {
		case "POST":
			clock.Advance(time.Hour) // the run is over before the first poll
			emu.Fault("GET /api/v1/execution_results/{id}", emulator.RateLimited(""))
		case "PUT":
			emu.ClearFaults()
		}
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, "test_plan_id = 4100\ntimeouts {\n create = \"10s\"\n}"),
			ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(runAddr, "passed", knownvalue.Bool(true)), stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
			},
		}},
	})
	if run := onlyRun(t, emu); run.Result != "SUCCESS" || run.StopRequests != 1 {
		t.Errorf("run %+v: want it passed, untouched by the one stop request", run)
	}
}

// A status answer about another run is never written into state as ours.
func TestFaults_answerAboutAnotherRunIsNotStored(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":999,"executionId":1001,"status":"STATUS_COMPLETED","result":"SUCCESS"}`))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      runConfig(emu, "test_plan_id = 1001"),
				ExpectError: words(`the answer is about run 999, not run 5001`),
			},
			{
				PreConfig: emu.ClearFaults, RefreshState: true, ExpectNonEmptyPlan: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					if a["id"] != "5001" || strings.Contains(a["app_url"], "999") {
						return fmt.Errorf("state has id %s, app_url %s", a["id"], a["app_url"])
					}
					return nil
				}),
			},
		},
	})
}
