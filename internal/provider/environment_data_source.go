package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var (
	_ datasource.DataSourceWithConfigure        = (*environmentDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*environmentDataSource)(nil)
)

// environmentDataSource finds one environment by exact name or by id, through the same
// client read as the testsigma_environment resource. It exposes the variables' keys and
// never their values: some are encrypted, and state is plain text.
type environmentDataSource struct{ dataSourceBase }

// NewEnvironmentDataSource is the factory for testsigma_environment.
func NewEnvironmentDataSource() datasource.DataSource { return &environmentDataSource{} }

type environmentModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Description  types.String `tfsdk:"description"`
	VariableKeys []string     `tfsdk:"variable_keys"`
}

func (d *environmentDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_environment"
}

func (d *environmentDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one Testsigma environment by its exact name or by its id, so `testsigma_plan_run` can say `environment_id = data.testsigma_environment.staging.id` instead of a number copied from Testsigma. " +
			"Exactly one of `name` and `id` is set. A name that no environment has is an error that suggests only the close names; a name that several share is an error that lists their ids. " +
			"Only the variables' keys reach the state, never their values (the client never decodes an encrypted one), so nothing secret is stored. To manage an environment's variables, use the `testsigma_environment` resource.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional: true, Computed: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Exact name of the environment (case-sensitive). Set this or `id`. When `id` is set, the environment's name.",
			},
			"id": schema.StringAttribute{
				Optional: true, Computed: true, Validators: []validator.String{idStringValidator{}},
				MarkdownDescription: "Environment id, for `environment_id`: the number in the environment's page URL in Testsigma (`…/environments/<id>/details`). Set this or `name`. When `name` is set, the id of the environment with that name.",
			},
			"description": schema.StringAttribute{Computed: true, MarkdownDescription: "The environment's description; null when it has none."},
			"variable_keys": schema.ListAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "The keys of the environment's variables, sorted; empty when it has none. Their values are never read (some are encrypted). Use it to check, e.g. in a precondition, that a key the tests need exists.",
			},
		},
	}
}

func (d *environmentDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{datasourcevalidator.ExactlyOneOf(path.MatchRoot("name"), path.MatchRoot("id"))}
}

func (d *environmentDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m environmentModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	client := d.client(&resp.Diagnostics)
	if client == nil {
		return
	}
	lookup := byIDOrName[testsigma.Environment]{kind: environmentKind, byID: client.Environment, byName: client.Environments,
		idOf: func(e testsigma.Environment) int64 { return e.ID }}
	env, ok := lookup.find(ctx, m.ID, m.Name, &resp.Diagnostics)
	if !ok {
		return
	}
	if !m.ID.IsNull() {
		env.ID = idNumber(m.ID)
	}
	m = environmentModel{ID: stringID(env.ID), Name: types.StringValue(env.Name), Description: stringOrNull(env.Description), VariableKeys: []string{}}
	for _, v := range env.Variables {
		m.VariableKeys = append(m.VariableKeys, v.Key)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}
