package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The bench's yardstick for plan time: a minimal framework provider, served in this process
// like testsigma's, with one resource of a few attributes that makes no API call. Planning
// over N of them is what the framework and Terraform cost for N resources of any provider.

const tinyAddress = "registry.terraform.io/bench/tiny"

func tinyServer() func() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(tinyProvider{})
}

type tinyProvider struct{}

func (tinyProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "tiny"
}

func (tinyProvider) Schema(context.Context, fwprovider.SchemaRequest, *fwprovider.SchemaResponse) {}

func (tinyProvider) Configure(context.Context, fwprovider.ConfigureRequest, *fwprovider.ConfigureResponse) {
}

func (tinyProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return tinyThing{} }}
}

func (tinyProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type tinyThing struct{}

type tinyModel struct {
	ID     types.String `tfsdk:"id"`
	Input  types.String `tfsdk:"input"`
	Output types.String `tfsdk:"output"`
}

func (tinyThing) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_thing"
}

func (tinyThing) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{Attributes: map[string]schema.Attribute{
		"id":     schema.StringAttribute{Computed: true},
		"input":  schema.StringAttribute{Required: true},
		"output": schema.StringAttribute{Computed: true},
	}}
}

func (tinyThing) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m tinyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	m.ID, m.Output = m.Input, m.Input
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (tinyThing) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (tinyThing) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m tinyModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

func (tinyThing) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}
