package testsigma

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// ParseBaseURL checks a user-supplied base URL and returns it normalised, with warnings for
// settings that work but deserve a second look. Error texts say what to change.
func ParseBaseURL(raw string) (*url.URL, []string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, nil, errors.New("the base URL is empty; use https://app.testsigma.com or your on-premise address")
	}
	// Checked first, on the raw text: every later message quotes the URL, and a URL with a
	// password may fail to parse (a '/' in the password, a bad port) before url.User is set.
	if shown := hideUserinfo(raw); shown != raw {
		return nil, nil, fmt.Errorf("%q contains credentials before the host; remove them and set the API key through api_key or TESTSIGMA_API_KEY", shown)
	}
	if !strings.Contains(raw, "://") {
		return nil, nil, fmt.Errorf("%q has no scheme; write it with https:// in front, for example https://%s", raw, strings.TrimLeft(raw, "/"))
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("%q is not a valid URL (%s); use the form https://host[:port]", raw, describeURLError(err))
	}
	var warnings []string
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			warnings = append(warnings, fmt.Sprintf("%s uses plain http://, so the API key travels in clear text; use https:// unless this is a trusted local network", raw))
		}
	default:
		return nil, nil, fmt.Errorf("%q uses the scheme %q; only https:// (or http:// for on-premise and local use) is supported", raw, u.Scheme)
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, nil, fmt.Errorf("%q has no host name; use the form https://host[:port]", raw)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" || strings.Contains(raw, "#") {
		return nil, nil, fmt.Errorf("%q has a query or fragment (after ? or #); remove it, the base URL is only scheme, host and an optional path prefix", raw)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	if strings.HasSuffix(strings.ToLower(u.Path), apiPrefix) {
		u.Path = strings.TrimRight(u.Path[:len(u.Path)-len(apiPrefix)], "/")
		warnings = append(warnings, fmt.Sprintf("%s ends in %s (the Jenkins plugin's API endpoint form); the provider adds %s itself, so it uses %s; set base_url to that to silence this warning", raw, apiPrefix, apiPrefix, strings.TrimRight(u.String(), "/")))
	}
	if m := apiVersionPath.FindString(u.Path); m != "" {
		base := *u
		base.Path = u.Path[:len(u.Path)-len(m)]
		return nil, nil, fmt.Errorf("%q ends in %s, an API path; the provider adds /api/v1 (and /api/v2 where it needs it) itself, so every request would miss; set base_url to %s", raw, m, strings.TrimRight(base.String(), "/"))
	}
	u.RawPath = ""
	return u, warnings, nil
}

// apiVersionPath is an API path at the end of a base URL other than /api/v1 (which is
// dropped with a warning): /api, /api/v2, /api/v3.
var apiVersionPath = regexp.MustCompile(`(?i)/api(/v\d+)?$`)

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// hideUserinfo replaces everything between the scheme and the last '@' with ***. A base URL
// has no other use for '@', and this way no part of a password survives, whatever it contains.
func hideUserinfo(raw string) string {
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + len("://")
	}
	at := strings.LastIndex(raw[start:], "@")
	if at < 0 {
		return raw
	}
	return raw[:start] + "***" + raw[start+at:]
}

func describeURLError(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err.Error()
	}
	return err.Error()
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
