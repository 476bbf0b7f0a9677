package testsigma

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	updateContract = flag.Bool("update", false, "TestAcc_recordContract: write the recorded answers, redacted, into testdata/contract")
	recordStop     = flag.Bool("record-stop", false, "TestAcc_recordContract: also start one more run of the plan and stop it, to record the stop answer")
)

// sampleRoutes name the answer of each endpoint the client uses, by method and path (any
// base path before /api, as on-premise installations have).
var sampleRoutes = []struct {
	method string
	path   *regexp.Regexp
	name   string
}{
	{"POST", regexp.MustCompile(`/api/v1/execution_results$`), "trigger.json"},
	{"GET", regexp.MustCompile(`/api/v1/execution_results/\d+$`), "run.json"},
	{"PUT", regexp.MustCompile(`/api/v1/execution_results/\d+$`), "stop.json"},
	{"GET", regexp.MustCompile(`/api/v1/execution_results/\d+/test_case_results$`), "test_case_results.json"},
	{"GET", regexp.MustCompile(`/api/v[12]/test_runs/\d+/test_case_results/\d+/step_results$`), "step_results.json"},
	{"GET", regexp.MustCompile(`/api/v1/reports/junit/\d+$`), "junit.xml"},
	{"GET", regexp.MustCompile(`/api/v1/saved_execution_configs$`), "saved_configs.json"},
	{"GET", regexp.MustCompile(`/api/v1/test_plans$`), "test_plans.json"},
	{"GET", regexp.MustCompile(`/api/v1/test_plans/\d+$`), "test_plan.json"},
	{"GET", regexp.MustCompile(`/api/v1/environments$`), "environments.json"},
	{"GET", regexp.MustCompile(`/api/v1/environments/\d+$`), "environment.json"},
	{"GET", regexp.MustCompile(`/api/v[12]/test_runs$`), "runs.json"},
}

// recorder is the client's transport: it passes every request on and keeps the last
// successful answer of each endpoint (the last poll of a run is the finished run).
type recorder struct {
	mu      sync.Mutex
	answers map[string][]byte
	only    string // when set, keep only this sample
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || resp.StatusCode/100 != 2 {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return resp, err
	}
	for _, rt := range sampleRoutes {
		r.mu.Lock()
		if rt.method == req.Method && rt.path.MatchString(req.URL.Path) && (r.only == "" || r.only == rt.name) {
			r.answers[rt.name] = body
		}
		r.mu.Unlock()
	}
	return resp, nil
}

func (r *recorder) keepOnly(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.only = name
}

func (r *recorder) sample(name string) ([]byte, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, ok := r.answers[name]
	return b, ok
}

// TestAcc_recordContract calls every endpoint the client uses against a real account,
// checks each answer as TestContract_replay checks the committed samples, and with
// -update writes them, redacted, over the samples. It starts runs of the plans it is given
// and stops only a run it started (-record-stop).
func TestAcc_recordContract(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("records answers of a real Testsigma account only with TF_ACC=1")
	}
	key, plan := os.Getenv("TESTSIGMA_API_KEY"), os.Getenv("TESTSIGMA_TEST_PLAN_ID")
	var missing []string
	for _, v := range []string{"TESTSIGMA_API_KEY", "TESTSIGMA_TEST_PLAN_ID"} {
		if os.Getenv(v) == "" {
			missing = append(missing, v)
		}
	}
	if len(missing) > 0 {
		t.Skipf("not recorded, as these are not set: %s", strings.Join(missing, ", "))
	}
	planID, err := strconv.ParseInt(plan, 10, 64)
	if err != nil {
		t.Fatalf("TESTSIGMA_TEST_PLAN_ID = %q is not a test plan id", plan)
	}
	base := os.Getenv("TESTSIGMA_BASE_URL")
	if base == "" {
		base = DefaultBaseURL
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
	defer cancel()
	rec := &recorder{answers: map[string][]byte{}}
	c := recordingClient(t, base, key, rec)
	recordRuns(t, ctx, c, rec, planID)
	recordLookups(t, ctx, c, planID)
	if *recordStop {
		// Only the stop is kept: this run's trigger answer must not replace the passing run's.
		rec.keepOnly("stop.json")
		run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: planID, BuildNumber: "contract-stop"})
		if err == nil {
			_, err = c.stopRun(ctx, run.ID)
		}
		if err != nil {
			t.Errorf("recording the stop: %v", err)
		}
	}
	for _, ch := range contractChecks {
		t.Run(ch.name, func(t *testing.T) { ch.check(t, rec.sample) })
	}
	if *updateContract && !t.Failed() {
		writeSamples(t, rec, base, key)
	}
}

func recordingClient(t *testing.T, base, key string, rec *recorder) *Client {
	c, err := New(base, key, Options{HTTPClient: &http.Client{Transport: rec}, Version: "contract-recording"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordRuns: a run of the failing plan (when given) for the steps of a failed test, then
// the passing plan's run, whose answers are the ones kept for the run endpoints.
func recordRuns(t *testing.T, ctx context.Context, c *Client, rec *recorder, planID int64) {
	policy := Policy{AllCases: true}
	if failing, err := strconv.ParseInt(os.Getenv("TESTSIGMA_FAILING_TEST_PLAN_ID"), 10, 64); err == nil {
		if run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: failing, BuildNumber: "contract-failing"}); err != nil {
			t.Errorf("trigger of the failing plan: %v", err)
		} else if _, werr := c.Follow(ctx, run, policy); werr != nil {
			t.Errorf("waiting for the failing plan: %v", werr)
		}
	}
	run, err := c.Trigger(ctx, TriggerRequest{TestPlanID: planID, BuildNumber: "contract-" + time.Now().UTC().Format("20060102")})
	if err != nil {
		t.Fatalf("trigger: %v", err)
	}
	o, werr := c.Follow(ctx, run, policy)
	if werr != nil {
		t.Fatalf("waiting for run %d: %v", run.ID, werr)
	}
	if _, err := c.JUnitReport(ctx, run.ID); err != nil {
		t.Errorf("JUnit report: %v", err)
	}
	if _, _, err := c.planRuns(ctx, planID, 0); err != nil {
		t.Errorf("runs listing: %v", err)
	}
	if _, ok := rec.sample("step_results.json"); !ok && len(o.Cases) > 0 {
		// No failed test to explain: the steps of a passing one have the same shape.
		if _, _, _, err := c.failedStep(ctx, run.ID, o.Cases[0].ResultID, 2); err != nil {
			t.Errorf("step results: %v", err)
		}
	}
}

func recordLookups(t *testing.T, ctx context.Context, c *Client, planID int64) {
	if _, err := c.SavedConfigs(ctx); err != nil {
		t.Errorf("saved configs: %v", err)
	}
	p, err := c.TestPlan(ctx, planID)
	if err != nil {
		t.Fatalf("test plan %d: %v", planID, err)
	}
	if _, err := c.TestPlans(ctx, p.Name); err != nil {
		t.Errorf("test plans: %v", err)
	}
	name := os.Getenv("TESTSIGMA_ENVIRONMENT_NAME")
	if name == "" {
		t.Log("environments not recorded: set TESTSIGMA_ENVIRONMENT_NAME")
		return
	}
	l, err := c.Environments(ctx, name)
	if err != nil || len(l.Matches) == 0 {
		t.Errorf("environment %q: %v (found %d)", name, err, len(l.Matches))
		return
	}
	if _, err := c.Environment(ctx, l.Matches[0].ID); err != nil {
		t.Errorf("environment %d: %v", l.Matches[0].ID, err)
	}
}

// writeSamples writes each recorded answer, redacted and indented, and marks it recorded in
// the samples' README; what was not recorded keeps its sample and its line.
func writeSamples(t *testing.T, rec *recorder, base, key string) {
	host := base
	if u, err := url.Parse(base); err == nil && u.Host != "" {
		host = u.Host
	}
	source := "recorded from " + host + " (" + time.Now().UTC().Format("2006-01-02") + ")"
	readme, err := os.ReadFile(filepath.Join(contractDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(readme), "\n")
	for name, body := range rec.answers {
		body = redactSample(name, body, key)
		if strings.HasSuffix(name, ".json") {
			var out bytes.Buffer
			if err := json.Indent(&out, bytes.TrimSpace(body), "", "  "); err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			body = append(out.Bytes(), '\n')
		}
		if err := os.WriteFile(filepath.Join(contractDir, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
		for i, l := range lines {
			if strings.HasPrefix(l, "| `"+name+"` |") {
				lines[i] = "| `" + name + "` | " + source + " |"
			}
		}
	}
	if err := os.WriteFile(filepath.Join(contractDir, "README.md"), []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
}
