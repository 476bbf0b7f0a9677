package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"math/big"
	"strconv"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// finishedRuns answers the refresh and the plan of a finished testsigma_plan_run whose
// configuration did not change without the framework. A finished run is never read again
// (Read returns at once) and such a plan changes nothing, yet the framework spends ~5ms of
// CPU on each (BenchmarkPlanFinishedRun's profile): for every one of the resource's ~50
// attributes it walks the value by path, and every step rebuilds the schema's attribute map,
// so the cost grows with the square of the attributes. Over hundreds of runs in state that
// made `terraform plan` several times slower than a small provider's.
//
// The shortcut answers exactly what the framework would: the state unchanged for the
// refresh; for the plan, the proposed state (equal to the prior one), the private state
// unchanged, no replacement and no diagnostics. It applies only when that is sure: the
// run is finished, the proposal equals the prior state, no private flag asks for a
// replacement or a resumed wait, and every attribute whose configuration is null holds
// its default (else the framework would plan the default). Anything else goes to the
// framework. TestFinishedRunShortcutMatchesTheFramework pins the equality.
type finishedRuns struct {
	inner tfprotov6.ProviderServer
	once  sync.Once
	typ   tftypes.Object
	defs  map[string]tftypes.Value // the attributes with a default, and their default
	ok    bool
	// version is the schema's, for upgrade (finished_fast_path_state.go).
	version int64
	validations
}

const planRunTypeName = "testsigma_plan_run"

func (f *finishedRuns) init(ctx context.Context) bool {
	f.once.Do(func() {
		resp, err := f.inner.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		s, found := resp.ResourceSchemas[planRunTypeName]
		if err != nil || !found {
			return
		}
		typ, isObject := s.ValueType().(tftypes.Object)
		defs, known := planRunDefaults(ctx)
		f.typ, f.defs, f.version, f.ok = typ, defs, s.Version, isObject && known
	})
	return f.ok
}

// read is the refresh of a finished run: the state as it is. nil: ask the framework.
func (f *finishedRuns) read(ctx context.Context, req *tfprotov6.ReadResourceRequest) *tfprotov6.ReadResourceResponse {
	if req.TypeName != planRunTypeName || !f.init(ctx) {
		return nil
	}
	state, ok := f.finished(req.CurrentState)
	if !ok {
		return nil
	}
	return &tfprotov6.ReadResourceResponse{NewState: req.CurrentState, Private: req.Private, NewIdentity: stateIdentity(state, req.CurrentIdentity)}
}

// plan is the plan of a finished run that nothing changes. nil: ask the framework.
func (f *finishedRuns) plan(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) *tfprotov6.PlanResourceChangeResponse {
	if req.TypeName != planRunTypeName || !f.init(ctx) || flagged(req.PriorPrivate) {
		return nil
	}
	prior, ok := f.finished(req.PriorState)
	if !ok {
		return nil
	}
	config, err := req.Config.Unmarshal(f.typ)
	if err != nil || !sameAs(req.ProposedNewState, req.PriorState, prior, f.typ) || !f.defaultsHeld(prior, config) {
		return nil
	}
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: req.ProposedNewState, PlannedPrivate: req.PriorPrivate, PlannedIdentity: priorIdentity(req.PriorIdentity)}
}

// sameAs: the proposal is the prior state. Terraform encodes both the same way, so equal
// bytes (the common case) need no decoding.
func sameAs(proposed, priorRaw *tfprotov6.DynamicValue, prior tftypes.Value, typ tftypes.Object) bool {
	if proposed == nil {
		return false
	}
	if len(proposed.JSON) == 0 && len(priorRaw.JSON) == 0 && len(proposed.MsgPack) > 0 && bytes.Equal(proposed.MsgPack, priorRaw.MsgPack) {
		return true
	}
	v, err := proposed.Unmarshal(typ)
	return err == nil && v.Equal(prior)
}

// priorIdentity is what the framework plans for the identity of a run that nothing changes:
// the prior one, a null object when Terraform sent none.
func priorIdentity(prior *tfprotov6.ResourceIdentityData) *tfprotov6.ResourceIdentityData {
	if prior != nil && prior.IdentityData != nil {
		return prior
	}
	dv, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, nil))
	if err != nil {
		return nil
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// identityType is the identity schema's type (planRunResource.IdentitySchema).
var identityType = tftypes.Object{AttributeTypes: map[string]tftypes.Type{"id": tftypes.Number}}

// stateIdentity is the run's resource identity ({id}), as the framework sets it from the state
// (see identify): the one Terraform sent, else made from the state's id for an object
// written before identity existed.
func stateIdentity(state tftypes.Value, current *tfprotov6.ResourceIdentityData) *tfprotov6.ResourceIdentityData {
	if current != nil && current.IdentityData != nil {
		return current
	}
	var attrs map[string]tftypes.Value
	var id string
	if state.As(&attrs) != nil || attrs["id"].As(&id) != nil {
		return nil
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	dv, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": tftypes.NewValue(tftypes.Number, new(big.Float).SetInt64(n))}))
	if err != nil {
		return nil
	}
	return &tfprotov6.ResourceIdentityData{IdentityData: &dv}
}

// finished decodes a state and reports whether it is a finished run's.
func (f *finishedRuns) finished(dv *tfprotov6.DynamicValue) (tftypes.Value, bool) {
	if dv == nil {
		return tftypes.Value{}, false
	}
	v, err := dv.Unmarshal(f.typ)
	if err != nil || !v.IsFullyKnown() || v.IsNull() {
		return tftypes.Value{}, false
	}
	var attrs map[string]tftypes.Value
	var done bool
	if v.As(&attrs) != nil || attrs["finished"].As(&done) != nil || !done {
		return tftypes.Value{}, false
	}
	return v, true
}

// defaultsHeld: every attribute with a default that the configuration leaves null holds
// that default in the state, so the framework's defaults would change nothing.
func (f *finishedRuns) defaultsHeld(state, config tftypes.Value) bool {
	var s, c map[string]tftypes.Value
	if state.As(&s) != nil || config.As(&c) != nil {
		return false
	}
	for name, def := range f.defs {
		if c[name].IsNull() && !s[name].Equal(def) {
			return false
		}
	}
	return true
}

// flagged: the private state holds a flag that changes the plan (a red verdict to replace,
// a wait to resume), or cannot be read.
func flagged(private []byte) bool {
	if len(private) == 0 {
		return false
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(private, &keys) != nil {
		return true
	}
	for _, k := range planningKeys {
		if _, set := keys[k]; set {
			return true
		}
	}
	return false
}

// planRunDefaults is every top-level attribute of testsigma_plan_run with a default, and
// the default as Terraform sees it; ok false when one is of a kind defaultOf cannot read
// (then the shortcut is off, not wrong).
func planRunDefaults(ctx context.Context) (map[string]tftypes.Value, bool) {
	var resp resource.SchemaResponse
	(&planRunResource{}).Schema(ctx, resource.SchemaRequest{}, &resp)
	out := map[string]tftypes.Value{}
	for name, a := range resp.Schema.Attributes {
		v, ok := defaultOf(ctx, a)
		if !ok {
			if hasOtherDefault(a) {
				return nil, false
			}
			continue
		}
		tv, err := v.ToTerraformValue(ctx)
		if err != nil {
			return nil, false
		}
		out[name] = tv
	}
	return out, true
}

// hasOtherDefault: an attribute of a kind defaultOf does not read has a default.
func hasOtherDefault(a schema.Attribute) bool {
	switch a := a.(type) {
	case schema.MapAttribute:
		return a.Default != nil
	case schema.ListAttribute:
		return a.Default != nil
	case schema.ObjectAttribute:
		return a.Default != nil
	case schema.Float64Attribute:
		return a.Default != nil
	case schema.NumberAttribute:
		return a.Default != nil
	case schema.DynamicAttribute:
		return a.Default != nil
	case schema.Int32Attribute:
		return a.Default != nil
	case schema.Float32Attribute:
		return a.Default != nil
	}
	return false
}

func defaultOf(ctx context.Context, a schema.Attribute) (attr.Value, bool) {
	switch a := a.(type) {
	case schema.BoolAttribute:
		return valueOf(a.Default, func(d defaults.Bool) attr.Value {
			var r defaults.BoolResponse
			d.DefaultBool(ctx, defaults.BoolRequest{}, &r)
			return r.PlanValue
		})
	case schema.StringAttribute:
		return valueOf(a.Default, func(d defaults.String) attr.Value {
			var r defaults.StringResponse
			d.DefaultString(ctx, defaults.StringRequest{}, &r)
			return r.PlanValue
		})
	case schema.Int64Attribute:
		return valueOf(a.Default, func(d defaults.Int64) attr.Value {
			var r defaults.Int64Response
			d.DefaultInt64(ctx, defaults.Int64Request{}, &r)
			return r.PlanValue
		})
	case schema.SetAttribute:
		return valueOf(a.Default, func(d defaults.Set) attr.Value {
			var r defaults.SetResponse
			d.DefaultSet(ctx, defaults.SetRequest{}, &r)
			return r.PlanValue
		})
	}
	return nil, false
}

func valueOf[D comparable](d D, get func(D) attr.Value) (attr.Value, bool) {
	var zero D
	if d == zero {
		return nil, false
	}
	return get(d), true
}
