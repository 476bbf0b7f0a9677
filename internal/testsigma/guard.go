package testsigma

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// secretPattern matches the API key in every form a server may echo it: as sent, with any
// of its characters JSON-escaped (\uXXXX, \/) or URL-escaped (%XX), in any mix. Redaction
// replaces it before any text is cut short, so no piece of the key survives a cut.
func secretPattern(key string) *regexp.Regexp {
	if len(key) < 4 {
		return nil
	}
	var b strings.Builder
	for _, r := range key {
		alts := []string{regexp.QuoteMeta(string(r)), fmt.Sprintf(`\\u%04[1]x|\\u%04[1]X`, r)}
		if r < 0x80 {
			alts = append(alts, fmt.Sprintf(`%%%02[1]x|%%%02[1]X`, r))
		}
		if r == '/' {
			alts = append(alts, `\\/`)
		}
		if r == ' ' {
			alts = append(alts, `\+`)
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	return regexp.MustCompile(b.String())
}

// redact removes the API key, in every form a server may echo it, from text.
func (c *Client) redact(s string) string {
	if c.secret == nil {
		return s
	}
	return c.secret.ReplaceAllLiteralString(s, "***")
}

// snippet is a short, printable piece of a body: made one line (which may join a key split
// by control characters), redacted, and only then cut.
func (c *Client) snippet(b []byte) string { return cut(c.redact(oneLine([]byte(c.redact(string(b)))))) }

// RedirectError is a 3xx the client would not follow: writes are never redirected (a POST
// would turn into a GET, and the run would silently not start), and reads only on the same
// host (the key must not travel elsewhere).
type RedirectError struct {
	Method, Path, Location string
}

func (e *RedirectError) Error() string {
	base := e.Location
	if u, err := url.Parse(e.Location); err == nil && u.Host != "" {
		base = u.Scheme + "://" + u.Host
	}
	return fmt.Sprintf("Testsigma answered %s %s with a redirect to %s, which the provider does not follow for this request; set base_url to %s (where the redirect points) so no redirect is needed", e.Method, fullPath(e.Path), e.Location, base)
}

// checkRedirect is the http.Client's redirect rule (see RedirectError).
func checkRedirect(req *http.Request, via []*http.Request) error {
	first := via[0]
	if first.Method != http.MethodGet || req.URL.Host != first.URL.Host || len(via) >= 5 {
		return &RedirectError{Method: first.Method, Path: strings.TrimPrefix(first.URL.Path, apiPrefix), Location: req.URL.String()}
	}
	return nil
}
