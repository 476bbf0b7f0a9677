// Command pollbench measures how soon the wait engine (testsigma.Client.Follow) notices that a
// run has finished and how many status requests it spends doing so, next to the polling
// schedules of other tools. Everything runs against the emulator over real loopback HTTP, on
// a simulated clock shared by the emulator and the pollers, so an hour-long run costs
// milliseconds. The result is printed as Markdown, ready for the README.
//
// Each run length L is tried with run lengths spread evenly over L±10% (runs vary from one
// to the next); the engine expects the nominal L, which is what the provider passes (the
// previous run's duration).
//
//	go run ./internal/cmd/pollbench            # or: make bench
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"

	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
)

func main() {
	cfg := defaultConfig()
	flag.IntVar(&cfg.trials, "trials", cfg.trials, "runs per length, spread evenly over length ± spread")
	flag.Float64Var(&cfg.spread, "spread", cfg.spread, "run-to-run variation of the length, as a fraction")
	flag.Float64Var(&cfg.jitter, "jitter", cfg.jitter, "the engine's WaitPolicy.Jitter (the provider uses 0.1)")
	lengths := flag.String("lengths", joinDurations(cfg.lengths), "comma-separated nominal run lengths")
	flag.Parse()
	var err error
	if cfg.lengths, err = parseDurations(*lengths); err != nil {
		fmt.Fprintln(os.Stderr, "pollbench:", err)
		os.Exit(2)
	}
	res, err := measure(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pollbench:", err)
		os.Exit(1)
	}
	report(os.Stdout, cfg, res)
}

type config struct {
	lengths []time.Duration
	trials  int
	spread  float64
	jitter  float64
}

func defaultConfig() config {
	return config{
		lengths: []time.Duration{5 * time.Second, 30 * time.Second, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour},
		trials:  21,
		spread:  0.10,
		jitter:  0.1,
	}
}

// A schedule waits for one run on the given client and clock.
type schedule struct {
	name string
	wait func(ctx context.Context, c *testsigma.Client, clock *simclock.Clock, runID int64, nominal time.Duration, cfg config) error
}

// The rows of the table, in order. engineExpected is the one the targets are about; fixed15
// is the budget.
const (
	engineExpected = iota
	engineUnknown
	fixed10
	fixed15
	jenkins
	script
)

var schedules = []schedule{
	engineExpected: {"**this provider**, expecting the previous run's length", func(ctx context.Context, c *testsigma.Client, _ *simclock.Clock, id int64, nominal time.Duration, cfg config) error {
		return followed(c.Follow(ctx, testsigma.Run{ID: id}, testsigma.Policy{Expected: nominal, Jitter: cfg.jitter}))
	}},
	engineUnknown: {"this provider, no expectation (first run)", func(ctx context.Context, c *testsigma.Client, _ *simclock.Clock, id int64, _ time.Duration, cfg config) error {
		return followed(c.Follow(ctx, testsigma.Run{ID: id}, testsigma.Policy{Jitter: cfg.jitter}))
	}},
	fixed10: {"fixed 10s, first poll at 10s (like spacelift_run)", fixedPoll(func(n int) time.Duration { return time.Duration(n+1) * 10 * time.Second })},
	fixed15: {"fixed 15s (the budget: ceil(L/15s) requests)", fixedPoll(func(n int) time.Duration { return time.Duration(n+1) * 15 * time.Second })},
	jenkins: {"Jenkins plugin: at the trigger, then every 5 min", fixedPoll(func(n int) time.Duration { return time.Duration(n) * 5 * time.Minute })},
	script:  {"official script: at the trigger, then every 6 min (30 polls, 180 min max)", fixedPoll(func(n int) time.Duration { return time.Duration(n) * 6 * time.Minute })},
}

// followed is Follow's result as an error: nil unless the wait ended early (a nil
// *WaitError must not become a non-nil error).
func followed(_ testsigma.Outcome, we *testsigma.WaitError) error {
	if we != nil {
		return we
	}
	return nil
}

// fixedPoll polls at the given times after the trigger until the run is finished.
func fixedPoll(at func(n int) time.Duration) func(context.Context, *testsigma.Client, *simclock.Clock, int64, time.Duration, config) error {
	return func(ctx context.Context, c *testsigma.Client, clock *simclock.Clock, id int64, _ time.Duration, _ config) error {
		start := clock.Now()
		for n := 0; ; n++ {
			if d := start.Add(at(n)).Sub(clock.Now()); d > 0 {
				<-clock.After(d)
			}
			run, err := c.GetRun(ctx, id)
			if err != nil {
				return err
			}
			if run.Finished {
				return nil
			}
		}
	}
}

// trial is one run: how late its end was noticed, and the status requests spent.
type trial struct {
	lag      time.Duration
	requests int
}

// cell is the trials of one schedule at one nominal length.
type cell []trial

// results holds the cells by schedule, then by length: results[schedule][length].
type results [][]cell

func measure(ctx context.Context, cfg config) (results, error) {
	res := make(results, len(schedules))
	var wg sync.WaitGroup
	errs := make(chan error, len(schedules)*len(cfg.lengths))
	for s := range schedules {
		res[s] = make([]cell, len(cfg.lengths))
		for l, nominal := range cfg.lengths {
			wg.Go(func() {
				c, err := measureCell(ctx, schedules[s], nominal, cfg)
				if err != nil {
					errs <- fmt.Errorf("%s, %v: %w", schedules[s].name, nominal, err)
					return
				}
				res[s][l] = c
			})
		}
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return nil, err
	}
	return res, nil
}

// measureCell runs every trial of one schedule at one length, on its own emulator and clock
// (a simulated clock serves one waiter at a time).
func measureCell(ctx context.Context, sc schedule, nominal time.Duration, cfg config) (cell, error) {
	clock := simclock.New(time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC))
	emu := emulator.New(emulator.Options{Clock: clock})
	defer emu.Close()
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: clock, Version: "pollbench"})
	if err != nil {
		return nil, err
	}
	out := make(cell, 0, cfg.trials)
	for i, length := range trialLengths(nominal, cfg) {
		// A plan of its own per trial: the client remembers each plan's run lengths, and a
		// "first run" must not learn from the trial before it.
		planID := int64(i + 1)
		queued := min(length/10, 10*time.Second)
		emu.AddPlan(emulator.Plan{ID: planID, Name: "Smoke", Queued: queued, Running: length - queued, Result: "SUCCESS",
			Cases: []emulator.Case{{ID: 1, Name: "Login works", Result: "SUCCESS"}}})
		run, err := client.Trigger(ctx, testsigma.TriggerRequest{TestPlanID: planID})
		if err != nil {
			return nil, err
		}
		end := clock.Now().Add(length)
		route := fmt.Sprintf("/api/v1/execution_results/%d", run.ID)
		before := emu.Count("GET", route)
		if err := sc.wait(ctx, client, clock, run.ID, nominal, cfg); err != nil {
			return nil, err
		}
		if st, _ := emu.Run(run.ID); st.Status != "STATUS_COMPLETED" {
			return nil, fmt.Errorf("run %d: the wait ended at %s", run.ID, st.Status)
		}
		out = append(out, trial{lag: clock.Now().Sub(end), requests: emu.Count("GET", route) - before})
	}
	return out, nil
}

// trialLengths spreads cfg.trials lengths evenly over nominal×(1±spread), to the millisecond.
func trialLengths(nominal time.Duration, cfg config) []time.Duration {
	out := make([]time.Duration, cfg.trials)
	for i := range out {
		eps := 0.0
		if cfg.trials > 1 {
			eps = cfg.spread * (2*float64(i)/float64(cfg.trials-1) - 1)
		}
		out[i] = time.Duration(float64(nominal) * (1 + eps)).Round(time.Millisecond)
	}
	return out
}

// quantile is the nearest-rank q-quantile (q = 0.5: the median).
func quantile[T int | time.Duration](xs []T, q float64) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(q*float64(len(s)) + 0.999999)
	return s[max(rank, 1)-1]
}

func mean(xs []int) float64 {
	sum := 0
	for _, x := range xs {
		sum += x
	}
	return float64(sum) / float64(len(xs))
}

func (c cell) lags() []time.Duration {
	out := make([]time.Duration, len(c))
	for i, t := range c {
		out[i] = t.lag
	}
	return out
}

func (c cell) requests() []int {
	out := make([]int, len(c))
	for i, t := range c {
		out[i] = t.requests
	}
	return out
}

func report(w io.Writer, cfg config, res results) {
	header := "| Schedule |"
	rule := "|---|"
	for _, l := range cfg.lengths {
		header += " " + fmtDuration(l) + " |"
		rule += "---:|"
	}
	fmt.Fprintf(w, "Run lengths vary over ±%.0f%% of the nominal one (%d runs each); the provider expects the nominal length. Measured against the emulator over loopback HTTP on a simulated clock; the engine with `Jitter: %g`, as the provider sets it.\n\n",
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

	fmt.Fprintf(w, "\nTargets for this provider with an expectation (median lag ≤ 2s; median requests ≤ the fixed 15s poll's):\n\n")
	for l, length := range cfg.lengths {
		lag := quantile(res[engineExpected][l].lags(), 0.5)
		reqs, budget := quantile(res[engineExpected][l].requests(), 0.5), quantile(res[fixed15][l].requests(), 0.5)
		fmt.Fprintf(w, "- %s: lag %s %s, requests %d vs %d %s\n", fmtDuration(length),
			fmtLag(lag), verdict(lag <= 2*time.Second), reqs, budget, verdict(reqs <= budget))
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

func joinDurations(ds []time.Duration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmtDuration(d)
	}
	return strings.Join(parts, ",")
}

func parseDurations(s string) ([]time.Duration, error) {
	var out []time.Duration
	for part := range strings.SplitSeq(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("bad run length %q", part)
		}
		out = append(out, d)
	}
	return out, nil
}
