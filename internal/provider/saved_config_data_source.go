package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*savedConfigDataSource)(nil)

// savedConfigDataSource is the strict singular lookup (the aws_ami / aws_amis tradition):
// exactly one config has the name, or it is an error. testsigma_saved_configs is the lenient
// plural one.
type savedConfigDataSource struct{ dataSourceBase }

// NewSavedConfigDataSource is the factory for testsigma_saved_config.
func NewSavedConfigDataSource() datasource.DataSource { return &savedConfigDataSource{} }

func (d *savedConfigDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_saved_config"
}

func (d *savedConfigDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	// The same attributes as one element of testsigma_saved_configs.configs; only name is
	// an input here.
	attrs := savedConfigAttributes()
	attrs["id"] = schema.StringAttribute{Computed: true, MarkdownDescription: "Config id, for `saved_config_id`."}
	attrs["name"] = schema.StringAttribute{
		Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
		MarkdownDescription: "Exact name of the config (case-sensitive). No config with the name is an error that suggests the close names (a typo, another case); several are an error listing their ids.",
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one saved execution config (\"Test Plan Favourite\") by its exact name, failing unless exactly one has it. To list configs, or to choose among several with the same name, use `testsigma_saved_configs`.",
		Attributes:          attrs,
	}
}

func (d *savedConfigDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var name types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("name"), &name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	all, err := client.SavedConfigs(ctx)
	if err != nil {
		resp.Diagnostics.Append(lookupFailedDiag(savedConfigKind, err))
		return
	}
	config, ok := oneConfigNamed(all, name.ValueString(), path.Root("name"), &resp.Diagnostics)
	if !ok {
		return
	}
	m := savedConfigToModel(config)
	one := struct {
		ID types.String `tfsdk:"id"`
		savedConfigFields
	}{stringID(m.ID), m.savedConfigFields}
	resp.Diagnostics.Append(resp.State.Set(ctx, &one)...)
}
