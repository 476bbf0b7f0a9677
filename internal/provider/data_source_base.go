package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// configured is what the data sources and the managed resources take from the provider in
// Configure, and the one wording of its absence.
type configured struct{ data *providerData }

// dataSourceBase is embedded by every data source.
type dataSourceBase struct{ configured }

func (b *dataSourceBase) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	b.data = providerDataFrom(req.ProviderData, &resp.Diagnostics)
}

// client is the configured client, or nil after adding the "not configured" error.
func (b *configured) client(diags *diag.Diagnostics) *testsigma.Client {
	if b.data == nil {
		diags.Append(notConfiguredDiag())
		return nil
	}
	return b.data.client
}
