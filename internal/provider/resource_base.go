package provider

import (
	"context"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// resourceBase is embedded by the managed resources (testsigma_environment,
// testsigma_schedule): the provider's client from Configure, its absence in one wording,
// and import by numeric id.
type resourceBase struct{ configured }

func (b *resourceBase) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// importID sets id from an import's id string; what and example say what the number is.
func importID(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse, what, example string) bool {
	id, err := strconv.ParseInt(strings.TrimSpace(req.ID), 10, 64)
	if err != nil || id < 1 {
		resp.Diagnostics.Append(importIDDiag(req.ID, what, example))
		return false
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	return !resp.Diagnostics.HasError()
}
