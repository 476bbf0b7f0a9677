package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// faultRequestTimeout is the per-request timeout of the fault tests: short, so a "Delay"
// fault costs little, yet far above what a loopback answer takes.
const faultRequestTimeout = time.Second

// bodyRecorder is an http.RoundTripper that notes, per answer, whether a 2xx body was JSON,
// so a test can prove the provider really received a truncated or malformed answer.
type bodyRecorder struct {
	mu      sync.Mutex
	badJSON map[string]int // "METHOD path" -> 2xx answers whose body was not valid JSON
}

func (b *bodyRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil || !json.Valid(body) {
		b.mu.Lock()
		b.badJSON[req.Method+" "+req.URL.Path]++
		b.mu.Unlock()
	}
	return resp, nil
}

func (b *bodyRecorder) bad(method, path string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.badJSON[method+" "+path]
}

// statusCount counts logged requests of one method and path that were answered with status
// (0: dropped, or abandoned by the client).
func statusCount(emu *emulator.Server, method, path string, status int) int {
	n := 0
	for _, r := range emu.Requests() {
		if r.Method == method && r.Path == path && r.Status == status {
			n++
		}
	}
	return n
}

const htmlGatewayPage = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>"

// Faults while waiting: every one is survived, the run is followed to its end, and nothing is
// triggered twice. Each fault must be seen happening, so the test cannot pass by missing it.
func TestFaults_duringTheWaitAreSurvived(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault  emulator.Fault
		status int // status the emulator logs for a faulted request; -1: a 200 whose body is no JSON
	}{
		"429 with Retry-After": {emulator.Fault{Status: 429, RetryAfter: "1", Times: 2}, 429},
		"429 bare":             {emulator.Fault{Status: 429, Times: 2}, 429},
		"500":                  {emulator.Fault{Status: 500, Times: 2}, 500},
		"502 HTML page":        {emulator.Fault{Status: 502, Body: htmlGatewayPage, ContentType: "text/html", Times: 1}, 502},
		"503":                  {emulator.Fault{Status: 503, Times: 2}, 503},
		"504":                  {emulator.Fault{Status: 504, Times: 1}, 504},
		// Go re-sends a GET once by itself when a reused connection is reset, so two drops
		// in a row are what the provider gets to see.
		"connection reset":         {emulator.Fault{Drop: true, Times: 2}, 0},
		"no answer before timeout": {emulator.Fault{Delay: 5 * faultRequestTimeout, Times: 1}, 0},
		"truncated JSON":           {emulator.Fault{Truncate: true, Times: 1}, -1},
		"malformed JSON":           {emulator.Fault{Malformed: "{not json", MalformedSet: true, Times: 2}, -1},
		"empty 200":                {emulator.Fault{Malformed: "", MalformedSet: true, Times: 1}, -1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			emu := planRunEmulator(t, emulator.Options{})
			// Queued before the apply, so the first polls of the run meet them.
			emu.Fault("GET /api/v1/execution_results/{id}", tc.fault)
			rec := &bodyRecorder{badJSON: map[string]int{}}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout, HTTPClient: &http.Client{Transport: rec}}),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, "test_plan_id = 1001"),
					ConfigStateChecks: []statecheck.StateCheck{
						stateAttr(runAddr, "passed", knownvalue.Bool(true)),
						stateAttr(runAddr, "status", knownvalue.StringExact("STATUS_COMPLETED")),
					},
				}},
			})
			run := onlyRun(t, emu)
			expectTriggers(t, emu, 1)
			runPath := "/api/v1/execution_results/" + itoa64(run.ID)
			if tc.status >= 0 {
				if n := statusCount(emu, "GET", runPath, tc.status); n != tc.fault.Times {
					t.Errorf("%d polls were answered %d, want the %d faulted ones", n, tc.status, tc.fault.Times)
				}
			} else if n := rec.bad("GET", runPath); n != tc.fault.Times {
				t.Errorf("the provider received %d unreadable 200 answers, want the %d faulted ones", n, tc.fault.Times)
			}
		})
	}
}

// Faults on the trigger. An answer that may have come after the server made the run (a
// gateway's 502/503/504, a reset, no answer, a cut-off body) is reconciled: the run is
// found among the plan's runs and adopted, so there is exactly one. The POST is sent again
// only when the server provably started nothing (429): when the look finds nothing, the one
// POST stands and the apply says a run may have started and what to look for. A refusal
// from Testsigma itself says no run was started.
func TestFaults_atTriggerNeverStartTwoRuns(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault       emulator.Fault
		plan        int64
		want        *regexp.Regexp // nil: the apply succeeds
		posts, runs int
	}{
		"429 retried":                         {emulator.RateLimited("1").Once(), 1001, nil, 2, 1},
		"503 before anything was made":        {emulator.Status(503).Once(), 1001, nothingFound(1001, 0), 1, 0},
		"502 HTML page, nothing made":         {emulator.StatusBody(502, "text/html", htmlGatewayPage).Once(), 1001, nothingFound(1001, 0), 1, 0},
		"gateway {message} 500, nothing made": {emulator.StatusBody(500, "application/json", `{"message": "Internal server error"}`).Once(), 1001, nothingFound(1001, 0), 1, 0},
		"502 after the run was made":          {emulator.After(502).Once(), 1001, nil, 1, 1},
		"503 after the run was made":          {emulator.After(503).Once(), 1001, nil, 1, 1},
		"504 after the run was made":          {emulator.After(504).Once(), 1001, nil, 1, 1},
		"reset after the run started":         {emulator.DropAfter().Once(), 1001, nil, 1, 1},
		"no answer after the run started":     {emulator.HangAfter(5 * faultRequestTimeout).Once(), 1001, nil, 1, 1},
		"truncated answer":                    {emulator.Truncated().Once(), 1001, nil, 1, 1},
		"500 from Testsigma":                  {emulator.Status(500).Once(), 1001, words("Cannot start the Testsigma run", "no run of test plan 1001 was started", "500 Internal Server Error", "Emulated fault"), 1, 0},
		"unknown plan":                        {emulator.Fault{}, 999, words("no run of test plan 999 was started", "500 Internal Server Error", `Could not find resource with id:\s*999`), 1, 0},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			emu := planRunEmulator(t, emulator.Options{})
			if tc.fault != (emulator.Fault{}) {
				emu.Fault("POST /api/v1/execution_results", tc.fault)
			}
			step := resource.TestStep{Config: runConfig(emu, "test_plan_id = "+itoa64(tc.plan)), ExpectError: tc.want}
			if tc.want == nil {
				step.ConfigStateChecks = []statecheck.StateCheck{
					stateAttr(runAddr, "passed", knownvalue.Bool(true)),
					stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
						if runs := emu.Runs(); len(runs) == 0 || id != itoa64(runs[len(runs)-1].ID) {
							return fmt.Errorf("state has run %s, not the one in Testsigma", id)
						}
						return nil
					})),
				}
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
				Steps:                    []resource.TestStep{step},
			})
			expectTriggers(t, emu, tc.posts)
			if runs := emu.Runs(); len(runs) != tc.runs {
				t.Errorf("the emulator has %d runs, want %d", len(runs), tc.runs)
			}
			if tc.fault.Status != 0 && statusCount(emu, "POST", "/api/v1/execution_results", tc.fault.Status) != 1 {
				t.Errorf("the faulted %d answer was never sent", tc.fault.Status)
			}
		})
	}
}

// When the run an ambiguous answer may have made cannot be told apart from another (the
// same plan started elsewhere with the same inputs), or the plan's runs cannot be read, the
// apply fails honestly, lists what it found, and starts nothing more.
func TestFaults_ambiguousTriggerThatCannotBeReconciled(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/execution_results", emulator.After(503).Once())
	emu.Fault("GET /api/v2/test_runs", emulator.Status(500))
	emu.Fault("GET /api/v1/test_runs", emulator.Status(500))
	emu.Fault("GET /api/v1/test_plans/{id}", emulator.Status(500))
	emu.Fault("GET /api/v1/test_plans", emulator.Status(500))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = 1001"),
			ExpectError: words("A Testsigma run may have started", "a run of test plan 1001 may have started", "could not be checked", "import the run", "did not retry"),
		}},
	})
	expectTriggers(t, emu, 1)
}

// A refused connection proves nothing reached the server: the error says no run was started.
func TestFaults_connectionRefusedAtTrigger(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + l.Addr().String()
	l.Close()
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config: providerWith(base, "k") +
				"resource \"testsigma_plan_run\" \"smoke\" {\n  test_plan_id = 1001\n}\n",
			ExpectError: words("Cannot start the Testsigma run", "no run of test plan 1001 was started", "connection was refused"),
		}},
	})
}

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
// limit). At the timeout nothing newer than the trigger's answer says the run goes, so no
// stop is sent (a stop on an old read ends another run of the plan when ours is over); the
// apply fails without a verdict, and the next apply resumes the same run and judges its
// real end.
func TestFaults_starvedTimeoutNeverStopsFromAnOldReadAndIsResumed(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	emu.AddPlan(emulator.Plan{ID: 4100, Name: "Quick", Running: time.Minute, Result: "SUCCESS", Cases: []emulator.Case{{ID: 1, Name: "Login", Result: "SUCCESS"}}})
	emu.OnRequest(func(r emulator.Request) {
		if r.Method == "POST" {
			clock.Advance(time.Hour) // the run is over before the first poll
			emu.Fault("GET /api/v1/execution_results/{id}", emulator.RateLimited(""))
		}
	})
	cfg := runConfig(emu, "test_plan_id = 4100\ntimeouts {\n create = \"10s\"\n}")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: words(`Timed out waiting for the Testsigma run`, `so it was not stopped`)},
			{
				PreConfig: emu.ClearFaults,
				Config:    cfg,
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "id", knownvalue.StringExact("5001")),
					stateAttr(runAddr, "passed", knownvalue.Bool(true)), stateAttr(runAddr, "result", knownvalue.StringExact("SUCCESS")),
				},
			},
		},
	})
	expectTriggers(t, emu, 1)
	if run := onlyRun(t, emu); run.Result != "SUCCESS" || run.StopRequests != 0 {
		t.Errorf("run %+v: want it passed, and no stop sent", run)
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
					if a["id"] != "5001" || strings.Contains(a["app_url"], "/runs/999") {
						return fmt.Errorf("state has id %s, app_url %s", a["id"], a["app_url"])
					}
					return nil
				}),
			},
		},
	})
}

// Through the real CLI, on the runs listing as Testsigma documents it
// (api/test-results-at-all-levels.md, revision ad26c61e: items without status, environment
// or config, no promised order, pagination {page, pageSize, isLast, totalElements}): a lost
// trigger answer never becomes a second run, and the run in state is the one this apply made.
func TestFidelity_lostAnswersOnTheDocumentedListing(t *testing.T) {
	t.Parallel()
	documentedListing := emulator.Options{} // the emulator's default is the documented shape
	cases := map[string]struct {
		opts        emulator.Options
		setup       func(*emulator.Server)
		args        string
		fault       emulator.Fault
		posts, runs int
	}{
		// Issue #19's first case (api-evidence harm 1, Demo A).
		"environment_id set, 502 after the run was made": {
			opts: documentedListing, args: "environment_id = 21\n  build_number = \"v1.2\"",
			fault: emulator.After(502), posts: 1, runs: 1,
		},
		// Harm 2 (Demo B): 25 older runs, oldest first, 20 to a page.
		"a busy plan listed oldest first": {
			opts: documentedListing, setup: func(emu *emulator.Server) {
				for range 25 {
					emu.StartRun(planPass)
				}
			},
			args: "build_number = \"b05\"", fault: emulator.After(504), posts: 1, runs: 26,
		},
		// Harm 4: a load balancer's {"message"} 500 after the run was made (before: see
		// TestFaults_atTriggerNeverStartTwoRuns).
		"gateway 500 after the run was made": {
			opts: documentedListing, fault: emulator.Fault{Status: 500, AfterHandle: true, Body: `{"message": "Internal server error"}`},
			posts: 1, runs: 1,
		},
		// Harm 4, rule 1: the run shows in the listing only 20 s after it was made.
		"a listing that lags": {
			opts: emulator.Options{ListingLag: 20e9}, fault: emulator.After(503), posts: 1, runs: 1,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			tc.opts.Clock = testClock
			emu := planRunEmulator(t, tc.opts)
			if tc.setup != nil {
				tc.setup(emu)
			}
			emu.Fault("POST /api/v1/execution_results", tc.fault.Once())
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
				Steps: []resource.TestStep{{
					Config: runConfig(emu, "test_plan_id = "+itoa64(planPass)+"\n  "+tc.args),
					ConfigStateChecks: []statecheck.StateCheck{
						stateAttr(runAddr, "passed", knownvalue.Bool(true)),
						stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
							if runs := emu.Runs(); id != itoa64(runs[len(runs)-1].ID) || runs[len(runs)-1].TriggeredType != "API" {
								return fmt.Errorf("state has run %s, not the run this apply started", id)
							}
							return nil
						})),
					},
				}},
			})
			expectTriggers(t, emu, tc.posts)
			if runs := emu.Runs(); len(runs) != tc.runs {
				t.Errorf("the emulator has %d runs, want %d", len(runs), tc.runs)
			}
		})
	}
}

// Harm 3 and D1 through the CLI: a genuine 503 (nothing made) while another pipeline's API
// run of the same plan, with the same (empty) build number, finished moments ago. That run
// is not adopted, judged or stopped, nor named as a candidate (it is below the watermark);
// the trigger is not sent again, and the apply says a run above it may have started.
func TestFidelity_anotherPipelinesRunIsNeverAdopted(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	theirs := triggerElsewhere(t, emu, planFail)
	emu.Fault("POST /api/v1/execution_results", emulator.Status(503).Once())
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, "test_plan_id = "+itoa64(planFail)+"\n  on_failure = \"warning\""),
			ExpectError: nothingFound(planFail, theirs),
		}},
	})
	if st, _ := emu.Run(theirs); st.StopRequests != 0 {
		t.Errorf("the other pipeline's run got %d stop requests", st.StopRequests)
	}
	expectTriggers(t, emu, 2) // theirs, and the one whose answer was lost
	if n := len(emu.Runs()); n != 1 {
		t.Errorf("the emulator has %d runs, want theirs alone", n)
	}
}

// triggerElsewhere starts a run of the plan through the API, as another pipeline would (its
// triggeredType is API, unlike emulator.StartRun's SCHEDULED), and returns its id.
func triggerElsewhere(t *testing.T, emu *emulator.Server, planID int64) int64 {
	t.Helper()
	c, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{})
	if err != nil {
		t.Fatal(err)
	}
	run, err := c.Trigger(t.Context(), testsigma.TriggerRequest{TestPlanID: planID})
	if err != nil {
		t.Fatal(err)
	}
	return run.ID
}

// R04 (D1): a replacement whose trigger gets a genuine 503 (nothing made) does not adopt
// the run it replaces, which is the plan's newest and matches every input: the watermark
// read before the trigger puts it out of reach. The trigger is not sent again: the apply
// says a run may have started, and only the replaced run exists.
func TestFidelity_replacementNeverAdoptsTheReplacedRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{Clock: testClock})
	var first string
	cfg := func(release string) string {
		return runConfig(emu, "test_plan_id = "+itoa64(planPass)+"\n  triggers = { release = \""+release+"\" }")
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{RequestTimeout: faultRequestTimeout}),
		Steps: []resource.TestStep{
			{Config: cfg("v1"), ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringFunc(func(id string) error {
				first = id
				return nil
			}))}},
			{
				PreConfig:   func() { emu.Fault("POST /api/v1/execution_results", emulator.Status(503).Once()) },
				Config:      cfg("v2"),
				ExpectError: nothingFound(planPass, 0),
			},
		},
	})
	expectTriggers(t, emu, 2) // v1, and the replacement whose answer was lost
	if runs := emu.Runs(); len(runs) != 1 || itoa64(runs[0].ID) != first {
		t.Errorf("the emulator has %d runs, want only the replaced run %s", len(runs), first)
	}
}

// Old #8 (c) (reliability-probe.md, L10): a fire-and-forget run 5001 of plan 4001 is in
// state; then the provider points at another account, where run 5001 is another plan's,
// finished red. A refresh keeps state as it was (plan, build, status, result): it never
// adopts that run.
func TestOld8_refreshNeverAdoptsAnotherPlansRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nbuild_number = \"b1\"\nwait_for_completion = false")
	var before map[string]string
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					before = a
					return nil
				}),
			},
			{
				PreConfig: func() {
					emu.Fault("GET /api/v1/execution_results/{id}", emulator.Malformed(`{"id":5001,"executionId":2001,"buildNo":"l10","status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":2001,"name":"Regression - payments"}}`))
				},
				RefreshState: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					for _, k := range []string{"id", "test_plan_id", "build_number", "test_plan_name", "status", "result", "finished"} {
						if a[k] != before[k] {
							return fmt.Errorf("%s changed from %q to %q: the refresh adopted the other plan's run", k, before[k], a[k])
						}
					}
					return nil
				}),
			},
		},
	})
}
