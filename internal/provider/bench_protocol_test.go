package provider

import (
	"context"
	"encoding/json"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

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
