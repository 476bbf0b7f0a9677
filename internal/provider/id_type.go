package provider

import (
	"context"
	"math/big"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// idType is a Testsigma id (test plan, environment, saved config): a whole number from 1 up.
// Terraform hands a provider any number; the framework's own Int64 type fails on 1.5 or 1e30
// with an error that blames the provider and prints %!s(*big.Float=…). This type takes any
// number and says at validation, in words, what is wrong and what to write instead.
type idType struct{ basetypes.Int64Type }

var (
	_ basetypes.Int64Typable                    = idType{}
	_ basetypes.Int64ValuableWithSemanticEquals = (*idValue)(nil)
	_ xattr.ValidateableAttribute               = idValue{}
)

func (t idType) String() string                       { return "provider.idType" }
func (t idType) ValueType(context.Context) attr.Value { return idValue{} }
func (t idType) Equal(o attr.Type) bool               { _, ok := o.(idType); return ok }
func (t idType) ValueFromInt64(_ context.Context, v basetypes.Int64Value) (basetypes.Int64Valuable, diag.Diagnostics) {
	return idValue{Int64Value: v}, nil
}

func (t idType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	if !in.IsKnown() {
		return idValue{Int64Value: basetypes.NewInt64Unknown()}, nil
	}
	if in.IsNull() {
		return idValue{Int64Value: basetypes.NewInt64Null()}, nil
	}
	var f big.Float
	if err := in.As(&f); err != nil {
		return nil, err
	}
	if i, acc := f.Int64(); f.IsInt() && acc == big.Exact {
		return idValue{Int64Value: basetypes.NewInt64Value(i)}, nil
	}
	// Unknown to every validator but ValidateAttribute, which names the problem.
	return idValue{Int64Value: basetypes.NewInt64Unknown(), bad: &f}, nil
}

// idValue is an idType value; bad holds a number that is no id, kept as given.
type idValue struct {
	basetypes.Int64Value
	bad *big.Float
}

func newID(v int64) idValue                      { return idValue{Int64Value: basetypes.NewInt64Value(v)} }
func newIDPointer(v *int64) idValue              { return idValue{Int64Value: basetypes.NewInt64PointerValue(v)} }
func (v idValue) Type(context.Context) attr.Type { return idType{} }

func (v idValue) Equal(o attr.Value) bool {
	other, ok := o.(idValue)
	if !ok || (v.bad == nil) != (other.bad == nil) {
		return false
	}
	if v.bad != nil {
		return v.bad.Cmp(other.bad) == 0
	}
	return v.Int64Value.Equal(other.Int64Value)
}

func (v idValue) Int64SemanticEquals(_ context.Context, o basetypes.Int64Valuable) (bool, diag.Diagnostics) {
	return v.Equal(o), nil
}

func (v idValue) ToTerraformValue(ctx context.Context) (tftypes.Value, error) {
	if v.bad != nil {
		return tftypes.NewValue(tftypes.Number, v.bad), nil
	}
	return v.Int64Value.ToTerraformValue(ctx)
}

func (v idValue) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.bad == nil {
		return
	}
	resp.Diagnostics.Append(invalidIDDiag(req.Path, v.bad.Text('g', 20)))
}
