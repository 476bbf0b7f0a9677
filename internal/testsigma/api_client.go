package testsigma

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const (
	// DefaultBaseURL is the Testsigma SaaS.
	DefaultBaseURL        = "https://app.testsigma.com"
	apiPrefix             = "/api/v1"
	defaultRequestTimeout = 30 * time.Second
	maxBodyBytes          = 8 << 20
)

// Limiter spaces out requests; *rate.Limiter from golang.org/x/time/rate satisfies it.
type Limiter interface {
	Wait(ctx context.Context) error
}

// Logger receives one line per HTTP exchange. Fields never contain the API key or bodies.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Options tune a Client. The zero value is usable.
type Options struct {
	HTTPClient     *http.Client
	Version        string        // goes into the User-Agent
	RequestTimeout time.Duration // per HTTP request; default 30s
	Limiter        Limiter       // shared by every request of this client; nil = unlimited
	Logger         Logger
	Clock          Clock // for retry backoff; default real time
	MaxAttempts    int   // per idempotent call; default 4
}

// Client talks to one Testsigma account.
type Client struct {
	base   *url.URL
	key    string
	opts   Options
	http   *http.Client
	uaText string
	// secret finds the key in every form redaction removes (see redactor).
	secret   redactor
	memory   durations // per-plan run lengths, for the wait schedule
	steps    stepPath  // which API version answers step results
	claims   claims    // runs this client started or adopted
	inflight inflight  // triggers being sent or reconciled, so siblings never share a run
	// finalReads are status reads sent past the rate limiter (see limit).
	finalReads finalReads
}

// New builds a client for baseURL (scheme and host, optionally a path prefix; see ParseBaseURL).
func New(baseURL, apiKey string, opts Options) (*Client, error) {
	u, _, err := ParseBaseURL(baseURL)
	if err != nil {
		return nil, err
	}
	if opts.HTTPClient == nil {
		opts.HTTPClient = &http.Client{}
	}
	// A copy, so the caller's client keeps its own redirect rule.
	hc := *opts.HTTPClient
	hc.CheckRedirect = checkRedirect
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = defaultRequestTimeout
	}
	if opts.Clock == nil {
		opts.Clock = RealClock()
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 4
	}
	version := opts.Version
	if version == "" {
		version = "dev"
	}
	return &Client{
		base:   u,
		key:    strings.TrimSpace(apiKey),
		opts:   opts,
		http:   &hc,
		secret: newRedactor(strings.TrimSpace(apiKey)),
		uaText: "terraform-provider-testsigma/" + version,
	}, nil
}

// BaseURL is the configured base, without a trailing slash.
func (c *Client) BaseURL() string { return strings.TrimRight(c.base.String(), "/") }

// fullPath is a call's path from the host: paths are below /api/v1 unless they name their
// own version (/api/v2/...).
func fullPath(p string) string {
	if strings.HasPrefix(p, "/api/") {
		return p
	}
	return apiPrefix + p
}

// RunURL is the run's page in the Testsigma UI.
func (c *Client) RunURL(runID int64) string {
	return c.BaseURL() + "/ui/td/runs/" + itoa(runID)
}

// userAgent is the User-Agent header every request carries.
func (c *Client) userAgent() string { return c.uaText }
