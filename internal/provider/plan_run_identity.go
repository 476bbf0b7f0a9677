package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
func importRunID(ctx context.Context, req resource.ImportStateRequest, diags *diag.Diagnostics) (string, bool) {
	if req.ID != "" || req.Identity == nil || req.Identity.Raw.IsNull() {
		_, ok := parseRunID(req.ID, path.Root("id"), diags)
		return req.ID, ok
	}
	var ident planRunIdentity
	if diags.Append(req.Identity.Get(ctx, &ident)...); diags.HasError() {
		return "", false
	}
	raw := strconv.FormatInt(ident.ID.ValueInt64(), 10)
	_, ok := parseRunID(raw, path.Root("id"), diags)
	return raw, ok
}
