package testsigma

import (
	"testing"
	"time"
)

var scheduleIntervals = []time.Duration{time.Second, 2 * time.Second, 5 * time.Second, DefaultPollInterval, time.Minute, 10 * time.Minute}

func TestNextPollFirstPoll(t *testing.T) {
	for _, interval := range append(scheduleIntervals, 0, -time.Second, 500*time.Millisecond) {
		for _, expected := range []time.Duration{0, 5 * time.Second, time.Hour} {
			if d := NextPoll(0, 0, expected, interval); d <= 0 || d > densePoll {
				t.Errorf("first poll (interval %v, expected %v) = %v, want (0, 2s]", interval, expected, d)
			}
		}
	}
}

func TestNextPollNeverAboveInterval(t *testing.T) {
	for _, interval := range scheduleIntervals {
		for _, expected := range []time.Duration{0, 3 * time.Second, 30 * time.Second, 5 * time.Minute, 2 * time.Hour} {
			for elapsed := time.Duration(0); elapsed <= 3*time.Hour; elapsed += 7 * time.Second {
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

func TestNextPollWithoutExpectation(t *testing.T) {
	for _, interval := range scheduleIntervals {
		prev := time.Duration(0)
		for attempt := 0; attempt < 100; attempt++ {
			d := NextPoll(time.Duration(attempt)*time.Second, attempt, 0, interval)
			if d < prev {
				t.Fatalf("interval %v: poll %d = %v after %v: the schedule went down", interval, attempt, d, prev)
			}
			prev = d
		}
		if prev != interval {
			t.Errorf("interval %v: settles at %v, want the interval", interval, prev)
		}
	}
	// It backs off: the second gap is longer than the first, for a long enough interval.
	if a, b := NextPoll(0, 0, 0, DefaultPollInterval), NextPoll(time.Second, 1, 0, DefaultPollInterval); b <= a {
		t.Errorf("no back-off: %v then %v", a, b)
	}
}

func TestNextPollWithExpectation(t *testing.T) {
	const expected = 10 * time.Minute
	interval := time.Minute
	window := expectationWindow(expected) // one minute either side
	if window != time.Minute {
		t.Fatalf("window = %v", window)
	}
	// Sparse long before the expected end.
	if d := NextPoll(2*time.Minute, 20, expected, interval); d != interval {
		t.Errorf("well before the window: %v, want the interval %v", d, interval)
	}
	// Approaching the window: never jumps past its opening.
	for elapsed := 8 * time.Minute; elapsed < expected-window; elapsed += 5 * time.Second {
		d := NextPoll(elapsed, 20, expected, interval)
		if elapsed+d > expected-window && d > densePoll {
			t.Errorf("at %v: %v overshoots the window opening at %v", elapsed, d, expected-window)
		}
	}
	// Dense around the expected end.
	for elapsed := expected - window; elapsed <= expected+window; elapsed += time.Second {
		if d := NextPoll(elapsed, 30, expected, interval); d > densePoll {
			t.Fatalf("at %v (expected end %v): %v, want <= %v", elapsed, expected, d, densePoll)
		}
	}
	// Later than expected: backs off again, up to the interval, never below dense.
	prev := time.Duration(0)
	for elapsed := expected + window; elapsed < expected+time.Hour; elapsed += 10 * time.Second {
		d := NextPoll(elapsed, 40, expected, interval)
		if d < prev || d < densePoll || d > interval {
			t.Fatalf("at %v: %v (previous %v)", elapsed, d, prev)
		}
		prev = d
	}
	if prev != interval {
		t.Errorf("long past the expected end: %v, want the interval", prev)
	}
}

func TestNextPollShortExpectation(t *testing.T) {
	// A run expected to take 20s: the window is at least 3s either side, and polls are dense
	// there even with a long interval.
	for elapsed := 17 * time.Second; elapsed <= 23*time.Second; elapsed += 500 * time.Millisecond {
		if d := NextPoll(elapsed, 5, 20*time.Second, 10*time.Minute); d > densePoll {
			t.Errorf("at %v: %v", elapsed, d)
		}
	}
	if w := expectationWindow(10 * time.Hour); w != 2*time.Minute {
		t.Errorf("window capped at 2m, got %v", w)
	}
}

func TestNextPollIntervalFallback(t *testing.T) {
	for _, bad := range []time.Duration{0, -time.Minute, 999 * time.Millisecond} {
		for attempt := 0; attempt < 30; attempt++ {
			got := NextPoll(time.Duration(attempt)*time.Second, attempt, 0, bad)
			want := NextPoll(time.Duration(attempt)*time.Second, attempt, 0, DefaultPollInterval)
			if got != want {
				t.Fatalf("interval %v, attempt %d: %v, want the default schedule's %v", bad, attempt, got, want)
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
