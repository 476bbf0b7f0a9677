package testsigma

import (
	"testing"
	"time"
)

// Shape tests of the schedule told the run's counts (NextPollWith). Notice lag and request
// counts are measured by `make bench`; these pin what the schedule does with what it is told.

// drive follows NextPollWith, on time and without an expectation, on a run of total cases
// of which done(t) have finished at t, that ends at end. It returns the poll times up to the
// first at or after end.
func drive(total int64, done func(time.Duration) int64, end time.Duration) []time.Duration {
	var prog Progress
	var at time.Duration
	var out []time.Duration
	for attempt := 0; at < end; attempt++ {
		at += NextPollWith(at, attempt, 0, 0, prog)
		out = append(out, at)
		prog = prog.Observe(at, min(done(at), total), total)
	}
	return out
}

// steady is a run that queues for queue, then finishes total cases in turn, each taking a
// share of running weighted by weights (repeated), the last one ending at queue+running.
func steady(total int64, queue, running time.Duration, weights ...float64) func(time.Duration) int64 {
	if len(weights) == 0 {
		weights = []float64{1}
	}
	var sum float64
	for i := range total {
		sum += weights[int(i)%len(weights)]
	}
	return func(t time.Duration) int64 {
		var acc float64
		for i := range total {
			acc += weights[int(i)%len(weights)]
			if t < queue+time.Duration(float64(running)*acc/sum) {
				return i
			}
		}
		return total
	}
}

func gaps(times []time.Duration) []time.Duration {
	out := make([]time.Duration, len(times))
	var prev time.Duration
	for i, at := range times {
		out[i], prev = at-prev, at
	}
	return out
}

func TestNextPollWithoutCountsIsNextPoll(t *testing.T) {
	var none Progress
	zero := none.Observe(time.Second, 0, 0).observe(2*time.Second, Counts{})
	for _, expected := range append([]time.Duration{0}, scheduleExpectations...) {
		for _, interval := range append([]time.Duration{0}, scheduleIntervals...) {
			for attempt := range 40 {
				elapsed := time.Duration(attempt) * 7 * time.Second
				want := NextPoll(elapsed, attempt, expected, interval)
				if a, b := NextPollWith(elapsed, attempt, expected, interval, none), NextPollWith(elapsed, attempt, expected, interval, zero); a != want || b != want {
					t.Fatalf("expected %v, interval %v, attempt %d: %v and %v, want NextPoll's %v", expected, interval, attempt, a, b, want)
				}
			}
		}
	}
}

// onTime follows NextPoll without an expectation, on time, up to until, and returns the
// poll times.
func onTime(until time.Duration) []time.Duration {
	var out []time.Duration
	var at time.Duration
	for attempt := 0; at < until; attempt++ {
		at += NextPoll(at, attempt, 0, 0)
		out = append(out, at)
	}
	return out
}

func TestNextPollFirstRunNeverBehindTheYardstick(t *testing.T) {
	polls := onTime(3 * time.Hour)
	// Before two minutes: the yardstick's 7 polls, one a second after the trigger, two for
	// runs of a few seconds and two around half a minute, 4s apart.
	want := []time.Duration{time.Second, 6 * time.Second, 14 * time.Second, 28 * time.Second, 32 * time.Second, 65 * time.Second, 91 * time.Second}
	for i, at := range want {
		if polls[i] != at {
			t.Fatalf("poll %d at %v, want %v (all: %v)", i, polls[i], at, polls[:8])
		}
	}
	// From two minutes on: every poll of the yardstick, at the very same moment, and no
	// other; so as many requests, and never a later notice.
	for i, at := range polls[len(want):] {
		if yard := gridFrom + time.Duration(i)*DefaultPollInterval; at != yard {
			t.Fatalf("poll %d at %v, want the yardstick's %v", len(want)+i, at, yard)
		}
	}
	for _, l := range []time.Duration{2 * time.Minute, 10 * time.Minute, time.Hour} {
		n := 0
		for _, at := range polls {
			if n++; at >= l {
				break
			}
		}
		if yard := ceilDiv(l, DefaultPollInterval); n > yard {
			t.Errorf("a run of %v: %d requests, the yardstick's %d", l, n, yard)
		}
	}
}

func TestNextPollFirstRunGridIsExempt(t *testing.T) {
	// The grid's polls are the yardstick's own: the engine must not jitter them late.
	if _, grid := nextPoll(120*time.Second, 8, 0, 0); !grid {
		t.Error("the poll after two minutes is not on the grid")
	}
	if _, grid := nextPoll(27*time.Second, 2, 0, 0); grid {
		t.Error("a ramp poll counts as the grid")
	}
	// Attempts spent elsewhere (v2 reads) use up ramp marks, never add polls.
	if d := NextPoll(6*time.Second, 3, 0, 0); d != 8*time.Second {
		t.Errorf("ramp with an attempt spent: next poll in %v, want at 14s", d)
	}
	if d, grid := nextPoll(65*time.Second, 7, 0, 0); d != 55*time.Second || !grid {
		t.Errorf("ramp with its budget spent at 65s: next poll in %v (grid %v), want the yardstick's at 2m", d, grid)
	}
	if d := NextPoll(100*time.Second, 9, 0, 5*time.Second); d != 5*time.Second {
		t.Errorf("with a 5s ceiling: %v", d)
	}
}

func TestNextPollWithCountsThatNeverMove(t *testing.T) {
	// A total, nothing finished: as without counts (spec 7.5), but for the ramp's silent
	// mark, whose poll the first movement of the counts makes unnecessary.
	p := feed(40, [2]int64{1, 0})
	for attempt := range 30 {
		elapsed := time.Duration(attempt) * 10 * time.Second
		want := NextPoll(elapsed, attempt, 0, 0)
		if elapsed+want == silentMark {
			want = 28*time.Second - elapsed
		}
		if got := NextPollWith(elapsed, attempt, 0, 0, p); got != want {
			t.Errorf("attempt %d: %v, want %v", attempt, got, want)
		}
		if got := NextPollWith(0, attempt, 0, 5*time.Second, p); got > 5*time.Second {
			t.Errorf("attempt %d, 5s ceiling: %v", attempt, got)
		}
	}
}

func TestNextPollWithEvenProgress(t *testing.T) {
	for _, length := range []time.Duration{2 * time.Minute, 10 * time.Minute, time.Hour} {
		queue := 10 * time.Second
		times := drive(60, steady(60, queue, length-queue), length)
		g := gaps(times)
		last := len(times) - 1
		// Noticed by a poll at most one dense gap after the end, the gaps before it dense.
		if times[last]-length > denseCeiling || g[last] > denseCeiling || g[last-1] > denseCeiling {
			t.Errorf("%v: the end seen at %v after gaps %v", length, times[last], g[max(0, last-3):])
		}
		// Sparse while the end is far: gaps longer than the yardstick's in the middle.
		sparse := 0
		for i, at := range times {
			if at > length/4 && at < length*3/4 && g[i] > DefaultPollInterval {
				sparse++
			}
		}
		if sparse == 0 {
			t.Errorf("%v: no gap above %v in the middle of the run: %v", length, DefaultPollInterval, g)
		}
		// Within the yardstick's request budget on a run as even as this.
		if budget := ceilDiv(length, DefaultPollInterval); len(times) > budget {
			t.Errorf("%v: %d polls, more than the 15s poll's %d: %v", length, len(times), budget, times)
		}
	}
}

func TestNextPollWithBurstyProgress(t *testing.T) {
	// Cases of very uneven lengths (one long case in four) and counts reported in bursts.
	length := 10 * time.Minute
	smooth := steady(100, 10*time.Second, length-10*time.Second, 1, 1, 1, 8)
	bursts := func(t time.Duration) int64 { return smooth(t) / 20 * 20 }
	for name, done := range map[string]func(time.Duration) int64{"uneven": smooth, "bursts": bursts} {
		times := drive(100, done, length)
		for i, g := range gaps(times) {
			if g <= 0 || g > countsCeiling {
				t.Fatalf("%s: gap %d = %v, want (0, %v]", name, i, g, countsCeiling)
			}
		}
		if late := times[len(times)-1] - length; late > countsCeiling {
			t.Errorf("%s: the end seen %v late", name, late)
		}
	}
}

func TestNextPollWithARunThatEndsEarly(t *testing.T) {
	// Aborted at a third of the way: every gap was at most countsCeiling, so was its notice.
	length := time.Hour
	even := steady(100, 10*time.Second, length)
	times := drive(100, even, length/3)
	if late := times[len(times)-1] - length/3; late > countsCeiling {
		t.Errorf("an early end seen %v late", late)
	}
}

func TestNextPollWithARunThatRunsLong(t *testing.T) {
	// 49 of 50 cases took a second each; the last one never ends. Once the stall outlasts
	// the estimate's spread the gaps back off from the window's, never shorter, never
	// above the ceiling (with as many requests made as the 15-second poll would have).
	p := feed(50, [2]int64{10, 0}, [2]int64{20, 10}, [2]int64{58, 48}, [2]int64{60, 49})
	end, sd, _, _ := p.estimate()
	_, hi := window(end, sd)
	var prev time.Duration
	for elapsed := hi; elapsed < hi+time.Hour; elapsed += 30 * time.Second {
		p = p.Observe(elapsed, 49, 50)
		d := NextPollWith(elapsed, ceilDiv(elapsed, DefaultPollInterval), 0, 0, p)
		if d < prev || d < aimFloor || d > countsCeiling {
			t.Fatalf("at %v: %v after %v; want a back-off within [%v, %v]", elapsed, d, prev, aimFloor, countsCeiling)
		}
		prev = d
	}
	if prev != countsCeiling {
		t.Errorf("settles at %v, want %v", prev, countsCeiling)
	}
}

// Counts that put the end near while the run goes on (its last case takes half of it):
// request n comes no sooner than budgetAllows lets it, so a run of 75s or more is seen
// within ceil(L/15s) + 2 requests, however wrong the estimate.
func TestNextPollWithKeepsToTheBudget(t *testing.T) {
	weights := make([]float64, 30)
	for i := range weights {
		weights[i] = 1
	}
	weights[29] = 29
	for _, length := range []time.Duration{90 * time.Second, 130 * time.Second, 10 * time.Minute} {
		times := drive(30, steady(30, 5*time.Second, length-5*time.Second, weights...), length)
		for i, at := range times {
			if n := i + 1; n > budgetAllows(at) {
				t.Errorf("%v: request %d at %v, more than the %d allowed by then", length, n, at, budgetAllows(at))
			}
		}
		if limit := ceilDiv(length, DefaultPollInterval) + 2; len(times) > limit {
			t.Errorf("%v: %d requests, more than ceil(L/15s) + 2 = %d: %v", length, len(times), limit, gaps(times))
		}
	}
}

func TestBudgetAllowsGrowsToOneMoreThanTheYardstick(t *testing.T) {
	prev := 0
	for at := time.Duration(0); at <= 10*time.Minute; at += 100 * time.Millisecond {
		got := budgetAllows(at)
		if got < prev {
			t.Fatalf("at %v: %d allowed after %d", at, got, prev)
		}
		if at > time.Minute && got != ceilDiv(at, DefaultPollInterval)+1 {
			t.Fatalf("at %v: %d allowed, want ceil(t/15s) + 1", at, got)
		}
		prev = got
	}
}

func TestNextPollWithCeilingAndPurity(t *testing.T) {
	p := feed(200, [2]int64{1, 0}, [2]int64{6, 3}, [2]int64{21, 30})
	for _, interval := range scheduleIntervals {
		for elapsed := 21 * time.Second; elapsed < 3*time.Hour; elapsed += 17 * time.Second {
			for _, attempt := range []int{3, 10, 100, 1000} {
				d := NextPollWith(elapsed, attempt, 0, interval, p)
				if d <= 0 || d > interval || d != NextPollWith(elapsed, attempt, 0, interval, p) {
					t.Fatalf("interval %v, at %v, attempt %d: %v", interval, elapsed, attempt, d)
				}
			}
		}
	}
}

func TestNextPollWithAnExpectation(t *testing.T) {
	expected := 10 * time.Minute
	// The counts agree with the expectation (about 10 minutes): the expectation's schedule.
	agree := feed(100, [2]int64{10, 0}, [2]int64{60, 9}, [2]int64{300, 50})
	// They say 30 minutes: far past the expectation's window, so the counts decide.
	later := feed(100, [2]int64{10, 0}, [2]int64{60, 3}, [2]int64{300, 16})
	// One reading only: too rough to overrule it.
	rough := feed(100, [2]int64{10, 0}, [2]int64{300, 16})
	for elapsed := 300 * time.Second; elapsed < 540*time.Second; elapsed += 10 * time.Second {
		want := NextPoll(elapsed, 6, expected, 0)
		if got := NextPollWith(elapsed, 6, expected, 0, agree); got != want {
			t.Errorf("agreeing counts at %v: %v, want the expectation's %v", elapsed, got, want)
		}
		if got := NextPollWith(elapsed, 6, expected, 0, rough); got != want {
			t.Errorf("a rough estimate at %v: %v, want the expectation's %v", elapsed, got, want)
		}
		if got := NextPollWith(elapsed, 6, expected, 0, later); got == want || got <= DefaultPollInterval {
			t.Errorf("counts saying 30m at %v: %v, want their own sparse gap, not the expectation's %v", elapsed, got, want)
		}
	}
	// Past the expectation's window, a firm estimate takes over from the blind back-off.
	past := expected + expected/windowDivisor + time.Minute
	overdue := agree.Observe(past, 97, 100)
	if got, blind := NextPollWith(past, 300, expected, 0, overdue), NextPoll(past, 300, expected, 0); got == blind {
		t.Errorf("past the window with 3 cases left: %v, the expectation's back-off", got)
	}
}

// One reading of finished cases, early, whose rate puts the end near (30 of 45 cases in the
// first 5 seconds): the first cases of a run often finish fast, so until a second reading
// confirms the rate the next poll keeps to the no-progress ramp's next mark (28s, the
// silent 14s mark skipped for a run that counts), not the dense gaps of a near end. A
// second reading that confirms it brings the dense polls.
func TestNextPollWithOneEarlyReadingKeepsToTheRamp(t *testing.T) {
	weak := feed(45, [2]int64{1, 0}, [2]int64{6, 30})
	if got := NextPollWith(6*sec, 2, 0, 0, weak); got != 22*sec {
		t.Errorf("after one reading at 6s: next poll in %v, want 22s (the 28s mark)", got)
	}
	firm := feed(45, [2]int64{1, 0}, [2]int64{6, 30}, [2]int64{8, 40})
	if got := NextPollWith(8*sec, 3, 0, 0, firm); got > denseCeiling {
		t.Errorf("after a second reading that confirms the rate: next poll in %v, want at most %v", got, denseCeiling)
	}
}
