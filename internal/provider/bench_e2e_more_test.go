package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// oneByOnePlan is a first run of 90-150s whose cases finish one by one, counted either in
// the v1 counts (Plan.MovingV1Counts) or only in the v2 metrics (the emulator's default).
type oneByOnePlan struct {
	id     int64
	length time.Duration
	cases  int
	v1     bool
}

var oneByOnePlans = []oneByOnePlan{
	{3101, 95 * time.Second, 40, true}, {3102, 120 * time.Second, 25, true}, {3103, 145 * time.Second, 60, true},
	{3111, 100 * time.Second, 30, false}, {3112, 125 * time.Second, 50, false}, {3113, 150 * time.Second, 20, false},
}

func addOneByOnePlans(emu *emulator.Server) []oneByOnePlan {
	for i, p := range oneByOnePlans {
		emu.AddPlan(emulator.Plan{ID: p.id, Name: fmt.Sprintf("One by one %d", p.id), Queued: 5 * time.Second, Running: p.length - 5*time.Second,
			Result: "SUCCESS", Progressive: true, Seed: int64(15 + i), Cases: benchCases(p.cases), MovingV1Counts: p.v1})
	}
	return oneByOnePlans
}

// oneByOne applies the six first runs at once and prints, for each, how late its end was
// noticed and the status requests (v1 and v2) it cost, with issue 20's targets.
func (b *benchRun) oneByOne(plans []oneByOnePlan) {
	dir := b.dir("one-by-one")
	var body strings.Builder
	for _, p := range plans {
		fmt.Fprintf(&body, "resource \"testsigma_plan_run\" \"p%d\" {\n  test_plan_id = %d\n}\n", p.id, p.id)
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
	byPlan := map[int64]oneByOnePlan{}
	for _, p := range plans {
		byPlan[p.id] = p
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
		lags[p.v1] = append(lags[p.v1], lag)
		limit := int(math.Ceil(p.length.Seconds()/15)) + 2
		fmt.Printf("| %s | %s | %d | %.1fs | %d | %d %s |\n", countsWhere(p.v1), p.length, p.cases, lag.Seconds(), reads[id], limit, verdictMark(reads[id] <= limit))
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

// TestBenchPlanCost is the plan-cost part of TestBenchEndToEnd alone (the same figures, in
// a minute instead of several), for work on the plan's cost.
func TestBenchPlanCost(t *testing.T) {
	if os.Getenv("TESTSIGMA_BENCH") == "" {
		t.Skip("set TESTSIGMA_BENCH=1 to measure the plan cost")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	emu := newEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 3003, Name: "Instant", Result: "SUCCESS"})
	reattach := mergeReattach(t, serveForReattach(t, ctx, Options{}), serveAtForReattach(t, ctx, tinyAddress, tinyServer()))
	(&benchRun{t: t, ctx: ctx, emu: emu, reattach: reattach}).planCost(400)
}

// planCost times `terraform plan` over n finished runs and over n resources of the tiny
// framework provider, side by side, and counts the API calls of the first. It also splits
// each plan's CPU time between Terraform's process and this one (the provider servers, with
// the emulator idle), to tell the provider's share from Terraform's.
func (b *benchRun) planCost(n int) {
	dir := b.dir("refresh")
	b.write(dir, fmt.Sprintf("resource \"testsigma_plan_run\" \"r\" {\n count = %d\n test_plan_id = 3003\n}\n", n))
	b.terraform(dir, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	from := len(b.emu.Requests())
	withProvider, mineTF, mineHere := b.terraformCPU(dir, "plan", "-input=false", "-no-color")
	calls := len(b.emu.Requests()) - from
	if calls != 0 {
		b.t.Errorf("planning over %d finished runs made %d API calls, want 0", n, calls)
	}
	base := b.dir("tiny")
	b.writeRaw(base, fmt.Sprintf("terraform {\n  required_providers {\n    tiny = { source = \"bench/tiny\" }\n  }\n}\nresource \"tiny_thing\" \"r\" {\n count = %d\n input = \"x\"\n}\n", n))
	b.terraform(base, "apply", "-auto-approve", "-input=false", "-no-color", "-parallelism=50")
	tiny, tinyTF, tinyHere := b.terraformCPU(base, "plan", "-input=false", "-no-color")
	ratio := withProvider.Seconds() / tiny.Seconds()
	fmt.Println("\n| plan cost | terraform plan time | CPU: Terraform | CPU: provider | API calls |")
	fmt.Println("|---|---|---|---|---|")
	fmt.Printf("| %d finished testsigma_plan_run in state | %.2fs | %.2fs | %.2fs | %d |\n", n, withProvider.Seconds(), mineTF.Seconds(), mineHere.Seconds(), calls)
	fmt.Printf("| %d tiny_thing of a minimal framework provider (3 attributes, in-process like this one) | %.2fs | %.2fs | %.2fs | – |\n", n, tiny.Seconds(), tinyTF.Seconds(), tinyHere.Seconds())
	fmt.Printf("\n- plan over %d finished runs: %.2f× the minimal provider's (≤ 1.5×) %s, %d API calls (0) %s\n", n, ratio, verdictMark(ratio <= 1.5), calls, verdictMark(calls == 0))
}

// terraformCPU is terraform, with the CPU time of Terraform's process and of this one.
func (b *benchRun) terraformCPU(dir string, args ...string) (wall, tf, here time.Duration) {
	cmd, out := terraformCmd(b.ctx, b.t, dir, b.reattach, args...)
	before := processCPU()
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), processCPU() - before
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
