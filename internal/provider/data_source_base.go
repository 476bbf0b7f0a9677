package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// dataSourceBase is embedded by every data source: it takes the provider's client in
// Configure, and reports its absence in one wording.
type dataSourceBase struct{ data *providerData }

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// client is the configured client, or nil after adding the "not configured" error.
func (b *dataSourceBase) client(diags *diag.Diagnostics) *testsigma.Client {
	if b.data == nil {
		diags.Append(notConfiguredDiag())
		return nil
	}
	return b.data.client
}
