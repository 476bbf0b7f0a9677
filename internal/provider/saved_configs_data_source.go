package provider

import (
	"context"
	"regexp"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var _ datasource.DataSourceWithConfigure = (*savedConfigsDataSource)(nil)

type savedConfigsDataSource struct{ dataSourceBase }

// NewSavedConfigsDataSource is the factory for testsigma_saved_configs.
func NewSavedConfigsDataSource() datasource.DataSource { return &savedConfigsDataSource{} }

type savedConfigsModel struct {
	Name      types.String       `tfsdk:"name"`
	NameRegex types.String       `tfsdk:"name_regex"`
	Configs   []savedConfigModel `tfsdk:"configs"`
	IDs       []int64            `tfsdk:"ids"`
	ByName    map[string]int64   `tfsdk:"by_name"`
}

type savedConfigModel struct {
	ID int64 `tfsdk:"id"`
	savedConfigFields
}

// savedConfigFields are a config's attributes but its id, which is a number in a listing
// (the value saved_config_id takes, like ids and by_name) and a string as the id of
// testsigma_saved_config, as every data source's and resource's id is.
type savedConfigFields struct {
	Name           string           `tfsdk:"name"`
	Type           string           `tfsdk:"type"`
	Condition      string           `tfsdk:"condition"`
	Query          []queryTermModel `tfsdk:"query"`
	QueryJSON      string           `tfsdk:"query_json"`
	CreatedByEmail types.String     `tfsdk:"created_by_email"`
}

type queryTermModel struct {
	Key       string  `tfsdk:"key"`
	Values    []int64 `tfsdk:"values"`
	Operation string  `tfsdk:"operation"`
}

func (d *savedConfigsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_saved_configs"
}

func (d *savedConfigsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the saved execution configs (\"Test Plan Favourites\") of the account, so configurations can name them: `by_name[\"Chrome smoke\"]` instead of a magic number.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only the configs with exactly this name (case-sensitive). Matching none is an error that suggests the close names (a typo, another case), never a list of every config. Conflicts with `name_regex`.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), stringvalidator.ConflictsWith(path.MatchRoot("name_regex"))},
			},
			"name_regex": schema.StringAttribute{
				Optional: true, MarkdownDescription: "Only the configs whose name matches this RE2 regular expression, e.g. `\"(?i)^chrome\"`. Without `name` or `name_regex`, every config is listed.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1), regexValidator{}},
			},
			"configs": schema.ListNestedAttribute{
				Computed: true, MarkdownDescription: "The matching configs, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: savedConfigAttributes()},
			},
			"ids": schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids of the matching configs, ordered."},
			"by_name": schema.MapAttribute{
				Computed: true, ElementType: types.Int64Type,
				MarkdownDescription: "Config id by name. Names shared by several configs are left out (with a warning that names them), so a lookup never picks one at random.",
			},
		},
	}
}

// savedConfigAttributes is the shape of one config, shared with testsigma_saved_config.
func savedConfigAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":        schema.Int64Attribute{Computed: true, MarkdownDescription: "Config id, for `saved_config_id`."},
		"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "Config name."},
		"type":      schema.StringAttribute{Computed: true, MarkdownDescription: "Config type, e.g. `SAVED_CONFIG`."},
		"condition": schema.StringAttribute{Computed: true, MarkdownDescription: "Whether the query includes or excludes what it matches: `INCLUDED` or `EXCLUDED`."},
		"query": schema.ListNestedAttribute{
			Computed: true, MarkdownDescription: "The parsed query; null when Testsigma's query text cannot be parsed (see `query_json`).",
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"key":       schema.StringAttribute{Computed: true, MarkdownDescription: "Field filtered on, e.g. `suiteId`."},
				"values":    schema.ListAttribute{Computed: true, ElementType: types.Int64Type, MarkdownDescription: "Ids the filter matches."},
				"operation": schema.StringAttribute{Computed: true, MarkdownDescription: "Operation, e.g. `IN` or `NOT_IN`."},
			}},
		},
		"query_json":       schema.StringAttribute{Computed: true, MarkdownDescription: "The query exactly as Testsigma stores it (JSON inside a string)."},
		"created_by_email": schema.StringAttribute{Computed: true, MarkdownDescription: "Email of the user who created the config; null when unknown."},
	}
}

func (d *savedConfigsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m savedConfigsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
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
	matched := all
	switch {
	case !m.Name.IsNull():
		found := configsNamed(all, m.Name.ValueString())
		if matched = found.Matches; len(matched) == 0 {
			resp.Diagnostics.Append(noneNamedDiag(savedConfigKind, path.Root("name"), m.Name.ValueString(), found))
			return
		}
	case !m.NameRegex.IsNull():
		re := regexp.MustCompile(m.NameRegex.ValueString()) // validated at plan time
		matched = nil
		for _, c := range all {
			if re.MatchString(c.Name) {
				matched = append(matched, c)
			}
		}
	}
	sort.SliceStable(matched, func(i, j int) bool { return matched[i].ID < matched[j].ID })
	m.Configs, m.IDs, m.ByName = []savedConfigModel{}, []int64{}, map[string]int64{}
	count := map[string]int{}
	for _, c := range matched {
		m.Configs = append(m.Configs, savedConfigToModel(c))
		m.IDs = append(m.IDs, c.ID)
		count[c.Name]++
		m.ByName[c.Name] = c.ID
	}
	var dups []string
	for name, n := range count {
		if n > 1 {
			delete(m.ByName, name)
			dups = append(dups, "\""+name+"\"")
		}
	}
	if len(dups) > 0 {
		sort.Strings(dups)
		resp.Diagnostics.Append(sharedConfigNamesWarning(dups))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// savedConfigToModel is the one mapping of a saved config into Terraform.
func savedConfigToModel(c testsigma.SavedConfig) savedConfigModel {
	m := savedConfigModel{ID: c.ID, savedConfigFields: savedConfigFields{Name: c.Name, Type: c.Type, Condition: c.Condition, QueryJSON: c.QueryJSON, CreatedByEmail: stringOrNull(c.CreatedByEmail)}}
	if c.Query != nil {
		m.Query = []queryTermModel{}
		for _, q := range c.Query {
			vals := q.Values
			if vals == nil {
				vals = []int64{}
			}
			m.Query = append(m.Query, queryTermModel{Key: q.Key, Values: vals, Operation: q.Operation})
		}
	}
	return m
}

// regexValidator rejects patterns Go's RE2 engine cannot compile, at plan time.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "must be a valid RE2 regular expression"
}
func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }
func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.Append(invalidRegexDiag(req.Path, err))
	}
}
