package provider

import (
	"context"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

var (
	_ resource.ResourceWithConfigure    = (*scheduleResource)(nil)
	_ resource.ResourceWithImportState  = (*scheduleResource)(nil)
	_ resource.ResourceWithUpgradeState = (*scheduleResource)(nil)
)

// scheduleResource manages a test plan's schedule (spec 2.9). The API documents create,
// update and delete but no read of one schedule, so refresh reads it only when the user
// opts in to the undocumented GET (detect_drift).
type scheduleResource struct {
	resourceBase
	clock testsigma.Clock // the provider's; nil means the machine's
}

type scheduleModel struct {
	ID              types.String `tfsdk:"id"`
	TestPlanID      types.Int64  `tfsdk:"test_plan_id"`
	Name            types.String `tfsdk:"name"`
	ScheduleType    types.String `tfsdk:"schedule_type"`
	NextInterval    types.String `tfsdk:"next_interval"`
	Timezone        types.String `tfsdk:"timezone"`
	SavedConfigID   types.Int64  `tfsdk:"saved_config_id"`
	SavedConfigName types.String `tfsdk:"saved_config_name"`
	Enabled         types.Bool   `tfsdk:"enabled"`
	DetectDrift     types.Bool   `tfsdk:"detect_drift"`
	NextRunAt       types.String `tfsdk:"next_run_at"`
}

func (r *scheduleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_schedule"
}

func (r *scheduleResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		Version: 1, // 1: id became a string
		MarkdownDescription: "A schedule of a Testsigma test plan (a nightly regression, a weekly full run), created, updated and deleted through Testsigma's schedules API (`/api/v1/schedule_executions`). " +
			"The API documents no way to read one schedule back: by default a refresh keeps what the last apply sent, so a change made in Testsigma's UI is not detected. `detect_drift = true` reads it with an endpoint the docs do not list (see there).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed: true, PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
				MarkdownDescription: "The schedule's id.",
			},
			"test_plan_id": schema.Int64Attribute{
				Required: true, Validators: []validator.Int64{int64validator.AtLeast(1)},
				MarkdownDescription: "Id of the test plan to run (the API's `executionId`), e.g. `data.testsigma_test_plan.nightly.id`.",
			},
			"name": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Name of the schedule.",
			},
			"schedule_type": schema.StringAttribute{
				Required: true, Validators: []validator.String{stringvalidator.OneOf(testsigma.ScheduleTypes...)},
				MarkdownDescription: "How often the plan runs: one of `" + strings.Join(testsigma.ScheduleTypes, "`, `") + "`.",
			},
			"next_interval": schema.StringAttribute{
				Required: true, Validators: []validator.String{localTimeValidator{}},
				MarkdownDescription: "When the plan runs first (for `ONCE`, the only time), as a local time in `timezone`: ISO 8601 without a zone, e.g. `2026-12-24T09:30:00` (milliseconds, `.000`, allowed). It is what was sent: Testsigma moves its own next run on after each run, shown in `next_run_at`.",
			},
			"timezone": schema.StringAttribute{
				Required: true, Validators: []validator.String{timezoneValidator{}},
				MarkdownDescription: "Time zone of `next_interval`, as Testsigma names it: an IANA name (`America/New_York`) or a short name its docs use (`EST`, `PST`, `IST`); an unknown name, or `Local`, fails at plan time. A `next_interval` the clocks skip in that zone (a daylight saving gap), and a `ONCE` time already past, fail at plan time too.",
			},
			"saved_config_id": schema.Int64Attribute{
				Optional: true, Validators: []validator.Int64{int64validator.AtLeast(1), int64validator.ConflictsWith(path.MatchRoot("saved_config_name"))},
				MarkdownDescription: "Run with this saved execution config (`executionConfig.id`), e.g. `data.testsigma_saved_configs.all.by_name[\"Nightly\"]`. Conflicts with `saved_config_name`.",
			},
			"saved_config_name": schema.StringAttribute{
				Optional: true, Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
				MarkdownDescription: "Run with the saved execution config of this name (`executionConfig.name`). Conflicts with `saved_config_id`.",
			},
			"enabled": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(true),
				MarkdownDescription: "Whether the schedule runs: `true` sends `status = ACTIVE`, the only value the docs show; `false` sends `INACTIVE`, which they do not document. When Testsigma answers a status other than the one sent, the apply fails, and a schedule just created for `false` is deleted again, so nothing runs that should not.",
			},
			"detect_drift": schema.BoolAttribute{
				Optional: true, Computed: true, Default: booldefault.StaticBool(false),
				MarkdownDescription: "Refresh with `GET /api/v1/schedule_executions/{id}`, which Testsigma's docs do NOT list (a guess that it exists). With it, a refresh shows changes of the name, type, plan and status made in Testsigma, and a schedule deleted there is removed from state; on an account without that endpoint the refresh warns and keeps what the last apply sent (set it to `false` to stop trying; that change sends nothing). The start time, time zone and config are never read back (the API's answer has none of them). Import always reads this way, and sets it to `true`; on an account without the endpoint it keeps the id alone, sets it to `false`, and the next apply sends the whole schedule from the configuration.",
			},
			"next_run_at": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "When Testsigma will next run the plan, in RFC 3339 UTC, from its answer (`nextIntervalUTC`).",
			},
		},
	}
}

func (r *scheduleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if importID(ctx, req, resp, "schedule", "the schedule's number, e.g. terraform import testsigma_schedule.nightly 21") {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("detect_drift"), true)...)
	}
}

// localTimeValidator checks next_interval: a real date and time, with no zone.
type localTimeValidator struct{}

func (localTimeValidator) Description(context.Context) string {
	return "must be a local time like 2026-12-24T09:30:00"
}
func (v localTimeValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (localTimeValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	got := req.ConfigValue.ValueString()
	if _, ok := testsigma.ParseScheduleInterval(got); ok {
		return
	}
	resp.Diagnostics.Append(invalidNextIntervalDiag(req.Path, got))
}

var zoneName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_+\-/]*$`)

// timezoneValidator rejects what is no zone Testsigma can know (see scheduleZone): an IANA
// name or one of Java's short names, the kind its docs' examples (EST, PST, IST) are.
type timezoneValidator struct{}

func (timezoneValidator) Description(context.Context) string {
	return "must be a time zone name such as EST"
}
func (v timezoneValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timezoneValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, ok := scheduleZone(req.ConfigValue.ValueString()); ok && zoneName.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.Append(invalidTimezoneDiag(req.Path, req.ConfigValue.ValueString()))
}

// UpgradeState turns the number id of a state from before version 1 into a string.
func (r *scheduleResource) UpgradeState(context.Context) map[int64]resource.StateUpgrader {
	return numberIDUpgraders()
}
