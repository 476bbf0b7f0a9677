package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
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
// only when the server provably started nothing (429), or when the look finds nothing; a
// refusal from Testsigma itself says no run was started.
func TestFaults_atTriggerNeverStartTwoRuns(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault       emulator.Fault
		plan        int64
		want        *regexp.Regexp // nil: the apply succeeds
		posts, runs int
	}{
		"429 retried":                     {emulator.RateLimited("1").Once(), 1001, nil, 2, 1},
		"503 before anything was made":    {emulator.Status(503).Once(), 1001, nil, 2, 1},
		"502 HTML page, nothing made":     {emulator.StatusBody(502, "text/html", htmlGatewayPage).Once(), 1001, nil, 2, 1},
		"502 after the run was made":      {emulator.After(502).Once(), 1001, nil, 1, 1},
		"503 after the run was made":      {emulator.After(503).Once(), 1001, nil, 1, 1},
		"504 after the run was made":      {emulator.After(504).Once(), 1001, nil, 1, 1},
		"reset after the run started":     {emulator.DropAfter().Once(), 1001, nil, 1, 1},
		"no answer after the run started": {emulator.HangAfter(5 * faultRequestTimeout).Once(), 1001, nil, 1, 1},
		"truncated answer":                {emulator.Truncated().Once(), 1001, nil, 1, 1},
		"500 from Testsigma":              {emulator.Status(500).Once(), 1001, words("Cannot start the Testsigma run", "no run of test plan 1001 was started", "500 Internal Server Error", "Emulated fault"), 1, 0},
		"unknown plan":                    {emulator.Fault{}, 999, words("no run of test plan 999 was started", "500 Internal Server Error", `Could not find resource with id:\s*999`), 1, 0},
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
