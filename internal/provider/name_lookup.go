package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// byIDOrName is the lookup of testsigma_test_plan and testsigma_environment: exactly one of
// id and name is set (the schema's config validator makes sure, at plan time).
type byIDOrName[T any] struct {
	kind   lookupKind
	byID   func(context.Context, int64) (T, error)
	byName func(context.Context, string) (testsigma.Lookup[T], error)
	idOf   func(T) int64
}

// find returns the one item the configuration means, or adds the error that says why
// there is none.
func (l byIDOrName[T]) find(ctx context.Context, id types.Int64, name types.String, diags *diag.Diagnostics) (T, bool) {
	var zero T
	if !id.IsNull() {
		item, err := l.byID(ctx, id.ValueInt64())
		switch {
		case testsigma.IsNotFound(err):
			diags.AddAttributeError(path.Root("id"), l.kind.title+" not found", noSuchIDText(l.kind, id.ValueInt64(), err))
			return zero, false
		case err != nil:
			diags.Append(lookupFailedDiag(l.kind, err))
			return zero, false
		}
		return item, true
	}
	found, err := l.byName(ctx, name.ValueString())
	if err != nil {
		diags.Append(lookupFailedDiag(l.kind, err))
		return zero, false
	}
	return oneNamed(l.kind, name.ValueString(), found, l.idOf, diags)
}

// oneNamed is the only item of a lookup by name, or an error: none has the name (with the
// close names), or several do (with their ids).
func oneNamed[T any](k lookupKind, name string, found testsigma.Lookup[T], idOf func(T) int64, diags *diag.Diagnostics) (T, bool) {
	var zero T
	switch len(found.Matches) {
	case 0:
		diags.AddAttributeError(path.Root("name"), k.title+" not found", noSuchNameText(k, name, found.Names, found.Complete))
		return zero, false
	case 1:
		return found.Matches[0], true
	}
	ids := make([]int64, len(found.Matches))
	for i, m := range found.Matches {
		ids[i] = idOf(m)
	}
	diags.AddAttributeError(path.Root("name"), k.title+" name is not unique",
		duplicateNameText(k, name, ids, "Set id to one of them instead of name, or rename them in Testsigma so the name is unique."))
	return zero, false
}
