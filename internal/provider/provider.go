// Package provider maps Terraform to the Testsigma client: schemas, models, plan-time checks
// and diagnostics. It builds no URL and parses no JSON; internal/testsigma does.
package provider

import (
	"context"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

const (
	envAPIKey  = "TESTSIGMA_API_KEY"
	envBaseURL = "TESTSIGMA_BASE_URL"
	// A fan-out over dozens of plans polls in parallel; this keeps the account's API calm.
	defaultRequestsPerSecond = 20.0
)

// Options are seams for tests: an injected clock makes waits fast and deterministic.
type Options struct {
	Clock          testsigma.Clock
	HTTPClient     *http.Client
	RequestTimeout time.Duration // per HTTP request; the client's default when zero
}

var (
	_ provider.ProviderWithActions       = (*testsigmaProvider)(nil)
	_ provider.ProviderWithListResources = (*testsigmaProvider)(nil)
)

type testsigmaProvider struct {
	version string
	opts    Options
}

type providerModel struct {
	APIKey            types.String  `tfsdk:"api_key"`
	BaseURL           types.String  `tfsdk:"base_url"`
	RequestsPerSecond types.Float64 `tfsdk:"max_requests_per_second"`
}

// New returns the provider factory main.go serves.
func New(version string) func() provider.Provider {
	return NewWithOptions(version, Options{})
}

// NewWithOptions is New with test seams.
func NewWithOptions(version string, opts Options) func() provider.Provider {
	return func() provider.Provider { return &testsigmaProvider{version: version, opts: opts} }
}

func (p *testsigmaProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "testsigma"
	resp.Version = p.version
}

func (p *testsigmaProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Runs Testsigma test plans inside `terraform apply` and reads their results.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Testsigma API key (Settings > API Keys). May also be set with the `" + envAPIKey + "` environment variable, which keeps it out of configuration files. Never written to state or logs.",
				Optional:            true,
				Sensitive:           true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of Testsigma, without `/api/v1`. Defaults to `" + testsigma.DefaultBaseURL + "`; may also be set with `" + envBaseURL + "`. Set it for an on-premise installation. `http://` is accepted, with a warning when the host is not loopback, since the key would travel in clear text. TLS verification is never switched off: for a Testsigma behind a private CA, point `SSL_CERT_DIR` (or `SSL_CERT_FILE`) at the CA's certificate (Linux; macOS and Windows use the system's store).",
				Optional:            true,
			},
			"max_requests_per_second": schema.Float64Attribute{
				MarkdownDescription: "Upper bound on API requests per second made by this provider instance, shared by every resource and data source (polls of a large `for_each` included). Defaults to `20`; at least `0.1`, and fractions are allowed (`0.5` is one request every 2 seconds).",
				Optional:            true,
				Validators:          []validator.Float64{float64validator.AtLeast(0.1)},
			},
		},
	}
}

func (p *testsigmaProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Values that come from other resources are unknown during plan. Leave the provider
	// unconfigured then: Terraform configures it again with known values before apply, and
	// plan-time lookups skip themselves when there is no client.
	if cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.RequestsPerSecond.IsUnknown() {
		tflog.Debug(ctx, "Testsigma provider configuration not known yet; skipping client setup")
		return
	}

	key, base, ok := cfg.endpoint(&resp.Diagnostics)
	if !ok {
		return
	}
	rps := defaultRequestsPerSecond
	if !cfg.RequestsPerSecond.IsNull() {
		rps = cfg.RequestsPerSecond.ValueFloat64()
	}
	client, err := testsigma.New(base, key, testsigma.Options{
		HTTPClient:     p.opts.HTTPClient,
		Version:        p.version,
		Limiter:        requestLimiter(rps),
		Logger:         tflogLogger{},
		Clock:          p.opts.Clock,
		RequestTimeout: p.opts.RequestTimeout,
	})
	if err != nil {
		resp.Diagnostics.Append(clientSetupDiag(err))
		return
	}
	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
	tflog.Info(ctx, "Configured the Testsigma client", map[string]any{"base_url": client.BaseURL()})
}

// endpoint is the API key and base URL, each from the provider block or else the
// environment; false after saying what is wrong with them.
func (cfg providerModel) endpoint(diags *diag.Diagnostics) (key, base string, ok bool) {
	key = os.Getenv(envAPIKey)
	if !cfg.APIKey.IsNull() {
		key = cfg.APIKey.ValueString()
	}
	if strings.TrimSpace(key) == "" {
		diags.Append(missingKeyDiag())
		return "", "", false
	}
	base = testsigma.DefaultBaseURL
	if v := os.Getenv(envBaseURL); v != "" {
		base = v
	}
	if !cfg.BaseURL.IsNull() {
		base = cfg.BaseURL.ValueString()
	}
	_, warnings, err := testsigma.ParseBaseURL(base)
	if err != nil {
		diags.Append(badBaseURLDiag(err))
		return "", "", false
	}
	for _, w := range warnings {
		diags.Append(baseURLWarning(w))
	}
	return key, base, true
}

func (p *testsigmaProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewPlanRunResource,
		NewEnvironmentResource,
		// The schedule checks a ONCE time against the provider's clock at plan time.
		func() resource.Resource { return &scheduleResource{clock: p.opts.Clock} },
	}
}

func (p *testsigmaProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewSavedConfigsDataSource, NewSavedConfigDataSource, NewTestPlanDataSource, NewEnvironmentDataSource,
		NewRunResultDataSource, NewJUnitReportDataSource,
	}
}

// List resources need Terraform 1.14 or later (`terraform query`); older versions never ask.
func (p *testsigmaProvider) ListResources(_ context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewPlanRunListResource}
}

// Actions need Terraform 1.14 or later; older versions never ask for them.
func (p *testsigmaProvider) Actions(_ context.Context) []func() action.Action {
	return []func() action.Action{NewRunTestPlanAction}
}

// providerData is what resources, data sources and actions receive from Configure.
type providerData struct {
	client *testsigma.Client
}

// tflogLogger routes the client's per-request lines into Terraform's log.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

// requestLimiter paces the API calls of one provider instance at rps. The bucket holds one
// token: a bucket of rps tokens starts full and lets twice the rate through in one second,
// while max_requests_per_second promises an upper bound per second.
func requestLimiter(rps float64) *rate.Limiter {
	return rate.NewLimiter(rate.Limit(rps), 1)
}
