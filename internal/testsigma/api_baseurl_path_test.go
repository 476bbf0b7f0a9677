package testsigma

import (
	"strings"
	"testing"
)

// D16 (c) (reliability-probe.md R69): a base_url ending in another API path (/api/v2) is
// refused at configure time, naming the base to set, instead of every run answering 404
// ("it may have been purged").
func TestD16c_baseURLWithAnAPIPathIsRefused(t *testing.T) {
	for raw, base := range map[string]string{
		"http://127.0.0.1:18080/api/v2":           "http://127.0.0.1:18080",
		"https://ts.example.com/testsigma/api/v3": "https://ts.example.com/testsigma",
		"https://ts.example.com/API/":             "https://ts.example.com",
	} {
		_, _, err := ParseBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), "set base_url to "+base) {
			t.Errorf("ParseBaseURL(%q) err = %v, want it refused, naming %s", raw, err, base)
		}
	}
	for _, ok := range []string{"https://ts.example.com/apis", "https://ts.example.com/api-gw/testsigma", "https://ts.example.com/api/v1"} {
		if _, _, err := ParseBaseURL(ok); err != nil {
			t.Errorf("ParseBaseURL(%q): %v", ok, err)
		}
	}
}
