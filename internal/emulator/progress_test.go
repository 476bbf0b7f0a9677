package emulator

import (
	"slices"
	"testing"
	"time"
)

func progressivePlan(seed int64) Plan {
	p := Plan{ID: 1, Name: "Long", Queued: time.Second, Running: 60 * time.Second, Result: "FAILURE",
		Progressive: true, Seed: seed, MovingV1Counts: true}
	for i := range 8 {
		res := "SUCCESS"
		if i%3 == 2 {
			res = "FAILURE"
		}
		p.Cases = append(p.Cases, Case{ID: int64(i + 1), Name: "c", Result: res})
	}
	return p
}

func num(m map[string]any, k string) int { return int(m[k].(float64)) }

// finishTimes walks a Progressive run in 200ms steps and notes when each case finished.
func finishTimes(t *testing.T, seed int64) []time.Duration {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(progressivePlan(seed))
	id := triggerRun(t, s, `{"executionId":1}`)
	m := getRun(t, s, id)
	wantFields(t, m, "totalCount", 8, "queuedCount", 8, "runningCount", 0, "passedCount", 0)
	clk.Advance(time.Second)
	var at []time.Duration
	done := 0
	for elapsed := time.Duration(0); elapsed <= 60*time.Second; elapsed += 200 * time.Millisecond {
		m = getRun(t, s, id)
		finished := num(m, "passedCount") + num(m, "failedCount")
		if m["status"] == "STATUS_IN_PROGRESS" {
			if num(m, "runningCount") != 1 || num(m, "totalRunningCount") != 1 ||
				num(m, "queuedCount") != 8-finished-1 || m["result"] != "QUEUED" {
				t.Fatalf("at %v: %v", elapsed, m)
			}
		}
		for ; done < finished; done++ {
			at = append(at, elapsed)
		}
		clk.Advance(200 * time.Millisecond)
	}
	wantFields(t, m, "status", "STATUS_COMPLETED", "passedCount", 6, "failedCount", 2, "queuedCount", 0, "runningCount", 0)
	return at
}

func TestProgressiveCountsMoveUnevenly(t *testing.T) {
	at := finishTimes(t, 42)
	if len(at) != 8 || at[7] != 60*time.Second {
		t.Fatalf("finish times = %v", at)
	}
	var gaps []time.Duration
	for i, a := range at {
		prev := time.Duration(0)
		if i > 0 {
			prev = at[i-1]
		}
		gaps = append(gaps, a-prev)
	}
	if slices.Min(gaps)*2 > slices.Max(gaps) {
		t.Errorf("the cases march evenly: gaps %v", gaps)
	}
	if again := finishTimes(t, 42); !slices.Equal(again, at) {
		t.Errorf("the same seed must replay: %v vs %v", again, at)
	}
	if other := finishTimes(t, 43); slices.Equal(other, at) {
		t.Errorf("another seed gave the same times: %v", other)
	}
}

func TestProgressiveCaseResultsAndStop(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(progressivePlan(1))
	id := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(31 * time.Second)
	m := getRun(t, s, id)
	finished := num(m, "passedCount") + num(m, "failedCount")
	if finished == 0 || finished == 8 {
		t.Fatalf("half-way: %v", m)
	}
	cs := caseResults(t, s, id)
	for k, c := range cs {
		if want := k < finished; (c["result"] != "QUEUED") != want {
			t.Errorf("case %d = %v with %d finished", k, c["result"], finished)
		}
	}
	r := call(t, s, "PUT", "/api/v1/execution_results/"+itoa(id), `{"result":"STOPPED"}`)
	m = decode(t, r)
	wantFields(t, m, "status", "STATUS_COMPLETED", "result", "STOPPED", "stoppedCount", 8-finished,
		"runningCount", 0, "queuedCount", 0)
	if num(m, "passedCount")+num(m, "failedCount") != finished {
		t.Errorf("a stop keeps what finished: %v", m)
	}
}

func TestNotProgressiveKeepsCountsAtZero(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	p := progressivePlan(1)
	p.Progressive = false
	s.AddPlan(p)
	id := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(50 * time.Second)
	wantFields(t, getRun(t, s, id), "status", "STATUS_IN_PROGRESS", "totalCount", 0, "passedCount", 0,
		"runningCount", 0, "queuedCount", 0, "totalRunningCount", 0)
	if cs := caseResults(t, s, id); cs[0]["result"] != "QUEUED" {
		t.Errorf("case = %v", cs[0])
	}
}

// By default the v1 counts are null while the run goes, as in the 2024 samples, and there
// once it is complete; the v2 metrics move meanwhile.
func TestV1CountsNullUntilCompleteByDefault(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	p := progressivePlan(1)
	p.MovingV1Counts = false
	s.AddPlan(p)
	id := triggerRun(t, s, `{"executionId":1}`)
	clk.Advance(40 * time.Second)
	m := getRun(t, s, id)
	for _, k := range []string{"totalCount", "passedCount", "failedCount", "queuedCount", "runningCount", "consolidatedPlanTotalCount"} {
		if v, ok := m[k]; !ok || v != nil {
			t.Errorf("%s = %v while the run goes, want null", k, v)
		}
	}
	clk.Advance(30 * time.Second)
	wantFields(t, getRun(t, s, id), "status", "STATUS_COMPLETED", "totalCount", 8, "passedCount", 6, "failedCount", 2)
}
