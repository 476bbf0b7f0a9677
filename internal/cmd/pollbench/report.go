package main

import (
	"fmt"
	"io"
	"math"
	"time"
)

func report(w io.Writer, cfg config, res results) {
	header := "| Schedule |"
	rule := "|---|"
	for _, l := range cfg.lengths {
		header += " " + fmtDuration(l) + " |"
		rule += "---:|"
	}
	fmt.Fprintf(w, "Run lengths vary over ±%.0f%% of the nominal one (%d runs each); the provider expects the nominal length where it has an expectation. Runs have one test case and no counts until they end (v1 counts null, as in the documented samples), except in the rows where cases finish one by one: 10 to 200 cases (spread over the runs) finishing at uneven times, counted as they go in the v2 metrics, and in one row in the v1 counts too. Requests are the v1 and v2 reads of the run together. Measured against the emulator over loopback HTTP on a simulated clock; the engine with `Jitter: %g`, as the provider sets it.\n\n",
		cfg.spread*100, cfg.trials, cfg.jitter)

	fmt.Fprintf(w, "**Notice lag**, from the run's end to the wait's return: median (p90)\n\n%s\n%s\n", header, rule)
	for s, sc := range schedules {
		row := "| " + sc.name + " |"
		for l := range cfg.lengths {
			lags := res[s][l].lags()
			row += fmt.Sprintf(" %s (%s) |", fmtLag(quantile(lags, 0.5)), fmtLag(quantile(lags, 0.9)))
		}
		fmt.Fprintln(w, row)
	}

	fmt.Fprintf(w, "\n**Status requests** per run: median (mean; p90)\n\n%s\n%s\n", header, rule)
	for s, sc := range schedules {
		row := "| " + sc.name + " |"
		for l := range cfg.lengths {
			reqs := res[s][l].requests()
			row += fmt.Sprintf(" %d (%.0f; %d) |", quantile(reqs, 0.5), mean(reqs), quantile(reqs, 0.9))
		}
		fmt.Fprintln(w, row)
	}
	targets(w, cfg, res)
}

// targets prints issue 20's targets for this run with ✓ or ✗, and a tally.
func targets(w io.Writer, cfg config, res results) {
	t := tally{w: w}
	budget := func(l int) int { return quantile(res[fixed15][l].requests(), 0.5) }
	allowed := func(l int) float64 { return math.Round(float64(budget(l))*1.1*10) / 10 }
	median := func(s, l int) (time.Duration, int) {
		return quantile(res[s][l].lags(), 0.5), quantile(res[s][l].requests(), 0.5)
	}

	fmt.Fprintf(w, "\nTargets with an expectation, no regression (median lag ≤ 2s; median requests ≤ the fixed 15s poll's):\n\n")
	for l, length := range cfg.lengths {
		lag, reqs := median(engineExpected, l)
		fmt.Fprintf(w, "- %s: lag %s %s, requests %d vs %d %s\n", fmtDuration(length),
			fmtLag(lag), t.check(lag <= 2*time.Second), reqs, budget(l), t.check(reqs <= budget(l)))
	}

	for _, s := range []int{engineCounts, engineV2} {
		fmt.Fprintf(w, "\nTargets for a first run whose cases finish one by one, %s, from 2m (median lag ≤ 2s, p90 ≤ 5s; median requests ≤ the fixed 15s poll's + 10%%):\n\n", countsIn[s])
		for l, length := range cfg.lengths {
			lag, reqs := median(s, l)
			p90 := quantile(res[s][l].lags(), 0.9)
			if length < 2*time.Minute {
				fmt.Fprintf(w, "- %s (no target): lag %s (p90 %s), requests %d vs %g\n", fmtDuration(length), fmtLag(lag), fmtLag(p90), reqs, allowed(l))
				continue
			}
			fmt.Fprintf(w, "- %s: lag %s (p90 %s) %s, requests %d vs %g %s\n", fmtDuration(length), fmtLag(lag), fmtLag(p90),
				t.check(lag <= 2*time.Second && p90 <= 5*time.Second), reqs, allowed(l), t.check(float64(reqs) <= allowed(l)))
		}
	}

	fmt.Fprintf(w, "\nTargets for a first run with no progress signal (30s: median lag ≤ 3s; from 2m: median lag ≤ the fixed 15s poll's, median requests ≤ its + 10%%):\n\n")
	for l, length := range cfg.lengths {
		lag, reqs := median(engineUnknown, l)
		yard, _ := median(fixed15, l)
		line := fmt.Sprintf("- %s: lag %s vs the fixed 15s poll's %s, requests %d vs %g", fmtDuration(length), fmtLag(lag), fmtLag(yard), reqs, allowed(l))
		switch {
		case length == 30*time.Second:
			line += " " + t.check(lag <= 3*time.Second)
		case length >= 2*time.Minute:
			line += " " + t.check(lag <= yard && float64(reqs) <= allowed(l))
		default:
			line += " (no target)"
		}
		fmt.Fprintln(w, line)
	}
	t.summary()
}

// countsIn names where a row's counts are.
var countsIn = map[int]string{engineCounts: "counted in the v1 counts", engineV2: "counted only in the v2 metrics (v1 null)"}

// tally counts the targets met and missed.
type tally struct {
	w           io.Writer
	met, missed int
}

func (t *tally) check(ok bool) string {
	if ok {
		t.met++
	} else {
		t.missed++
	}
	return verdict(ok)
}

func (t *tally) summary() {
	if t.missed == 0 {
		fmt.Fprintf(t.w, "\nSimulated targets: all %d met in this run.\n", t.met)
		return
	}
	fmt.Fprintf(t.w, "\nSimulated targets: %d met, %d missed (✗) in this run.\n", t.met, t.missed)
}

func verdict(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗ MISSED"
}

func fmtLag(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	default:
		return fmt.Sprintf("%.1f min", d.Minutes())
	}
}

func fmtDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d >= time.Minute && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}
