package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// snippet is a short, printable piece of a body: made one line (which may join a key split
// by control characters), redacted, and only then cut.
func (c *Client) snippet(ctx context.Context, b []byte) string {
	return cut(c.redact(ctx, oneLine([]byte(c.redact(ctx, string(b))))))
}

// redirectError is a 3xx the client would not follow: writes are never redirected (a POST
// would turn into a GET, and the run would silently not start), and reads only on the same
// host (the key must not travel elsewhere).
type redirectError struct {
	Method, Path, Location string
	// Downgrade is a redirect from https to http: following it would send the key in clear
	// text, and pointing base_url there would too, so the advice differs.
	Downgrade bool
}

func (e *redirectError) Error() string {
	if e.Downgrade {
		return fmt.Sprintf("Testsigma answered %s %s with a redirect to %s, from https to plain http; the provider does not follow it, because the API key would travel unencrypted. A proxy in front of the API is likely building http:// redirects: fix it to keep https, or set base_url to the address the API answers on directly over https", e.Method, fullPath(e.Path), e.Location)
	}
	base := e.Location
	if u, err := url.Parse(e.Location); err == nil && u.Host != "" {
		base = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("Testsigma answered %s %s with a redirect to %s, which the provider does not follow for this request; set base_url to %s (where the redirect points) so no redirect is needed", e.Method, fullPath(e.Path), e.Location, base)
}

// checkRedirect is the http.Client's redirect rule (see redirectError).
func checkRedirect(req *http.Request, via []*http.Request) error {
	first, prev := via[0], via[len(via)-1]
	// Go forwards Authorization to the same host whatever the scheme: a downgrade is
	// refused here, or the key would go out in clear text.
	downgrade := prev.URL.Scheme == "https" && req.URL.Scheme != "https"
	if downgrade || first.Method != http.MethodGet || req.URL.Host != first.URL.Host || len(via) >= 5 {
		return &redirectError{Method: first.Method, Path: strings.TrimPrefix(first.URL.Path, apiPrefix), Location: req.URL.String(), Downgrade: downgrade}
	}
	return nil
}
