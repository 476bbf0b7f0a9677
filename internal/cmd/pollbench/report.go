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
	fmt.Fprintf(w, "Run lengths vary over ±%.0f%% of the nominal one (%d runs each); the provider expects the nominal length where it has an expectation. Runs have one test case and zero counts until they end, except in the row where cases finish one by one: 10 to 200 cases (spread over the runs) whose counts move as each finishes, at uneven times. Measured against the emulator over loopback HTTP on a simulated clock; the engine with `Jitter: %g`, as the provider sets it.\n\n",
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

// targets prints issue 15's targets for this run with ✓ or ✗.
func targets(w io.Writer, cfg config, res results) {
	budget := func(l int) int { return quantile(res[fixed15][l].requests(), 0.5) }
	median := func(s, l int) (time.Duration, int) {
		return quantile(res[s][l].lags(), 0.5), quantile(res[s][l].requests(), 0.5)
	}

	fmt.Fprintf(w, "\nTargets for this provider with an expectation (median lag ≤ 2s; median requests ≤ the fixed 15s poll's):\n\n")
	for l, length := range cfg.lengths {
		lag, reqs := median(engineExpected, l)
		fmt.Fprintf(w, "- %s: lag %s %s, requests %d vs %d %s\n", fmtDuration(length),
			fmtLag(lag), verdict(lag <= 2*time.Second), reqs, budget(l), verdict(reqs <= budget(l)))
	}

	fmt.Fprintf(w, "\nTargets for a first run whose cases finish one by one, from 2m (median lag ≤ 2s, p90 ≤ 5s; median requests ≤ the fixed 15s poll's + 10%%):\n\n")
	for l, length := range cfg.lengths {
		lag, reqs := median(engineCounts, l)
		p90 := quantile(res[engineCounts][l].lags(), 0.9)
		allowed := math.Round(float64(budget(l))*1.1*10) / 10
		if length < 2*time.Minute {
			fmt.Fprintf(w, "- %s (no target): lag %s (p90 %s), requests %d vs %g\n", fmtDuration(length), fmtLag(lag), fmtLag(p90), reqs, allowed)
			continue
		}
		fmt.Fprintf(w, "- %s: lag %s (p90 %s) %s, requests %d vs %g %s\n", fmtDuration(length), fmtLag(lag), fmtLag(p90),
			verdict(lag <= 2*time.Second && p90 <= 5*time.Second), reqs, allowed, verdict(float64(reqs) <= allowed))
	}

	noWorse(w, cfg, res)
}

// noWorse prints the targets for a first run without moving counts: up to 30s measured
// against today's schedule replayed; beyond, today's polls themselves (sameFromRamp), with
// the measured figures next to today's and the spread of one run of it.
func noWorse(w io.Writer, cfg config, res results) {
	same := sameFromRamp()
	fmt.Fprintf(w, "\nTargets for a first run without moving counts (30s: median lag ≤ 3s; no worse than today beyond; requests no more than today's). "+
		"Today is the schedule before this change, replayed %d times on the same runs: its median, and in brackets the most one run of it shows nine times in ten. "+
		"From its seventh poll (32s) on, the schedule is today's, poll for poll (%s), so beyond 30s one run differs from today's only by the jitter's draw:\n\n", todayReplays, verdict(same))
	for l, length := range cfg.lengths {
		lag := quantile(res[engineUnknown][l].lags(), 0.5)
		reqs := quantile(res[engineUnknown][l].requests(), 0.5)
		was, wasReqs := today(length, cfg)
		line := fmt.Sprintf("- %s: lag %s vs today's %s (%s), requests %d vs today's %d (%d)", fmtDuration(length),
			fmtLag(lag), fmtLag(was.median), fmtLag(was.p90), reqs, wasReqs.median, wasReqs.p90)
		switch {
		case length < 30*time.Second:
			line += " " + verdict(lag <= was.median && reqs <= wasReqs.median)
		case length == 30*time.Second:
			line += " " + verdict(lag <= 3*time.Second && reqs <= wasReqs.median)
		default:
			line += " " + verdict(same) + " (today's polls)"
		}
		fmt.Fprintln(w, line)
	}
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
