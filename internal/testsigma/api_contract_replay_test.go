package testsigma

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// contractChecks decode each sample through the client's public calls (the runs listing,
// which has none, through plansRuns) and compare the result with the sample. The same
// checks run over committed samples (TestContract_replay) and over a fresh recording
// (TestAcc_recordContract).
var contractChecks = []struct {
	name  string
	check func(t *testing.T, src samples)
}{
	{"trigger", func(t *testing.T, src samples) { checkTrigger(t, src, "trigger.json") }},
	{"trigger_2024", func(t *testing.T, src samples) { checkTrigger(t, src, "trigger_2024.json") }},
	{"run", checkRunStatus},
	{"stop", checkStop},
	{"test_case_results", checkTestCases},
	{"step_results", checkSteps},
	{"junit", checkJUnit},
	{"saved_configs", checkSavedConfigs},
	{"test_plans", checkTestPlans},
	{"test_plan", checkTestPlan},
	{"environments", checkEnvironments},
	{"environment", checkEnvironment},
	{"runs", checkRunsListing},
	{"schedule", checkSchedule},
}

func TestContract_replay(t *testing.T) {
	for _, c := range contractChecks {
		t.Run(c.name, func(t *testing.T) { c.check(t, committedSamples) })
	}
}

// replayer answers the client's routes with samples, over real HTTP, and keeps what the
// client sent.
type replayer struct {
	t    *testing.T
	src  samples
	mux  *http.ServeMux
	mu   sync.Mutex
	sent []string // request bodies, in order
}

func newReplayer(t *testing.T, src samples) *replayer {
	return &replayer{t: t, src: src, mux: http.NewServeMux()}
}

// load is a sample's bytes and JSON (nil for XML); a sample the source lacks skips the check.
func (r *replayer) load(name string) ([]byte, any) {
	r.t.Helper()
	body, ok := r.src(name)
	if !ok {
		r.t.Skipf("no %s to check", name)
	}
	if strings.HasSuffix(name, ".xml") {
		return body, nil
	}
	return body, jsonOf(r.t, name, body)
}

func (r *replayer) serve(pattern, contentType string, body []byte) {
	r.mux.HandleFunc(pattern, func(w http.ResponseWriter, req *http.Request) {
		b, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.sent = append(r.sent, string(b))
		r.mu.Unlock()
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})
}

func (r *replayer) client() *Client {
	srv := httptest.NewServer(r.mux)
	r.t.Cleanup(srv.Close)
	c, err := New(srv.URL, testKey, Options{Clock: newFakeClock()})
	if err != nil {
		r.t.Fatal(err)
	}
	return c
}

const jsonType = "application/json"

func val(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// checkRunFields compares a decoded run with the run object of a sample: the fields the
// resource, the data source and the wait engine read. Counts must be there, null or not.
func checkRunFields(t *testing.T, what string, f jfields, run Run) {
	t.Helper()
	f.need(t, what, "id", "status", "result", "message", "startTime", "endTime", "duration", "buildNo", "environmentId",
		"totalCount", "passedCount", "failedCount")
	sameAs(t, what+".id", run.ID, val(jint(f["id"])))
	status := strings.TrimSpace(jstr(f["status"]))
	if cs := jstr(f["consolidatedStatus"]); cs != "" && !IsFinishedStatus(cs) {
		status = cs // an automatic re-run is still going
	}
	if f["childResult"] == nil { // a re-run chain decides by its last run, checked elsewhere
		result := jstr(f["consolidatedResult"])
		if result == "" {
			result = jstr(f["result"])
		}
		sameAs(t, what+".status", run.Status, status)
		sameAs(t, what+".result", run.Result, NormalizeResult(result))
		sameAs(t, what+" finished", run.Finished, IsFinishedStatus(status))
	}
	sameAs(t, what+".message", run.Message, strings.TrimSpace(jstr(f["message"])))
	sameAs(t, what+".buildNo", run.BuildNumber, jstr(f["buildNo"]))
	sameAs(t, what+".environmentId", run.EnvironmentID, jint(f["environmentId"]))
	sameAs(t, what+".startTime", run.StartedAt, jtime(f["startTime"]))
	sameAs(t, what+".endTime", run.FinishedAt, jtime(f["endTime"]))
	var d *time.Duration
	if ms := jint(f["duration"]); ms != nil {
		x := time.Duration(*ms) * time.Millisecond
		d = &x
	}
	sameAs(t, what+".duration", run.Duration, d)
	sameAs(t, what+".totalCount", run.Counts.Total, jint(f["totalCount"]))
	sameAs(t, what+".passedCount", run.Counts.Passed, jint(f["passedCount"]))
	sameAs(t, what+".failedCount", run.Counts.Failed, jint(f["failedCount"]))
}

// planOf is the plan id a v1 run object names: executionId, else the nested execution's id.
func planOf(t *testing.T, f jfields) *int64 {
	if id := jint(f["executionId"]); id != nil {
		return id
	}
	if e, ok := f["execution"].(map[string]any); ok {
		return jint(e["id"])
	}
	t.Errorf("the run object names no test plan (neither executionId nor execution.id)")
	return nil
}

// The trigger's answer: the run id the resource writes to state at once, and its status.
func checkTrigger(t *testing.T, src samples, name string) {
	r := newReplayer(t, src)
	body, v := r.load(name)
	f := jobject(t, v, name)
	r.serve("POST /api/v1/execution_results", jsonType, body)
	plan := planOf(t, f)
	run, err := r.client().Trigger(t.Context(), TriggerRequest{TestPlanID: val(plan)})
	if err != nil {
		t.Fatalf("Trigger: %v", err)
	}
	checkRunFields(t, name, f, run)
	sameAs(t, name+" test plan", run.TestPlanID, val(plan))
}

// The status answer the wait engine polls, with the plan's name nested in execution.
func checkRunStatus(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("run.json")
	f := jobject(t, v, "run.json")
	f.need(t, "run.json", "execution")
	r.serve("GET /api/v1/execution_results/{id}", jsonType, body)
	run, err := r.client().GetRun(t.Context(), val(jint(f["id"])))
	if err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	checkRunFields(t, "run.json", f, run)
	sameAs(t, "run.json test plan", run.TestPlanID, val(planOf(t, f)))
	if e, ok := f["execution"].(map[string]any); ok {
		sameAs(t, "run.json execution.name", run.TestPlanName, jstr(e["name"]))
	}
}

// Stop (this run only), then the stopped run as the next poll reads it.
func checkStop(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("stop.json")
	f := jobject(t, v, "stop.json")
	r.serve("PUT /api/v1/execution_results/{id}", jsonType, body)
	r.serve("GET /api/v1/execution_results/{id}", jsonType, body)
	c := r.client()
	id := val(jint(f["id"]))
	if _, err := c.stopRun(t.Context(), id); err != nil {
		t.Fatalf("stopRun: %v", err)
	}
	if len(r.sent) != 1 || !strings.Contains(r.sent[0], `"canStopAll":false`) || !strings.Contains(r.sent[0], `"result":"STOPPED"`) {
		t.Errorf("stop body %q does not stop this run only", r.sent)
	}
	run, err := c.GetRun(t.Context(), id)
	if err != nil {
		t.Fatalf("GetRun: %v", err)
	}
	checkRunFields(t, "stop.json", f, run)
}

// The runs listing the client searches when a trigger's answer was lost (spec 2.12, 7.2).
func checkRunsListing(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("runs.json")
	list := jitems(t, v, "runs.json")
	if len(list) == 0 {
		t.Fatal("runs.json lists no run")
	}
	r.serve("GET /api/v2/test_runs", jsonType, body)
	r.serve("GET /api/v1/test_runs", jsonType, body)
	first := jobject(t, list[0], "runs.json content[0]")
	runs, complete, err := r.client().planRuns(t.Context(), val(jint(first["testPlanId"])), 0)
	if err != nil || !complete || len(runs) != len(list) {
		t.Fatalf("planRuns: %d runs (complete %v), %v; the sample lists %d", len(runs), complete, err, len(list))
	}
	for i, it := range list {
		f := jobject(t, it, "runs.json item")
		f.need(t, "runs.json item", "id", "testPlanId", "buildNo", "startTime", "triggeredType", "result")
		got := runs[i]
		sameAs(t, "runs.json id", got.ID, val(jint(f["id"])))
		sameAs(t, "runs.json testPlanId", got.TestPlanID, val(jint(f["testPlanId"])))
		sameAs(t, "runs.json buildNo", got.BuildNumber, jstr(f["buildNo"]))
		sameAs(t, "runs.json startTime", got.StartedAt, jtime(f["startTime"]))
		sameAs(t, "runs.json triggeredType", got.TriggeredType, strings.ToUpper(jstr(f["triggeredType"])))
		sameAs(t, "runs.json result", got.Result, NormalizeResult(jstr(f["result"])))
	}
}
