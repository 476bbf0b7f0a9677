package testsigma

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// v2ReadsAfter is how many v2 reads a wait makes in its first polls v1 polls when neither
// the v1 nor the v2 counts say anything: the attempts its schedule has spent on them.
func v2ReadsAfter(polls int) int {
	var v v2Reads
	for k := 1; k <= polls; k++ {
		if v.want(k, Progress{}) {
			v = v.record(k, 0, Counts{}, nil)
		}
	}
	return v.reads
}

func TestV2ReadsOfCountsThatSayNothingGetRarer(t *testing.T) {
	zero, one := int64(0), int64(1)
	for name, c := range map[string]struct {
		counts Counts
		want   []int
	}{
		// Metrics there but saying nothing yet (one case, none finished): the 2nd, 4th, 8th
		// and 16th poll, then every stallEvery-th: under a tenth of 100 polls.
		"zero": {Counts{Total: &one, Passed: &zero}, []int{2, 4, 8, 16, 28, 40, 52, 64, 76, 88, 100}},
		// No metrics at all: after the 2nd, the next at the 8th (the no-progress schedule's
		// two-minute poll), so that before two minutes they cost one request.
		"absent": {Counts{}, []int{2, 8, 16, 28, 40, 52, 64, 76, 88, 100}},
	} {
		var v v2Reads
		var at []int
		for k := 1; k <= 100; k++ {
			if v.want(k, Progress{}) {
				at = append(at, k)
				v = v.record(k, 0, c.counts, nil)
			}
		}
		if !slices.Equal(at, c.want) {
			t.Errorf("%s: v2 reads after polls %v, want %v", name, at, c.want)
		}
	}
}

// Inside the dense window of the v2 estimate the look reads v1, which sees the end at once,
// except when the v2 counts have grown stale; outside it v2 leads.
func TestV2LeadsOutsideTheWindow(t *testing.T) {
	var v v2Reads
	total, done := int64(20), int64(0)
	for i := range 4 {
		done = int64(i+1) * 4
		v = v.look(time.Duration(i+1)*10*sec, Counts{Total: &total, Passed: &done}, nil)
		v.alone = 0
	}
	end, sd, strong, ok := v.prog.estimate()
	if !ok || !strong {
		t.Fatal("no firm estimate")
	}
	lo, hi := window(end, sd)
	if !v.leadsAt(Progress{}, lo-sec, 0) || !v.leadsAt(Progress{}, hi, 0) {
		t.Errorf("v2 does not lead outside the window [%v, %v)", lo, hi)
	}
	if fresh := max(lo, 40*sec); fresh < hi && v.leadsAt(Progress{}, fresh, 0) {
		t.Errorf("v2 leads inside the window at %v with counts read at 40s", fresh)
	}
	if stale := 40*sec + staleInWindow; stale > lo && stale < hi && !v.leadsAt(Progress{}, stale, 0) {
		t.Errorf("stale counts in the window at %v are not read again", stale)
	}
}

// Near the estimated end, a v2 read that shows the end costs the v1 read that confirms it
// too: it is made only with a request to spare under the budget (budgetFloor), else the
// look reads v1, which sees the end alone.
func TestV2ReadsNearTheEndKeepARequestToSpare(t *testing.T) {
	var v v2Reads
	total := int64(20)
	for i := range 4 {
		done := int64(i+1) * 4
		v = v.look(time.Duration(i+1)*10*sec, Counts{Total: &total, Passed: &done}, nil)
		v.alone = 0
	}
	end, sd, _, _ := v.prog.estimate()
	stale := 40*sec + staleInWindow
	if lo, _ := window(end, sd); stale < lo || end-stale > DefaultPollInterval {
		t.Fatalf("setup: %v is not near the end %v (window from %v)", stale, end, lo)
	}
	if spare := budgetAllows(stale) - 2; !v.leadsAt(Progress{}, stale, spare) {
		t.Errorf("with %d requests made by %v, one to spare: want the stale v2 counts read", spare, stale)
	}
	if none := budgetAllows(stale) - 1; v.leadsAt(Progress{}, stale, none) {
		t.Errorf("with %d requests made by %v, none to spare: want a v1 read, not v2", none, stale)
	}
}

func TestV2ReadsStopWhenTheRouteRefuses(t *testing.T) {
	v := v2Reads{}.record(2, time.Second, Counts{}, &APIError{StatusCode: http.StatusNotFound})
	if !v.off || v.want(100, Progress{}) {
		t.Errorf("after a 404: %+v, still reading", v)
	}
	v = v2Reads{}.record(2, time.Second, Counts{}, &APIError{StatusCode: http.StatusBadGateway})
	if v.off {
		t.Error("a 502 turned the v2 reads off")
	}
}

func TestV2ReadsNotWhileV1CountsMove(t *testing.T) {
	v1 := feed(10, [2]int64{1, 0}, [2]int64{10, 2})
	if (v2Reads{}).want(2, v1) {
		t.Error("a v2 read while the v1 counts move")
	}
	if (v2Reads{}).want(1, Progress{}) {
		t.Error("a v2 read after the first poll")
	}
}

func TestV2LeadsOnceItMoves(t *testing.T) {
	ten := int64(10)
	going := Counts{Total: &ten, Passed: new(int64)}
	*going.Passed = 3
	var v v2Reads
	if v.leads(Progress{}) {
		t.Fatal("v2 leads before any reading")
	}
	one := int64(1)
	if single := v.record(2, 10*sec, Counts{Total: &one, Passed: new(int64)}, nil); single.leads(Progress{}) {
		t.Fatal("v2 leads for a single case that has not finished: it can only move at the end")
	}
	// Several cases, none finished yet: they will move before the end, so v2 leads.
	v = v.record(2, 10*sec, Counts{Total: &ten, Passed: new(int64)}, nil)
	if !v.leads(Progress{}) || v.prog.moving() {
		t.Fatal("v2 does not lead for several cases")
	}
	v = v.record(4, 20*sec, going, nil)
	if !v.leads(Progress{}) || v.want(5, Progress{}) {
		t.Fatal("moving v2 counts do not lead")
	}
	// Alone for v1Every-1 looks, then a look that reads v1 too.
	for i := range v1Every - 1 {
		if !v.leads(Progress{}) {
			t.Fatalf("look %d: v1 read too early", i)
		}
		*going.Passed++
		v = v.look(time.Duration(30+i)*sec, going, nil)
	}
	if v.leads(Progress{}) {
		t.Errorf("after %d looks alone: no v1 read", v1Every-1)
	}
	// Every case done: the next look reads v1 at once.
	done := Counts{Total: &ten, Passed: &ten}
	if v = v.record(9, 40*sec, going, nil).look(41*sec, done, nil); !allDone(done) || v.alone != 0 {
		t.Errorf("all done: alone %d", v.alone)
	}
	// v1 counts that move take over.
	if v.leads(feed(10, [2]int64{1, 0}, [2]int64{10, 2})) {
		t.Error("v2 leads while the v1 counts move")
	}
}

func TestDecodeV2Counts(t *testing.T) {
	c, ended, err := decodeV2Counts([]byte(`{"id":7,"result":"QUEUED","endTime":null,"startTime":"2024-05-29T07:29:19Z","metrics":{"totalCount":10,"passedCount":3,"failedCount":1,"stoppedCount":0,"notExecutedCount":0,"queuedCount":6,"runningCount":1}}`))
	if err != nil {
		t.Fatal(err)
	}
	if done, ok := c.Done(); !ok || done != 4 || *c.Total != 10 || ended {
		t.Errorf("counts %+v: done %d, ended %v", c, done, ended)
	}
	for _, body := range []string{`{"id":7,"metrics":null}`, `{"id":7}`, `{"id":7,"metrics":{"totalCount":null,"passedCount":null}}`} {
		c, _, err := decodeV2Counts([]byte(body))
		if _, ok := c.Done(); err != nil || ok {
			t.Errorf("%s: %+v, %v; want counts that say nothing", body, c, err)
		}
	}
}

// The v2 object says a run may have ended by its end time or a result other than QUEUED,
// in any spelling; a value the record does not show (a number, a result never seen) counts
// as an end, which costs a v1 read and cannot hide one.
func TestDecodeV2Ended(t *testing.T) {
	for body, want := range map[string]bool{
		`{"id":7,"result":"QUEUED","endTime":null}`: false,
		`{"id":7}`:                            false,
		`{"id":7,"result":null,"endTime":""}`: false,
		`{"id":7,"result":"QUEUED","endTime":"2024-05-29T07:29:23Z"}`: true,
		`{"id":7,"result":"QUEUED","endTime":1716967763000}`:          true,
		`{"id":7,"result":"FAILURE","endTime":null}`:                  true,
		`{"id":7,"result":"passed"}`:                                  true,
		`{"id":7,"result":"RUNNING"}`:                                 true,
	} {
		_, ended, err := decodeV2Counts([]byte(body))
		if err != nil || ended != want {
			t.Errorf("%s: ended %v (%v), want %v", body, ended, err, want)
		}
	}
}

// A first run whose v1 counts stay null (the emulator's default, as in the 2024 samples)
// and whose v2 metrics move: the wait estimates the end from v2, polls densely around it,
// and its v1 and v2 requests together stay within the 15-second poll's budget.
func TestWaitEstimatesTheEndFromV2Metrics(t *testing.T) {
	emu, c, clock := newEmu(t, emulator.Options{}, Options{})
	cases := make([]emulator.Case, 60)
	for i := range cases {
		cases[i] = emulator.Case{ID: int64(i + 1), Name: "c", Result: "SUCCESS"}
	}
	emu.AddPlan(emulator.Plan{ID: 1, Name: "p", Queued: 5 * time.Second, Running: 595 * time.Second, Result: "SUCCESS", Progressive: true, Seed: 3, Cases: cases})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
	if err != nil {
		t.Fatal(err)
	}
	var sawCounts bool
	got, we := c.wait(context.Background(), run, Policy{OnEvent: func(e Event) {
		if e.Kind == EventProgress {
			sawCounts = true
		}
	}})
	if we != nil {
		t.Fatal(we)
	}
	v1 := emu.Count(http.MethodGet, "/api/v1/execution_results/{id}")
	v2 := emu.Count(http.MethodGet, "/api/v2/test_runs/{id}")
	st, _ := emu.Run(run.ID)
	lag := clock.Now().Sub(st.Ended)
	if !got.Finished || v2 == 0 || !sawCounts {
		t.Fatalf("finished %v, %d v2 reads, progress events %v", got.Finished, v2, sawCounts)
	}
	// The 15-second poll spends 40 on 600s; without counts the schedule would notice the
	// end up to 15s late.
	if v1+v2 > 44 || lag > 5*time.Second {
		t.Errorf("%d v1 + %d v2 requests, noticed %v late", v1, v2, lag)
	}
}

// Null v2 metrics, null v1 counts: the wait is the no-progress schedule, plus a few v2
// reads that come out of its own budget.
func TestWaitWithNullV2MetricsIsTheNoProgressSchedule(t *testing.T) {
	emu, c, clock := newEmu(t, emulator.Options{NullV2Metrics: true}, Options{})
	emu.AddPlan(emulator.Plan{ID: 1, Name: "p", Queued: 5 * time.Second, Running: 595 * time.Second, Result: "SUCCESS",
		Progressive: true, Seed: 3, Cases: []emulator.Case{{ID: 1, Name: "a", Result: "SUCCESS"}, {ID: 2, Name: "b", Result: "SUCCESS"}}})
	run, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, we := c.wait(context.Background(), run, Policy{}); we != nil {
		t.Fatal(we)
	}
	v1 := emu.Count(http.MethodGet, "/api/v1/execution_results/{id}")
	v2 := emu.Count(http.MethodGet, "/api/v2/test_runs/{id}")
	st, _ := emu.Run(run.ID)
	// The yardstick's poll at 600s sees the end at once; so does the grid, on time.
	if lag := clock.Now().Sub(st.Ended); lag != 0 || v1+v2 > 44 || v2 > 6 {
		t.Errorf("noticed %v late, %d v1 + %d v2 requests", lag, v1, v2)
	}
}

// v2 counts lead (a look reads v2 alone) only while the v1 counts are absent: v1 counts
// that are there may start to move, and a v1 read sees that and the end alike.
func TestV2LeadsOnlyWhileV1CountsAreAbsent(t *testing.T) {
	v := v2Reads{prog: feed(40, [2]int64{6, 0}, [2]int64{30, 8})}
	if !v.leads(Progress{}) {
		t.Error("v2 counts that move do not lead while the v1 counts are null")
	}
	if v.leads(feed(40, [2]int64{6, 0})) {
		t.Error("v2 counts lead while the v1 counts are there (a total, nothing finished yet)")
	}
}
