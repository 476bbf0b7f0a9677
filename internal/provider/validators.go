package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const minPollInterval = testsigma.MinPollInterval

// durationAtLeast checks a Go duration string; the type itself already rejects what does not parse.
type durationAtLeast struct{ min time.Duration }

func (v durationAtLeast) Description(context.Context) string {
	return fmt.Sprintf("must be a duration of at least %s", v.min)
}
func (v durationAtLeast) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationAtLeast) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		resp.Diagnostics.Append(invalidDurationDiag(req.Path, req.ConfigValue.ValueString()))
		return
	}
	if d < v.min {
		resp.Diagnostics.Append(durationTooShortDiag(req.Path, req.ConfigValue.ValueString(), v.min))
	}
}

var _ validator.String = durationAtLeast{}

// knownResult checks accepted_results entries against the API's result enum, and points the
// docs' spellings (PASSED, FAILED) to the values the API really sends.
type knownResult struct{}

func (knownResult) Description(context.Context) string {
	return "must be one of " + strings.Join(testsigma.KnownResults, ", ")
}
func (v knownResult) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (knownResult) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if testsigma.IsKnownResult(got) && testsigma.NormalizeResult(got) == got {
		return
	}
	resp.Diagnostics.Append(unknownResultDiag(req.Path, got))
}

var _ validator.String = knownResult{}
