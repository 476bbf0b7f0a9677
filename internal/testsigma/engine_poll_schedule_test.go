package testsigma

import (
	"testing"
	"time"
)

// Shape tests of the poll schedule. How soon the end is noticed and how many requests that
// takes are shown by `make bench` (internal/cmd/pollbench), not asserted here.

var scheduleIntervals = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, DefaultPollInterval, time.Minute, 10 * time.Minute}

var scheduleExpectations = []time.Duration{5 * time.Second, 20 * time.Second, 30 * time.Second, 45 * time.Second, time.Minute,
	2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour, 3 * time.Hour}

// polls follows the schedule from the trigger, each delay stretched by the factor late (1 =
// on time; Wait's jitter only ever lengthens a delay), and returns the poll times up to until.
func polls(expected, interval, until time.Duration, late float64) []time.Duration {
	var out []time.Duration
	var elapsed time.Duration
	for attempt := 0; elapsed < until; attempt++ {
		elapsed += time.Duration(float64(NextPoll(elapsed, attempt, expected, interval)) * late)
		out = append(out, elapsed)
	}
	return out
}

func TestNextPollFirstPoll(t *testing.T) {
	// Without an expectation the first look is a second after the trigger: runs can fail at once.
	for _, interval := range append(scheduleIntervals, 0, -time.Second, 500*time.Millisecond) {
		if d := NextPoll(0, 0, 0, interval); d != firstPoll {
			t.Errorf("first poll (interval %v) = %v, want %v", interval, d, firstPoll)
		}
	}
	// With one, too, when the budget has room for an early poll.
	for _, expected := range []time.Duration{45 * time.Second, 2 * time.Minute, time.Hour} {
		if d := NextPoll(0, 0, expected, 0); d != firstPoll {
			t.Errorf("first poll (expected %v) = %v, want %v", expected, d, firstPoll)
		}
	}
	// A run expected to take 15s or less gets one poll, just after its expected end.
	for _, expected := range []time.Duration{time.Second, 5 * time.Second, 15 * time.Second} {
		if d := NextPoll(0, 0, expected, 0); d <= expected || d > expected+expected/windowDivisor {
			t.Errorf("first poll (expected %v) = %v, want just after it", expected, d)
		}
	}
	// A 30s run has room for two polls: both go to the window around its end.
	if d := NextPoll(0, 0, 30*time.Second, 0); d < 27*time.Second || d >= 30*time.Second {
		t.Errorf("first poll (expected 30s) = %v, want in [27s, 30s)", d)
	}
}

func TestNextPollNeverAboveInterval(t *testing.T) {
	for _, interval := range scheduleIntervals {
		for _, expected := range append([]time.Duration{0, 3 * time.Second}, scheduleExpectations...) {
			for elapsed := time.Duration(0); elapsed <= 4*time.Hour; elapsed += 7 * time.Second {
				for _, attempt := range []int{0, 1, 2, 5, 10, 50, 1000} {
					d := NextPoll(elapsed, attempt, expected, interval)
					if d <= 0 || d > interval {
						t.Fatalf("NextPoll(%v, %d, %v, %v) = %v, want (0, interval]", elapsed, attempt, expected, interval, d)
					}
				}
			}
		}
	}
}

func TestNextPollAlwaysPositive(t *testing.T) {
	for _, expected := range append([]time.Duration{0, time.Nanosecond, 500 * time.Millisecond, 10000 * time.Hour}, scheduleExpectations...) {
		for elapsed := time.Duration(0); elapsed <= 2*expected+time.Hour; elapsed += max(expected/97, 333*time.Millisecond) {
			for _, attempt := range []int{0, 1, 3, 7, 100, 1 << 20} {
				if d := NextPoll(elapsed, attempt, expected, 0); d <= 0 {
					t.Fatalf("NextPoll(%v, %d, %v, 0) = %v", elapsed, attempt, expected, d)
				}
			}
		}
	}
}

func TestNextPollWithoutExpectation(t *testing.T) {
	for _, interval := range scheduleIntervals {
		var last time.Duration
		for attempt := 0; attempt < 100; attempt++ {
			elapsed := time.Duration(attempt) * 3 * time.Second / 2
			last = NextPoll(elapsed, attempt, 0, interval)
			if last <= 0 || last > interval {
				t.Fatalf("interval %v: poll %d at %v in %v", interval, attempt, elapsed, last)
			}
		}
		// Settled: every interval (the yardstick's 15s when none is set, and no longer).
		if d := NextPoll(10*time.Minute, 100, 0, interval); d != interval {
			t.Errorf("interval %v: settles at %v", interval, d)
		}
	}
	// The shape (the ramp, then the yardstick's own polls): TestNextPollFirstRunNeverBehindTheYardstick.
}

func TestNextPollWithExpectation(t *testing.T) {
	for _, expected := range scheduleExpectations {
		if expected < time.Minute {
			continue // TestNextPollShortExpectation
		}
		w := expected / windowDivisor
		times := polls(expected, 0, 3*expected, 1)
		var last time.Duration
		var dense, sparseBefore int
		for _, at := range times {
			gap := at - last
			switch {
			case last >= expected-expected/20 && at <= expected+w:
				// Dense around the expected end.
				if gap > 3*time.Second {
					t.Errorf("expected %v: a %v gap at %v, inside the window", expected, gap, at)
				}
				dense++
			case at < expected-w && last > 0 && gap <= 3*time.Second:
				sparseBefore++
			}
			last = at
		}
		if dense < 3 {
			t.Errorf("expected %v: %d polls in the window", expected, dense)
		}
		// Sparse before: only the very first gaps are as short as the window's.
		if sparseBefore > 2 {
			t.Errorf("expected %v: %d short gaps long before the expected end", expected, sparseBefore)
		}
		// The window opens before the expected end, not just at it.
		opened := false
		for _, at := range times {
			opened = opened || (at >= expected-w && at < expected)
		}
		if !opened {
			t.Errorf("expected %v: no poll in the last tenth before the expected end", expected)
		}
		// Before the window the gaps grow, apart from the approach to it.
		var prevGap time.Duration
		last = 0
		for _, at := range times {
			if at >= expected-w-DefaultPollInterval-densePoll {
				break
			}
			if gap := at - last; gap < prevGap {
				t.Errorf("expected %v: the early gaps went down at %v: %v after %v", expected, at, gap, prevGap)
			} else {
				prevGap = gap
			}
			last = at
		}
	}
}

func TestNextPollAfterTheWindow(t *testing.T) {
	for _, expected := range scheduleExpectations {
		end := expected + expected/windowDivisor
		var prev time.Duration
		for elapsed := end; elapsed < end+3*time.Hour; elapsed += 5 * time.Second {
			d := NextPoll(elapsed, 1000, expected, 0)
			if d < prev || d < densePoll {
				t.Fatalf("expected %v, at %v: %v after %v; want a back-off from the dense gap", expected, elapsed, d, prev)
			}
			prev = d
		}
		// It backs off toward a ceiling: at least the default, at most a few minutes.
		if prev < DefaultPollInterval || prev > 3*time.Minute {
			t.Errorf("expected %v: settles at %v", expected, prev)
		}
		// Just after the window it is still close to the dense gap.
		if d := NextPoll(end, 1000, expected, 0); d != densePoll {
			t.Errorf("expected %v: %v at the window's end", expected, d)
		}
		// A user's ceiling holds there too.
		if d := NextPoll(end+time.Hour, 1000, expected, 10*time.Second); d != 10*time.Second {
			t.Errorf("expected %v: %v with a 10s ceiling", expected, d)
		}
	}
}

func TestNextPollShortExpectation(t *testing.T) {
	// 5s: one poll at 1.1×E, catching runs up to 10% longer than expected.
	if got := polls(5*time.Second, 0, 5*time.Second, 1); len(got) != 1 || got[0] != 5500*time.Millisecond {
		t.Errorf("expected 5s: polls %v, want one at 5.5s", got)
	}
	// 30s: the polls are in the window around it, densePoll apart.
	got := polls(30*time.Second, 0, 33*time.Second, 1)
	for i, at := range got {
		if at < 27*time.Second || (i > 0 && at-got[i-1] > densePoll) {
			t.Errorf("expected 30s: polls %v", got)
			break
		}
	}
	// With a short user ceiling the gaps follow it, in the window too.
	got = polls(30*time.Second, 2*time.Second, 40*time.Second, 1)
	for i, at := range got {
		if i > 0 && at-got[i-1] > 2*time.Second {
			t.Errorf("expected 30s, 2s ceiling: polls %v", got)
			break
		}
	}
}

func TestNextPollLatePolls(t *testing.T) {
	// Wait's jitter lengthens every delay by up to its fraction (the provider uses 0.1): the
	// schedule still ends up dense around the expected end.
	for _, expected := range scheduleExpectations {
		if expected < 30*time.Second {
			continue
		}
		w := expected / windowDivisor
		times := polls(expected, 0, expected+w, 1.1)
		near := 0
		for i := 1; i < len(times); i++ {
			if times[i-1] >= expected-w && times[i] <= expected+w && times[i]-times[i-1] <= 3*time.Second {
				near++
			}
		}
		if want := min(4, int(w/(3*time.Second))); near < want {
			t.Errorf("expected %v, 10%% late: %d dense gaps near the end, want %d; polls %v", expected, near, want, times[max(0, len(times)-12):])
		}
	}
}

func TestNextPollIntervalFallback(t *testing.T) {
	for _, bad := range []time.Duration{0, -time.Minute, 999 * time.Millisecond} {
		for _, expected := range []time.Duration{0, 2 * time.Minute, time.Hour} {
			for attempt := 0; attempt < 300; attempt++ {
				elapsed := time.Duration(attempt) * 13 * time.Second
				got := NextPoll(elapsed, attempt, expected, bad)
				want := NextPoll(elapsed, attempt, expected, 0)
				if got != want {
					t.Fatalf("interval %v, expected %v, attempt %d: %v, want the default schedule's %v", bad, expected, attempt, got, want)
				}
			}
		}
	}
	if d := NextPoll(time.Hour, 100, 0, 0); d != DefaultPollInterval {
		t.Errorf("settles at %v, want %v", d, DefaultPollInterval)
	}
	if d := NextPoll(time.Hour, 100, 0, MinPollInterval); d != MinPollInterval {
		t.Errorf("the minimum interval itself is kept: %v", d)
	}
}

func TestNextPollIsPure(t *testing.T) {
	for i := 0; i < 3; i++ {
		if a, b := NextPoll(95*time.Second, 7, 2*time.Minute, 30*time.Second), NextPoll(95*time.Second, 7, 2*time.Minute, 30*time.Second); a != b {
			t.Fatalf("%v != %v", a, b)
		}
	}
}
