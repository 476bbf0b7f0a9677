package testsigma

import (
	"strings"
	"testing"
)

func TestParseBaseURL(t *testing.T) {
	tests := []struct {
		name         string
		raw          string
		want         string   // normalised URL when valid
		warnings     []string // substrings, one per expected warning
		errSubstrs   []string // substrings of the error when invalid
		errForbidden []string // must not appear in the error
	}{
		{name: "saas", raw: "https://app.testsigma.com", want: "https://app.testsigma.com"},
		{name: "trailing slash and spaces", raw: "  https://app.testsigma.com/ \n", want: "https://app.testsigma.com"},
		{name: "port and path prefix", raw: "https://ts.corp.example:8443/testsigma/", want: "https://ts.corp.example:8443/testsigma"},
		{name: "http localhost", raw: "http://localhost:8080", want: "http://localhost:8080"},
		{name: "http LOCALHOST", raw: "http://LOCALHOST:8080", want: "http://LOCALHOST:8080"},
		{name: "http 127.0.0.1", raw: "http://127.0.0.1:39211", want: "http://127.0.0.1:39211"},
		{name: "http ::1", raw: "http://[::1]:8080", want: "http://[::1]:8080"},
		{name: "http non-loopback", raw: "http://testsigma.internal:8080", want: "http://testsigma.internal:8080", warnings: []string{"clear text"}},
		{name: "http private IP", raw: "http://10.0.0.5", want: "http://10.0.0.5", warnings: []string{"clear text"}},
		{name: "api prefix", raw: "https://app.testsigma.com/api/v1", want: "https://app.testsigma.com", warnings: []string{"so it uses https://app.testsigma.com;"}},
		{name: "api prefix with slash and case", raw: "https://ts.example/onprem/API/V1/", want: "https://ts.example/onprem", warnings: []string{"so it uses https://ts.example/onprem;"}},
		{name: "http and api prefix", raw: "http://ts.example/api/v1", want: "http://ts.example", warnings: []string{"clear text", "so it uses http://ts.example;"}},
		{name: "empty", raw: "  ", errSubstrs: []string{"empty", "https://app.testsigma.com"}},
		{name: "no scheme", raw: "app.testsigma.com", errSubstrs: []string{"no scheme", "https://", "https://app.testsigma.com"}},
		{name: "scheme-relative", raw: "//app.testsigma.com", errSubstrs: []string{"https://app.testsigma.com"}},
		{name: "ftp", raw: "ftp://app.testsigma.com", errSubstrs: []string{`"ftp"`, "https://"}},
		{name: "query", raw: "https://app.testsigma.com?tenant=1", errSubstrs: []string{"query or fragment"}},
		{name: "empty query", raw: "https://app.testsigma.com/?", errSubstrs: []string{"query or fragment"}},
		{name: "fragment", raw: "https://app.testsigma.com/#/ui", errSubstrs: []string{"query or fragment"}},
		{name: "empty fragment", raw: "https://app.testsigma.com#", errSubstrs: []string{"query or fragment"}},
		{name: "no host", raw: "https:///api", errSubstrs: []string{"no host"}},
		{name: "bad port", raw: "https://app.testsigma.com:abc", errSubstrs: []string{"not a valid URL", "port"}},
		{name: "userinfo", raw: "https://admin:s3cretPassw0rd@app.testsigma.com", errSubstrs: []string{"credentials", "TESTSIGMA_API_KEY", "app.testsigma.com"},
			errForbidden: []string{"s3cretPassw0rd", "admin"}},
		{name: "user only", raw: "https://admin@app.testsigma.com", errSubstrs: []string{"credentials"}, errForbidden: []string{"admin"}},
		{name: "userinfo on http", raw: "http://admin:s3cretPassw0rd@10.0.0.5", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cretPassw0rd"}},
		{name: "userinfo without scheme", raw: "admin:s3cretPassw0rd@app.testsigma.com", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cretPassw0rd"}},
		{name: "userinfo with ftp", raw: "ftp://admin:s3cretPassw0rd@app.testsigma.com", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cretPassw0rd"}},
		{name: "userinfo with bad port", raw: "https://admin:s3cretPassw0rd@app.testsigma.com:abc", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cretPassw0rd"}},
		{name: "userinfo with a slash in the password", raw: "https://admin:s3cret/Passw0rd@app.testsigma.com", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cret", "Passw0rd"}},
		{name: "userinfo and query", raw: "https://admin:s3cretPassw0rd@app.testsigma.com?x=1", errSubstrs: []string{"credentials"}, errForbidden: []string{"s3cretPassw0rd"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, warnings, err := ParseBaseURL(tt.raw)
			if len(tt.errSubstrs) > 0 {
				if err == nil {
					t.Fatalf("ParseBaseURL(%q) = %v, want an error", tt.raw, u)
				}
				if u != nil || warnings != nil {
					t.Errorf("an error came with a URL or warnings: %v %q", u, warnings)
				}
				for _, s := range tt.errSubstrs {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("error %q does not mention %q", err, s)
					}
				}
				for _, s := range tt.errForbidden {
					if strings.Contains(err.Error(), s) {
						t.Errorf("error %q contains %q", err, s)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBaseURL(%q): %v", tt.raw, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("URL = %q, want %q", got, tt.want)
			}
			if len(warnings) != len(tt.warnings) {
				t.Fatalf("warnings = %q, want %d", warnings, len(tt.warnings))
			}
			joined := strings.Join(warnings, "\n")
			for _, s := range tt.warnings {
				if !strings.Contains(joined, s) {
					t.Errorf("warnings %q do not mention %q", warnings, s)
				}
			}
		})
	}
}
