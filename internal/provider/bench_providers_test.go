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
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Two of the providers the plan-cost bench sets testsigma_plan_run beside (time_static is
// the third, bench_time_provider_test.go): a minimal one of 3 attributes (the stricter
// yardstick) and one whose only resource has testsigma_plan_run's schema and no logic at
// all, which is Terraform's own cost for a resource that wide.

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

const floorAddress = "registry.terraform.io/bench/floor"

func floorServer() func() tfprotov6.ProviderServer {
	return providerserver.NewProtocol6(floorProvider{})
}

type floorProvider struct{ tinyProvider }

func (floorProvider) Metadata(_ context.Context, _ fwprovider.MetadataRequest, resp *fwprovider.MetadataResponse) {
	resp.TypeName = "floor"
}

func (floorProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{func() resource.Resource { return floorRun{} }}
}

// floorRun is testsigma_plan_run's schema (defaults and plan modifiers included) with
// nothing behind it: Create records the plan with every unknown made null, Read keeps the
// state.
type floorRun struct{}

func (floorRun) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_run"
}

func (floorRun) Schema(ctx context.Context, req resource.SchemaRequest, resp *resource.SchemaResponse) {
	(&planRunResource{}).Schema(ctx, req, resp)
}

func (floorRun) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	known, err := tftypes.Transform(req.Plan.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
		return
	}
	resp.State.Raw = known
}

func (floorRun) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (floorRun) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (floorRun) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// planRunAttributes is how many top-level attributes and blocks testsigma_plan_run has.
func planRunAttributes() int {
	var resp resource.SchemaResponse
	(&planRunResource{}).Schema(context.Background(), resource.SchemaRequest{}, &resp)
	return len(resp.Schema.Attributes) + len(resp.Schema.Blocks)
}
