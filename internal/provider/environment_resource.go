package provider

import (
	"context"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var (
	_ resource.ResourceWithConfigure      = (*environmentResource)(nil)
	_ resource.ResourceWithImportState    = (*environmentResource)(nil)
	_ resource.ResourceWithUpgradeState   = (*environmentResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*environmentResource)(nil)
	_ resource.ResourceWithValidateConfig = (*environmentResource)(nil)
)

// environmentResource manages a Testsigma environment: its plain variables are stored and
// refreshed like any attribute, its encrypted ones are write-only and only their keys are
// ever read back. The API has no DELETE for environments: destroy forgets.
type environmentResource struct{ resourceBase }

// NewEnvironmentResource is the factory for testsigma_environment.
func NewEnvironmentResource() resource.Resource { return &environmentResource{} }

type environmentResourceModel struct {
	ID                 types.String `tfsdk:"id"`
	Name               types.String `tfsdk:"name"`
	Description        types.String `tfsdk:"description"`
	ProjectID          types.Int64  `tfsdk:"project_id"`
	Variables          types.Map    `tfsdk:"variables"`
	SecretVariablesWO  types.Map    `tfsdk:"secret_variables_wo"` // always null here: read from the config
	SecretWOVersion    types.Int64  `tfsdk:"secret_variables_wo_version"`
	SecretVariableKeys types.Set    `tfsdk:"secret_variable_keys"`
}

const envDestroyText = "The Testsigma API documents no way to delete an environment, so destroying it only removes it from the Terraform state: the environment and its variables stay in Testsigma. Delete it in Testsigma's UI when it is no longer needed, or import it again to manage it."

func (r *environmentResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_environment"
}

func (r *environmentResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	noNulls := []validator.Map{noNullValues{}}
	resp.Schema = schema.Schema{
		Version: 1, // 1: id became a string
		MarkdownDescription: "A Testsigma environment: the variables (base URL, test accounts, passwords) a test plan run uses, kept in Terraform so a deployment can point its tests at what it just deployed. " +
			"Plain `variables` are stored in state and refreshed, so a change made in Testsigma shows in the plan. Encrypted ones go in `secret_variables_wo`, write-only (Terraform 1.11 or later): they are sent to Testsigma as encrypted variables and never stored in state or plan, and the provider never reads their values back, only their keys (`secret_variable_keys`).\n\n" +
			"**Destroy leaves the environment in Testsigma.** " + envDestroyText + " The plan warns about it.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The environment's id, for `testsigma_plan_run.environment_id` (the number in its page URL, `…/environments/<id>/details`).",
			},
			"name": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Name of the environment. Testsigma refuses a name another environment already has.",
			},
			"description": schema.StringAttribute{Optional: true, MarkdownDescription: "Description of the environment."},
			"project_id": schema.Int64Attribute{
				Optional: true, Computed: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
				MarkdownDescription: "Id of the Testsigma project the environment belongs to (the docs' `projectId`). Sent only when set; otherwise the one Testsigma reports.",
			},
			"variables": schema.MapAttribute{
				Optional: true, ElementType: types.StringType, Validators: noNulls,
				MarkdownDescription: "Plain variables, key to value, such as `{ base_url = \"https://pr-42.example.com\" }`. Stored in state and refreshed: a value changed in Testsigma shows as a change in the plan.",
			},
			"secret_variables_wo": schema.MapAttribute{
				Optional: true, WriteOnly: true, Sensitive: true, ElementType: types.StringType, Validators: noNulls,
				MarkdownDescription: "Encrypted variables, key to value (passwords, tokens), write-only: never stored in state or plan, so they may come from ephemeral values. Sent when the environment is created, when `secret_variables_wo_version` changes, when their keys change, and with any change of `variables` (the API takes the variables as one list). A key may not also be in `variables`. Needs `secret_variables_wo_version`.",
			},
			"secret_variables_wo_version": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Version of `secret_variables_wo`. Terraform cannot see a write-only value change, so raise this number to send new secret values.",
			},
			"secret_variable_keys": schema.SetAttribute{
				Computed: true, ElementType: types.StringType,
				MarkdownDescription: "Keys of the environment's encrypted variables, as Testsigma reports them (their values are never read). An encrypted variable added in Testsigma shows here, and the next apply removes it.",
			},
		},
	}
}

func (r *environmentResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importID(ctx, req, resp, "environment", "the number from the environment's page URL (…/environments/<id>/details), e.g. terraform import testsigma_environment.staging 21")
}

// ValidateConfig checks the two maps together: no empty key, no key in both, and a
// version whenever secrets are set.
func (r *environmentResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var plain, secret types.Map
	var version types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("variables"), &plain)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_variables_wo"), &secret)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_variables_wo_version"), &version)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkVariableKeys(plain, secret, version)...)
}

func checkVariableKeys(plain, secret types.Map, version types.Int64) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, m := range []struct {
		name string
		v    types.Map
	}{{"variables", plain}, {"secret_variables_wo", secret}} {
		for _, k := range mapKeys(m.v) {
			if strings.TrimSpace(k) == "" {
				diags.Append(emptyVariableKeyDiag(m.name, k))
			}
		}
	}
	if !secret.IsNull() && version.IsNull() {
		diags.Append(woNeedsVersionDiag("secret_variables_wo", "the secret values", ""))
	}
	if plain.IsUnknown() || secret.IsUnknown() {
		return diags
	}
	for _, k := range mapKeys(secret) {
		if _, ok := plain.Elements()[k]; ok {
			diags.Append(variableKeyTwiceDiag(k))
		}
	}
	return diags
}

// mapKeys are a known map's keys, sorted; none when null or unknown.
func mapKeys(m types.Map) []string {
	if m.IsNull() || m.IsUnknown() {
		return nil
	}
	keys := make([]string, 0, len(m.Elements()))
	for k := range m.Elements() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ModifyPlan warns that destroy forgets, and plans secret_variable_keys from the
// configuration, so that a secret added or removed is an update even without a new version.
func (r *environmentResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		var st environmentResourceModel
		resp.Diagnostics.Append(req.State.Get(ctx, &st)...)
		resp.Diagnostics.Append(envDestroyPlanWarning(st.Name.ValueString(), idNumber(st.ID)))
		return
	}
	var secret types.Map
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("secret_variables_wo"), &secret)...)
	if resp.Diagnostics.HasError() {
		return
	}
	keys := types.SetUnknown(types.StringType)
	if !secret.IsUnknown() {
		keys = keySet(mapKeys(secret))
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("secret_variable_keys"), keys)...)
}

func keySet(keys []string) types.Set {
	elems := make([]attr.Value, 0, len(keys))
	for _, k := range keys {
		elems = append(elems, types.StringValue(k))
	}
	return types.SetValueMust(types.StringType, elems)
}

// UpgradeState turns the number id of a state from before version 1 into a string.
func (r *environmentResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return numberIDUpgraders()
}
