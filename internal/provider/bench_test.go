package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// TestBenchEndToEnd prints the end-to-end figures of `make bench`: what a user waits for in
// a gated apply through the real Terraform CLI and the real clock. It measures; it asserts
// only correctness (trigger counts, zero refresh calls), never timing, and is skipped unless
// TESTSIGMA_BENCH is set, so `make test` stays fast and free of timing assertions.
func TestBenchEndToEnd(t *testing.T) {
	t.Parallel()
	if os.Getenv("TESTSIGMA_BENCH") == "" {
		t.Skip("set TESTSIGMA_BENCH=1 (make bench) to measure the end-to-end figures")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	emu := newEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 3001, Name: "Short", Queued: time.Second, Running: 5 * time.Second, Result: "SUCCESS"})
	emu.AddPlan(emulator.Plan{ID: 3002, Name: "Fan-out", Queued: time.Second, Running: 9 * time.Second, Result: "SUCCESS"})
	emu.AddPlan(emulator.Plan{ID: 3003, Name: "Instant", Result: "SUCCESS"})
	oneByOne := addOneByOnePlans(emu)
	reattach := mergeReattach(t, serveForReattach(t, ctx, Options{}), serveAtForReattach(t, ctx, tinyAddress, tinyServer()), serveAtForReattach(t, ctx, floorAddress, floorServer()))
	b := &benchRun{t: t, ctx: ctx, emu: emu, reattach: reattach}

	fmt.Println("\n### End to end (real Terraform CLI with -parallelism=50, real clock, emulator on loopback, max_requests_per_second = 20, the default)")
	fmt.Println("\n| scenario | run length | apply wall time (saved plan) | wall time minus the run | last run noticed after first trigger + run | longest notice lag of a run | status requests (v1 + v2) | peak requests in any 1s at the server | triggers |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|")
	for i, c := range []struct {
		name, body string
		n          int
		runLen     time.Duration
	}{
		{"one run, first of its plan", "count = 1\ntest_plan_id = 3001\ntriggers = { v = \"1\" }", 1, 6 * time.Second},
		{"one run, replacing a previous run (expectation known)", "count = 1\ntest_plan_id = 3001\ntriggers = { v = \"2\" }", 1, 6 * time.Second},
		{"fan-out of 50, first runs", "count = 50\ntest_plan_id = 3002\ntriggers = { v = \"1\" }", 50, 10 * time.Second},
		{"fan-out of 50, replacing (expectation known)", "count = 50\ntest_plan_id = 3002\ntriggers = { v = \"2\" }", 50, 10 * time.Second},
	} {
		dir := b.dir(fmt.Sprintf("scenario%d", i))
		if strings.Contains(c.name, "replacing") {
			dir = b.lastDir
		}
		b.write(dir, "resource \"testsigma_plan_run\" \"r\" {\n"+c.body+"\n}\n")
		// Terraform applies 10 resources at a time unless told otherwise; a fan-out that
		// should run in parallel needs -parallelism, which is what this measures.
		// Planned first, as a CI pipeline does, so the wall time is the apply's alone.
		b.terraform(dir, "plan", "-input=false", "-no-color", "-out=tfplan")
		from := len(emu.Requests())
		wall := b.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", fmt.Sprintf("-parallelism=%d", max(10, c.n)), "tfplan")
		reqs := emu.Requests()[from:]
		posts, gets := 0, 0
		for _, r := range reqs {
			switch {
			case r.Method == "POST":
				posts++
			case r.Method == "GET" && (strings.HasPrefix(r.Path, "/api/v1/execution_results/") || strings.HasPrefix(r.Path, "/api/v2/test_runs/")):
				gets++
			}
		}
		if posts != c.n {
			t.Errorf("%s: %d triggers, want exactly %d", c.name, posts, c.n)
		}
		fmt.Printf("| %s | %s | %.1fs | %.1fs | %.1fs | %.1fs | %d | %d | %d |\n", c.name, c.runLen, wall.Seconds(), (wall - c.runLen).Seconds(),
			noticeOverhead(reqs, c.runLen).Seconds(), longestLag(emu, reqs).Seconds(), gets, peakPerSecond(reqs), posts)
		b.lastDir = dir
	}

	b.oneByOne(oneByOne)
	b.planCost(400)
}

type benchRun struct {
	t        *testing.T
	ctx      context.Context
	emu      *emulator.Server
	reattach string
	lastDir  string
}

func (b *benchRun) dir(name string) string {
	d := filepath.Join(b.t.TempDir(), name)
	if err := os.MkdirAll(d, 0o700); err != nil {
		b.t.Fatal(err)
	}
	return d
}

func (b *benchRun) write(dir, resources string) {
	b.writeRaw(dir, "terraform {\n  required_providers {\n    testsigma = { source = \"testsigma/testsigma\" }\n  }\n}\n"+providerBlock(b.emu)+resources)
}

func (b *benchRun) writeRaw(dir, cfg string) {
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(cfg), 0o600); err != nil {
		b.t.Fatal(err)
	}
}

// terraform runs one command to the end and returns its wall time.
func (b *benchRun) terraform(dir string, args ...string) time.Duration {
	cmd, out := terraformCmd(b.ctx, b.t, dir, b.reattach, args...)
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
	}
	return time.Since(start)
}

// noticeOverhead is how long after (first trigger + run length) the last run was noticed
// finished: the cost of spreading the triggers under the rate limit plus the notice lag,
// without Terraform's own plan and apply bookkeeping.
func noticeOverhead(reqs []emulator.Request, runLen time.Duration) time.Duration {
	var first, last time.Time
	for _, r := range reqs {
		switch {
		case r.Method == "POST" && (first.IsZero() || r.At.Before(first)):
			first = r.At
		case r.Method == "GET" && strings.HasPrefix(r.Path, "/api/v1/execution_results/") && r.At.After(last):
			last = r.At
		}
	}
	return last.Sub(first) - runLen
}

// longestLag is the worst, over the runs polled in reqs, of the time from a run's end on the
// server to the poll that saw it.
func longestLag(emu *emulator.Server, reqs []emulator.Request) time.Duration {
	seen := map[int64]time.Time{}
	for _, r := range reqs {
		var id int64
		if r.Method == "GET" {
			if _, err := fmt.Sscanf(r.Path, "/api/v1/execution_results/%d", &id); err == nil && r.At.After(seen[id]) {
				seen[id] = r.At
			}
		}
	}
	var worst time.Duration
	for id, at := range seen {
		if run, ok := emu.Run(id); ok && !run.Ended.IsZero() {
			worst = max(worst, at.Sub(run.Ended))
		}
	}
	return worst
}

// peakPerSecond is the most requests that arrived within any one-second span.
func peakPerSecond(reqs []emulator.Request) int {
	times := make([]time.Time, len(reqs))
	for i, r := range reqs {
		times[i] = r.At
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	peak := 0
	for i, j := 0, 0; j < len(times); j++ {
		for times[j].Sub(times[i]) >= time.Second {
			i++
		}
		peak = max(peak, j-i+1)
	}
	return peak
}

func addOneByOnePlans(emu *emulator.Server) []emulator.OneByOne {
	for i, p := range emulator.BenchOneByOne {
		emu.AddPlan(p.Plan(i))
	}
	return emulator.BenchOneByOne
}

// oneByOne applies the ten first runs at once and prints, for each, how late its end was
// noticed and the status requests (v1 and v2) it cost, with issue 20's targets.
func (b *benchRun) oneByOne(plans []emulator.OneByOne) {
	dir := b.dir("one-by-one")
	var body strings.Builder
	for _, p := range plans {
		fmt.Fprintf(&body, "resource \"testsigma_plan_run\" \"p%d\" {\n  test_plan_id = %d\n}\n", p.ID, p.ID)
	}
	b.write(dir, body.String())
	b.terraform(dir, "plan", "-input=false", "-no-color", "-out=tfplan")
	from := len(b.emu.Requests())
	b.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", "tfplan")
	lastV1, reads := map[int64]time.Time{}, map[int64]int{}
	for _, r := range b.emu.Requests()[from:] {
		var id int64
		if r.Method != "GET" {
			continue
		}
		if _, err := fmt.Sscanf(r.Path, "/api/v1/execution_results/%d", &id); err == nil {
			reads[id]++
			if r.At.After(lastV1[id]) {
				lastV1[id] = r.At
			}
		} else if _, err := fmt.Sscanf(r.Path, "/api/v2/test_runs/%d", &id); err == nil {
			reads[id]++
		}
	}
	byPlan := map[int64]emulator.OneByOne{}
	for _, p := range plans {
		byPlan[p.ID] = p
	}
	fmt.Println("\n| first run, cases finish one by one | run length | cases | notice lag | status requests (v1 + v2) | at most ceil(L/15s) + 2 |")
	fmt.Println("|---|---|---|---|---|---|")
	lags := map[bool][]time.Duration{}
	for id, seen := range lastV1 {
		st, ok := b.emu.Run(id)
		p, mine := byPlan[st.PlanID]
		if !ok || !mine || st.Ended.IsZero() {
			continue
		}
		lag := seen.Sub(st.Ended)
		lags[p.V1Counts] = append(lags[p.V1Counts], lag)
		limit := p.Limit()
		fmt.Printf("| %s | %s | %d | %.1fs | %d | %d %s |\n", countsWhere(p.V1Counts), p.Length, p.Cases, lag.Seconds(), reads[id], limit, verdictMark(reads[id] <= limit))
	}
	fmt.Println()
	for _, v1 := range []bool{true, false} {
		m := medianOf(lags[v1])
		fmt.Printf("- %s: median notice lag %.1fs over %d runs (≤ 2s) %s\n", countsWhere(v1), m.Seconds(), len(lags[v1]), verdictMark(len(lags[v1]) >= 3 && m <= 2*time.Second))
	}
}

func countsWhere(v1 bool) string {
	if v1 {
		return "v1 counts move"
	}
	return "counts only in v2 metrics"
}

func verdictMark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗ MISSED"
}

func medianOf(xs []time.Duration) time.Duration {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[(len(s)-1)/2]
}

// mergeReattach joins TF_REATTACH_PROVIDERS values of providers served apart.
func mergeReattach(t *testing.T, values ...string) string {
	t.Helper()
	all := map[string]json.RawMessage{}
	for _, v := range values {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(v), &m); err != nil {
			t.Fatal(err)
		}
		for k, x := range m {
			all[k] = x
		}
	}
	b, err := json.Marshal(all)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
