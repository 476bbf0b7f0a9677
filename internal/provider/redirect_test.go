package provider

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// An https base URL whose proxy redirects a read to http:// on the same host (a common
// TLS-terminating misconfiguration) fails the plan with the reason, instead of sending the
// API key in clear text to follow it.
func TestProvider_httpsToHTTPRedirectFailsWithoutSendingTheKey(t *testing.T) {
	t.Parallel()
	emu := emulator.NewUnstarted(emulator.Options{})
	inner := emu.Handler()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/v1/saved_execution_configs") {
			http.Redirect(w, r, "http://"+r.Host+r.URL.RequestURI(), http.StatusMovedPermanently)
			return
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{HTTPClient: srv.Client()}),
		Steps: []resource.TestStep{{
			Config:      providerWith(srv.URL, emu.APIKey()) + "data \"testsigma_saved_configs\" \"all\" {}\n",
			ExpectError: words(`redirect to http://`, `from https to plain http`, `the API key would travel unencrypted`),
		}},
	})
}
