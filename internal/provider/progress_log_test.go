package provider

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// What TF_LOG_PROVIDER=INFO shows while a run is followed: one short sentence per event,
// the link only where the wait (or a re-run) starts, and no field but run_id.
func TestLogEvents_oneSentencePerEvent(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	log := logEvents(tflogtest.RootLogger(t.Context(), &buf))
	running := testsigma.Run{ID: 5001, TestPlanID: 1001, TestPlanName: "Smoke", Status: testsigma.StatusInProgress,
		Counts: testsigma.Counts{Total: n64(40), Passed: n64(11), Failed: n64(1)}}
	done := counted(5001, 40, 38, 2)
	for _, e := range []testsigma.Event{
		{Kind: testsigma.EventStarted, Run: testsigma.Run{ID: 5001, TestPlanID: 1001, TestPlanName: "Smoke"}, URL: pinURL + "5001"},
		{Kind: testsigma.EventRetrying, Err: errors.New("GET /execution_results/5001: 503 Service Unavailable"), Failures: 1, Elapsed: 3 * time.Second},
		{Kind: testsigma.EventPolled, Run: running, Poll: 2, Elapsed: 8 * time.Second},
		{Kind: testsigma.EventStatus, Run: running, Elapsed: 8 * time.Second},
		{Kind: testsigma.EventProgress, Run: running, Elapsed: 65 * time.Second},
		{Kind: testsigma.EventRerun, Run: testsigma.Run{ID: 5003, TestPlanID: 1001}, URL: pinURL + "5003", Elapsed: 130 * time.Second},
		{Kind: testsigma.EventFinished, Run: done, Elapsed: 190 * time.Second},
	} {
		log(e)
	}
	want := []struct{ level, message string }{
		{"info", "Testsigma run 5001 of test plan 1001 (Smoke) started: " + pinURL + "5001"},
		{"warn", "Testsigma run 5001: reading its status failed (1 in a row), retrying: GET /execution_results/5001: 503 Service Unavailable"},
		{"debug", "Testsigma run 5001: polled, STATUS_IN_PROGRESS (poll 2, waited 8s)"},
		{"info", "Testsigma run 5001: STATUS_IN_PROGRESS (waited 8s)"},
		{"info", "Testsigma run 5001: 12/40 done, 1 failed (waited 1m5s)"},
		{"info", "Testsigma re-running failed tests: run 5003: " + pinURL + "5003"},
		{"info", "Testsigma run 5001 did not pass: FAILURE, 40 test cases: 38 passed, 2 failed (waited 3m10s)"},
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("%d log lines, want %d:\n%s", len(lines), len(want), buf.String())
	}
	for i, l := range lines {
		var entry map[string]any
		if err := json.Unmarshal([]byte(l), &entry); err != nil {
			t.Fatal(err)
		}
		if entry["@level"] != want[i].level || entry["@message"] != want[i].message {
			t.Errorf("line %d: [%v] %q\nwant [%s] %q", i, entry["@level"], entry["@message"], want[i].level, want[i].message)
		}
		for k, v := range entry {
			if !strings.HasPrefix(k, "@") && k != "run_id" {
				t.Errorf("line %d has field %s = %v: only run_id is wanted", i, k, v)
			}
		}
		if entry["run_id"] == nil {
			t.Errorf("line %d has no run_id", i)
		}
		if n := strings.Count(entry["@message"].(string), "http"); n > 1 || n == 1 && i != 0 && i != 5 {
			t.Errorf("line %d carries a link: only the start and a re-run do", i)
		}
	}
}
