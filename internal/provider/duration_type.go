package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// durationType is timetypes' Go duration, minus its own check of the string: that one's
// message carries a literal "\n\n" and the Go error, where durationAtLeast says in one
// sentence what to write. Everything else (parsing, "60s" equal to "1m") is timetypes'.
type durationType struct{ timetypes.GoDurationType }

var _ xattr.ValidateableAttribute = durationValue{}

func (t durationType) String() string                       { return "provider.durationType" }
func (t durationType) ValueType(context.Context) attr.Value { return durationValue{} }
func (t durationType) Equal(o attr.Type) bool {
	_, ok := o.(durationType)
	return ok
}

func (t durationType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return durationValue{timetypes.GoDuration{StringValue: in}}, nil
}

func (t durationType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, _ := v.(basetypes.StringValue) // StringType makes nothing else
	return durationValue{timetypes.GoDuration{StringValue: s}}, nil
}

// durationValue is a durationType value.
type durationValue struct{ timetypes.GoDuration }

func (v durationValue) Type(context.Context) attr.Type { return durationType{} }

func (v durationValue) Equal(o attr.Value) bool {
	other, ok := o.(durationValue)
	return ok && v.GoDuration.Equal(other.GoDuration)
}

// ValidateAttribute leaves the string to durationAtLeast, every such attribute's validator.
func (v durationValue) ValidateAttribute(context.Context, xattr.ValidateAttributeRequest, *xattr.ValidateAttributeResponse) {
}

func (v durationValue) StringSemanticEquals(ctx context.Context, o basetypes.StringValuable) (bool, diag.Diagnostics) {
	other, ok := o.(durationValue)
	if !ok {
		return false, nil
	}
	return v.GoDuration.StringSemanticEquals(ctx, other.GoDuration)
}

// parseGoDuration reads an optional duration attribute; null, unknown or unparsable gives 0.
func parseGoDuration(v durationValue) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return 0
	}
	d, _ := v.ValueGoDuration()
	return d
}
