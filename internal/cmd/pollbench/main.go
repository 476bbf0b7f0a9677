// Command pollbench measures how soon the wait engine (testsigma.Client.Follow) notices that a
// run has finished and how many status requests it spends doing so, next to the polling
// schedules of other tools. Everything runs against the emulator over real loopback HTTP, on
// a simulated clock shared by the emulator and the pollers, so an hour-long run costs
// milliseconds. The result is printed as Markdown, ready for the README.
//
// Each run length L is tried with run lengths spread evenly over L±10% (runs vary from one
// to the next); where the engine has an expectation it expects the nominal L, which is what
// the provider passes (the previous run's duration). Runs have one test case and no counts
// until they end (v1 counts null, as in the documented samples, and, in the row without a
// progress signal, null v2 metrics too), except in the rows "cases finish one by one": 10
// to 200 cases that finish at uneven times, counted as they go either in the v2 metrics
// only (the emulator's default) or in the v1 counts too (Plan.MovingV1Counts). Requests
// are v1 and v2 reads of the run together. Under the tables it prints issue 20's targets
// with ✓ or ✗ (report.go), and last how the end-to-end bench's ten first runs fare when
// replayed on the simulated clock (replay.go).
//
//	go run ./internal/cmd/pollbench            # or: make bench
package main

import (
	"context"
	"flag"
	"fmt"
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
	flag.IntVar(&cfg.replays, "replays", cfg.replays, "replays of the end-to-end bench's first runs (0 = none)")
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
	rep, err := replayOneByOne(context.Background(), cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pollbench:", err)
		os.Exit(1)
	}
	report(os.Stdout, cfg, res)
	rep.report(os.Stdout)
}

type config struct {
	lengths []time.Duration
	trials  int
	spread  float64
	jitter  float64
	replays int
}

func defaultConfig() config {
	return config{
		lengths: []time.Duration{5 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 10 * time.Minute, 30 * time.Minute, time.Hour},
		trials:  21,
		spread:  0.10,
		jitter:  0.1,
		replays: 200,
	}
}

// A schedule waits for one run on the given client and clock. progressive runs have 10 to
// 200 cases that finish one by one, so their counts move (see progressivePlan), in the v2
// metrics, and in the v1 counts too when v1Counts; the others have one case and no counts
// until the end. emu is the emulator's options (NullV2Metrics: no progress signal at all).
type schedule struct {
	name        string
	progressive bool
	v1Counts    bool
	emu         emulator.Options
	wait        func(ctx context.Context, c *testsigma.Client, clock *simclock.Clock, runID int64, nominal time.Duration, cfg config) error
}

// The rows of the table, in order. The targets are about the engine's rows; fixed15 is the
// budget.
const (
	engineExpected = iota
	engineUnknown
	engineCounts
	engineV2
	fixed10
	fixed15
	jenkins
	script
)

var schedules = []schedule{
	engineExpected: {name: "**this provider**, expecting the previous run's length", wait: func(ctx context.Context, c *testsigma.Client, _ *simclock.Clock, id int64, nominal time.Duration, cfg config) error {
		return followed(c.Follow(ctx, testsigma.Run{ID: id}, testsigma.Policy{Expected: nominal, Jitter: cfg.jitter}))
	}},
	engineUnknown: {name: "this provider, first run, no progress signal (v1 counts and v2 metrics null)", emu: emulator.Options{NullV2Metrics: true}, wait: firstRun},
	engineCounts:  {name: "this provider, first run, cases finish one by one (10-200 cases, v1 counts move)", progressive: true, v1Counts: true, wait: firstRun},
	engineV2:      {name: "this provider, first run, cases finish one by one, counts only in v2 metrics (v1 null)", progressive: true, wait: firstRun},
	fixed10:       {name: "fixed 10s, first poll at 10s (like spacelift_run)", wait: fixedPoll(func(n int) time.Duration { return time.Duration(n+1) * 10 * time.Second })},
	fixed15:       {name: "fixed 15s (the budget: ceil(L/15s) requests)", wait: fixedPoll(func(n int) time.Duration { return time.Duration(n+1) * 15 * time.Second })},
	jenkins:       {name: "Jenkins plugin: at the trigger, then every 5 min", wait: fixedPoll(func(n int) time.Duration { return time.Duration(n) * 5 * time.Minute })},
	script:        {name: "official script: at the trigger, then every 6 min (30 polls, 180 min max)", wait: fixedPoll(func(n int) time.Duration { return time.Duration(n) * 6 * time.Minute })},
}

// firstRun is the engine with nothing to expect: the first run of a plan.
func firstRun(ctx context.Context, c *testsigma.Client, _ *simclock.Clock, id int64, _ time.Duration, cfg config) error {
	return followed(c.Follow(ctx, testsigma.Run{ID: id}, testsigma.Policy{Jitter: cfg.jitter}))
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

// simulated is an emulator with opts and a client of it, on a simulated clock of their own.
// The caller closes the emulator.
func simulated(opts emulator.Options) (*simclock.Clock, *emulator.Server, *testsigma.Client, error) {
	clock := simclock.New(time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC))
	opts.Clock = clock
	emu := emulator.New(opts)
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: clock, Version: "pollbench"})
	if err != nil {
		emu.Close()
		return nil, nil, nil, err
	}
	return clock, emu, client, nil
}

// statusReads is the status requests of a run the emulator has seen so far, v1 and v2.
func statusReads(emu *emulator.Server, runID int64) int {
	return emu.Count("GET", fmt.Sprintf("/api/v1/execution_results/%d", runID)) + emu.Count("GET", fmt.Sprintf("/api/v2/test_runs/%d", runID))
}

// measureCell runs every trial of one schedule at one length, on its own emulator and clock
// (a simulated clock serves one waiter at a time).
func measureCell(ctx context.Context, sc schedule, nominal time.Duration, cfg config) (cell, error) {
	clock, emu, client, err := simulated(sc.emu)
	if err != nil {
		return nil, err
	}
	defer emu.Close()
	out := make(cell, 0, cfg.trials)
	for i, length := range trialLengths(nominal, cfg) {
		// A plan of its own per trial: the client remembers each plan's run lengths, and a
		// "first run" must not learn from the trial before it.
		planID := int64(i + 1)
		queued := min(length/10, 10*time.Second)
		plan := emulator.Plan{ID: planID, Name: "Smoke", Queued: queued, Running: length - queued, Result: "SUCCESS",
			Cases: []emulator.Case{{ID: 1, Name: "Login works", Result: "SUCCESS"}}}
		if sc.progressive {
			plan = progressivePlan(plan, i, cfg.trials, nominal)
			plan.MovingV1Counts = sc.v1Counts
		}
		emu.AddPlan(plan)
		run, err := client.Trigger(ctx, testsigma.TriggerRequest{TestPlanID: planID})
		if err != nil {
			return nil, err
		}
		end := clock.Now().Add(length)
		before := statusReads(emu, run.ID)
		if err := sc.wait(ctx, client, clock, run.ID, nominal, cfg); err != nil {
			return nil, err
		}
		if st, _ := emu.Run(run.ID); st.Status != "STATUS_COMPLETED" {
			return nil, fmt.Errorf("run %d: the wait ended at %s", run.ID, st.Status)
		}
		out = append(out, trial{lag: clock.Now().Sub(end), requests: statusReads(emu, run.ID) - before})
	}
	return out, nil
}

// progressivePlan makes trial i's plan one whose counts move: between 10 and 200 cases
// (spread evenly over the trials, in an order unrelated to the lengths, so short and long
// runs both get small and large plans), finishing one by one at the emulator's uneven times
// (each trial and length its own seed).
func progressivePlan(p emulator.Plan, i, trials int, nominal time.Duration) emulator.Plan {
	k := (i * 8) % max(trials, 1) // 8 is prime to the default 21 trials: a permutation
	n := 10
	if trials > 1 {
		n += (190*k + (trials-1)/2) / (trials - 1)
	}
	p.Cases = make([]emulator.Case, n)
	for c := range p.Cases {
		p.Cases[c] = emulator.Case{ID: int64(c + 1), Name: fmt.Sprintf("Case %d", c+1), Result: "SUCCESS"}
	}
	p.Progressive, p.Seed = true, int64(nominal/time.Millisecond)+int64(i)
	return p
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
