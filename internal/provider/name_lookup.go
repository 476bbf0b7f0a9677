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
func (l byIDOrName[T]) find(ctx context.Context, id types.String, name types.String, diags *diag.Diagnostics) (T, bool) {
	var zero T
	if !id.IsNull() {
		item, err := l.byID(ctx, idNumber(id))
		switch {
		case testsigma.IsNotFound(err):
			diags.Append(notFoundDiag(l.kind, path.Root("id"), noSuchIDText(l.kind, idNumber(id), err)))
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
	return oneNamed(l.kind, path.Root("name"), name.ValueString(), found, l.idOf, diags)
}

// oneNamed is the only item of a lookup by name, or an error at `at`: none has the name
// (with the close names), or several do (with their ids). Every lookup by name, of test
// plans, environments and saved configs alike, ends here.
func oneNamed[T any](k lookupKind, at path.Path, name string, found testsigma.Lookup[T], idOf func(T) int64, diags *diag.Diagnostics) (T, bool) {
	var zero T
	switch len(found.Matches) {
	case 0:
		diags.Append(noneNamedDiag(k, at, name, found))
		return zero, false
	case 1:
		return found.Matches[0], true
	}
	ids := make([]int64, len(found.Matches))
	for i, m := range found.Matches {
		ids[i] = idOf(m)
	}
	diags.Append(notUniqueDiag(k, at, name, ids))
	return zero, false
}
