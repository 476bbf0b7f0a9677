package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// A small run of the whole bench: every schedule waits for every run to finish, on the
// emulator, and the report has both tables. The figures themselves are for `make bench`.
func TestBenchSmoke(t *testing.T) {
	cfg := defaultConfig()
	cfg.lengths = []time.Duration{5 * time.Second, 2 * time.Minute}
	cfg.trials = 3
	res, err := measure(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	for s := range schedules {
		for l, length := range cfg.lengths {
			c := res[s][l]
			if len(c) != cfg.trials {
				t.Fatalf("%s, %v: %d trials", schedules[s].name, length, len(c))
			}
			for _, tr := range c {
				if tr.lag < 0 || tr.requests < 1 {
					t.Errorf("%s, %v: %+v", schedules[s].name, length, tr)
				}
			}
		}
	}
	// The 15s poll's count is exact: ceil(L/15s).
	for l, length := range cfg.lengths {
		for i, tr := range res[fixed15][l] {
			want := int((trialLengths(length, cfg)[i] + 15*time.Second - 1) / (15 * time.Second))
			if tr.requests != want {
				t.Errorf("fixed 15s, %v: %d requests, want %d", trialLengths(length, cfg)[i], tr.requests, want)
			}
		}
	}
	var out strings.Builder
	report(&out, cfg, res)
	for _, want := range []string{"**Notice lag**", "**Status requests**", "| 5s | 2m |", schedules[engineExpected].name} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestTrialLengths(t *testing.T) {
	got := trialLengths(time.Minute, config{trials: 21, spread: 0.1})
	if len(got) != 21 || got[0] != 54*time.Second || got[10] != time.Minute || got[20] != 66*time.Second {
		t.Errorf("lengths = %v", got)
	}
}

func TestQuantile(t *testing.T) {
	xs := []int{9, 1, 8, 2, 7, 3, 6, 4, 5, 10}
	if got := quantile(xs, 0.5); got != 5 {
		t.Errorf("median = %d", got)
	}
	if got := quantile(xs, 0.9); got != 9 {
		t.Errorf("p90 = %d", got)
	}
}

// The end-to-end bench's first runs replayed on the simulated clock: every replay waits
// each run to its end, and the request budget holds in every one of them (the schedule
// keeps to ceil(L/15s) + 2 whatever its estimate says; the lag is for `make bench`).
func TestReplaySmoke(t *testing.T) {
	cfg := defaultConfig()
	cfg.replays = 3
	r, err := replayOneByOne(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if r.replays != 3 || r.requestsMet != 3 {
		t.Errorf("replays %+v: want 3, every one within the request limits", r)
	}
}
