package provider

import (
	"context"
	"math/big"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Resource identity (Terraform 1.12+): a run is identified by its id, so
// `import { identity = { id = 5003 } }` adopts a run started elsewhere, and
// `terraform query` (the list resource) hands out identities of this shape.

var _ resource.ResourceWithIdentity = (*planRunResource)(nil)

type planRunIdentity struct {
	ID types.Int64 `tfsdk:"id"`
}

func (r *planRunResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.Int64Attribute{
			RequiredForImport: true,
			Description:       "The run id: the number at the end of the run's URL in Testsigma (…/ui/td/runs/<id>).",
		},
	}}
}

// identify sets the identity from the run id in state. Every operation that returns state
// calls it, a failed one too (a tainted run keeps its identity), so an object written
// before identity existed gets one on its next refresh.
func identify(ctx context.Context, state tfsdk.State, identity *tfsdk.ResourceIdentity, diags *diag.Diagnostics) {
	if identity == nil || state.Raw.IsNull() {
		return
	}
	var id types.String
	diags.Append(state.GetAttribute(ctx, path.Root("id"), &id)...)
	n, err := strconv.ParseInt(id.ValueString(), 10, 64)
	if id.IsNull() || id.IsUnknown() || err != nil {
		return
	}
	diags.Append(identity.Set(ctx, planRunIdentity{ID: types.Int64Value(n)})...)
}

// importRunID is the run id an import names, by `terraform import ID`/`import { id }` or by
// `import { identity = { id = … } }`.
func importRunID(req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		_, ok := parseRunID(req.ID, path.Root("id"), diags)
		return req.ID, ok
	}
	raw, ok := identityIDText(req.Identity.Raw)
	if !ok {
		diags.Append(identityWithoutIDDiag())
		return "", false
	}
	_, ok = parseRunID(raw, path.Root("id"), diags)
	return raw, ok
}

// identityIDText is the identity's id as the user wrote it (1.5, 1e+20), read from the raw
// value: the framework's conversion to an int64 fails on a fraction or a too-large number
// with an error that blames the provider, and turns null into 0. ok is false when the id
// is null or missing.
func identityIDText(raw tftypes.Value) (string, bool) {
	var attrs map[string]tftypes.Value
	if raw.As(&attrs) != nil || attrs["id"].IsNull() || !attrs["id"].IsKnown() {
		return "", false
	}
	var n *big.Float
	if attrs["id"].As(&n) != nil || n == nil {
		return "", false
	}
	return n.Text('f', -1), true
}
