package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
	reattach := mergeReattach(t, serveForReattach(t, ctx, Options{}), serveAtForReattach(t, ctx, tinyAddress, tinyServer()))
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

// benchCases are n passing test cases.
func benchCases(n int) []emulator.Case {
	out := make([]emulator.Case, n)
	for i := range out {
		out[i] = emulator.Case{ID: int64(i + 1), Name: fmt.Sprintf("Case %d", i+1), Result: "SUCCESS"}
	}
	return out
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

// BenchmarkPlanFinishedRun is what `terraform plan` costs the provider per finished
// testsigma_plan_run in state, through the protocol server, as Terraform core sends it:
// one ReadResource (the refresh) and one PlanResourceChange (read+plan), and the
// ValidateResourceConfig and UpgradeResourceState that come with them (Terraform validates
// each instance with the same configuration, so "validate" is the remembered answer, as
// for all instances but the first). Refreshing a finished run
// makes no API call, so this is the provider's and the framework's own work. `make test`
// runs it once (-benchtime=1x) so that it keeps working; its timings are for profiling
// (-cpuprofile), with no bar in any test.
func BenchmarkPlanFinishedRun(b *testing.B) {
	emu := emulator.New(emulator.Options{})
	b.Cleanup(emu.Close)
	emu.AddPlan(emulator.Plan{ID: 3003, Name: "Instant", Result: "SUCCESS"})
	p := newProtocolResource(b, emu, Options{})
	state := p.create(map[string]any{"test_plan_id": int64(3003)})
	before := len(emu.Requests())
	raw := p.rawState(state)
	for name, rpc := range map[string]func(){
		"read+plan": func() { p.planNoChange(p.read(state)) },
		"validate":  func() { p.validate() },
		"upgrade":   func() { p.upgrade(raw) },
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				rpc()
			}
		})
	}
	if n := len(emu.Requests()) - before; n != 0 {
		b.Fatalf("planning over a finished run made %d API calls, want 0", n)
	}
}

// rawState is state as Terraform stores it (JSON), for UpgradeResourceState.
func (p *protocolResource) rawState(state *tfprotov6.DynamicValue) []byte {
	v, err := state.Unmarshal(p.typ)
	if err != nil {
		p.tb.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		p.tb.Fatal(err)
	}
	out := map[string]any{}
	for name, a := range attrs {
		out[name] = jsonOf(a)
	}
	b, err := json.Marshal(out)
	if err != nil {
		p.tb.Fatal(err)
	}
	return b
}

func jsonOf(v tftypes.Value) any {
	if v.IsNull() {
		return nil
	}
	switch {
	case v.Type().Is(tftypes.String):
		var s string
		_ = v.As(&s)
		return s
	case v.Type().Is(tftypes.Bool):
		var b bool
		_ = v.As(&b)
		return b
	case v.Type().Is(tftypes.Number):
		var f big.Float
		_ = v.As(&f)
		x, _ := f.Float64()
		return x
	}
	var list []tftypes.Value
	if v.As(&list) == nil {
		out := make([]any, len(list))
		for i, e := range list {
			out[i] = jsonOf(e)
		}
		return out
	}
	var m map[string]tftypes.Value
	if v.As(&m) == nil {
		out := map[string]any{}
		for k, e := range m {
			out[k] = jsonOf(e)
		}
		return out
	}
	return nil
}

func (p *protocolResource) validate() {
	resp, err := p.srv.ValidateResourceConfig(p.ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: "testsigma_plan_run", Config: p.config})
	p.must(err, resp.Diagnostics)
}

func (p *protocolResource) upgrade(raw []byte) {
	resp, err := p.srv.UpgradeResourceState(p.ctx, &tfprotov6.UpgradeResourceStateRequest{TypeName: "testsigma_plan_run", RawState: &tfprotov6.RawState{JSON: raw}})
	p.must(err, resp.Diagnostics)
}

// protocolResource drives testsigma_plan_run through a configured provider server.
type protocolResource struct {
	tb     testing.TB
	ctx    context.Context
	srv    tfprotov6.ProviderServer
	typ    tftypes.Object
	config *tfprotov6.DynamicValue
}

func newProtocolResource(tb testing.TB, emu *emulator.Server, opts Options) *protocolResource {
	tb.Helper()
	p := &protocolResource{tb: tb, ctx: context.Background(), srv: NewServer("bench", opts)()}
	schema, err := p.srv.GetProviderSchema(p.ctx, &tfprotov6.GetProviderSchemaRequest{})
	p.must(err, schema.Diagnostics)
	p.typ = schema.ResourceSchemas["testsigma_plan_run"].ValueType().(tftypes.Object)
	provider := schema.Provider.ValueType().(tftypes.Object)
	resp, err := p.srv.ConfigureProvider(p.ctx, &tfprotov6.ConfigureProviderRequest{
		Config: p.value(provider, map[string]any{"base_url": emu.URL(), "api_key": emu.APIKey()}),
	})
	p.must(err, resp.Diagnostics)
	return p
}

// create plans and applies a new resource from cfg and returns its state.
func (p *protocolResource) create(cfg map[string]any) *tfprotov6.DynamicValue {
	p.config = p.value(p.typ, cfg)
	null := p.value(p.typ, nil)
	plan, err := p.srv.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "testsigma_plan_run", PriorState: null, ProposedNewState: p.config, Config: p.config,
	})
	p.must(err, plan.Diagnostics)
	applied, err := p.srv.ApplyResourceChange(p.ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "testsigma_plan_run", PriorState: null, PlannedState: plan.PlannedState, Config: p.config,
		PlannedPrivate: plan.PlannedPrivate,
	})
	p.must(err, applied.Diagnostics)
	return applied.NewState
}

func (p *protocolResource) read(state *tfprotov6.DynamicValue) *tfprotov6.DynamicValue {
	resp, err := p.srv.ReadResource(p.ctx, &tfprotov6.ReadResourceRequest{TypeName: "testsigma_plan_run", CurrentState: state})
	p.must(err, resp.Diagnostics)
	return resp.NewState
}

// planNoChange plans the unchanged config over state, with the state as the proposed new
// state (what Terraform proposes when nothing in the config changed).
func (p *protocolResource) planNoChange(state *tfprotov6.DynamicValue) {
	resp, err := p.srv.PlanResourceChange(p.ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: "testsigma_plan_run", PriorState: state, ProposedNewState: state, Config: p.config,
	})
	p.must(err, resp.Diagnostics)
	if len(resp.RequiresReplace) > 0 {
		p.tb.Fatalf("an unchanged finished run plans a replacement: %v", resp.RequiresReplace)
	}
}

func (p *protocolResource) must(err error, diags []*tfprotov6.Diagnostic) {
	p.tb.Helper()
	if err != nil {
		p.tb.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			p.tb.Fatalf("%s: %s", d.Summary, d.Detail)
		}
	}
}

// value is an object of typ with the given top-level attributes (see goValue) and
// every other one null; a nil map is the null object.
func (p *protocolResource) value(typ tftypes.Object, set map[string]any) *tfprotov6.DynamicValue {
	var v tftypes.Value
	if set == nil {
		v = tftypes.NewValue(typ, nil)
	} else {
		vals := map[string]tftypes.Value{}
		for name, at := range typ.AttributeTypes {
			vals[name] = tftypes.NewValue(at, nil)
		}
		for name, x := range set {
			vals[name] = goValue(typ.AttributeTypes[name], x)
		}
		v = tftypes.NewValue(typ, vals)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		p.tb.Fatal(err)
	}
	return &dv
}

// goValue is a Terraform value of typ from a string, int64, bool, []string (a set or list)
// or map[string]string.
func goValue(typ tftypes.Type, x any) tftypes.Value {
	switch x := x.(type) {
	case []string:
		elems := make([]tftypes.Value, len(x))
		for i, s := range x {
			elems[i] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(typ, elems)
	case map[string]string:
		elems := map[string]tftypes.Value{}
		for k, s := range x {
			elems[k] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(typ, elems)
	}
	return tftypes.NewValue(typ, x)
}

// The bench's yardstick for plan time: a minimal framework provider, served in this process
// like testsigma's, with one resource of a few attributes that makes no API call. Planning
// over N of them is what the framework and Terraform cost for N resources of any provider.

const tinyAddress = "registry.terraform.io/bench/tiny"

func tinyServer() func() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(tinyProvider{})
}

type tinyProvider struct{}

func (tinyProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "tiny"
}

func (tinyProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}

func (tinyProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (tinyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return tinyThing{} }}
}

func (tinyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type tinyThing struct{}

type tinyModel struct {
	ID     types.String `tfsdk:"id"`
	Input  types.String `tfsdk:"input"`
	Output types.String `tfsdk:"output"`
}

func (tinyThing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (tinyThing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":     schema.StringAttribute{Computed: true},
		"input":  schema.StringAttribute{Required: true},
		"output": schema.StringAttribute{Computed: true},
	}}
}

func (tinyThing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m tinyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.Output = m.Input, m.Input
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (tinyThing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (tinyThing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m tinyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (tinyThing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
