package provider

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// Runtime data comes in two halves: runtime_data, stored in state like every input, and
// runtime_data_wo, write-only, which Terraform never stores (secrets, ephemeral values). The
// trigger sends the two merged. The resource and the action check and merge them here.

// checkRuntimeData is the plan-time check: no key in both halves, and a version whenever the
// write-only half is set (without one Terraform could never tell that new values must be
// sent). needsVersion is false where there is no version attribute (the action keeps nothing
// between runs, so it sends what it is given every time).
func checkRuntimeData(plain, wo types.Map, version types.Int64, needsVersion bool) diag.Diagnostics {
	var diags diag.Diagnostics
	if wo.IsNull() {
		return diags
	}
	if needsVersion && version.IsNull() {
		diags.Append(woNeedsVersionDiag("runtime_data_wo", "the values", " (that starts a new run)"))
	}
	if plain.IsNull() || plain.IsUnknown() || wo.IsUnknown() {
		return diags
	}
	var both []string
	for k := range wo.Elements() {
		if _, ok := plain.Elements()[k]; ok {
			both = append(both, k)
		}
	}
	slices.Sort(both)
	for _, k := range both {
		diags.Append(runtimeKeyTwiceDiag(k))
	}
	return diags
}

// mergeRuntimeData is the runtimeData the trigger sends. checkRuntimeData has ruled out a key
// in both; nil when both halves are empty.
func mergeRuntimeData(ctx context.Context, plain, wo types.Map) (map[string]string, diag.Diagnostics) {
	out, diags := stringMap(ctx, plain)
	more, d := stringMap(ctx, wo)
	diags.Append(d...)
	for k, v := range more {
		if out == nil {
			out = map[string]string{}
		}
		out[k] = v
	}
	return out, diags
}

// noNullValues rejects a null inside a map of strings (`{ a = null }`), which the trigger
// could not send; Terraform itself lets it through.
type noNullValues struct{}

func (noNullValues) Description(context.Context) string { return "values must not be null" }
func (v noNullValues) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (noNullValues) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	var nulls []string
	for k, v := range req.ConfigValue.Elements() {
		if v.IsNull() {
			nulls = append(nulls, k)
		}
	}
	slices.Sort(nulls)
	for _, k := range nulls {
		resp.Diagnostics.Append(nullValueDiag(req.Path, k))
	}
}

var _ validator.Map = noNullValues{}

// redactingWriteOnly is ctx whose API calls redact the write-only values too, as they do the
// API key: a server may echo the trigger's runtimeData in an error or a body it garbles.
func redactingWriteOnly(ctx context.Context, wo types.Map) context.Context {
	values, _ := stringMap(ctx, wo)
	secrets := make([]string, 0, len(values))
	for _, v := range values {
		secrets = append(secrets, v)
	}
	return testsigma.WithSecrets(ctx, secrets...)
}
