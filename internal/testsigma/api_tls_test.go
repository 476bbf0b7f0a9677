package testsigma

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// The provider never switches TLS verification off: a server whose certificate nobody
// vouches for is refused before a single API call is answered, key included.
func TestTLSVerificationStaysOn(t *testing.T) {
	var served atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte(runJSON(7, StatusCompleted, ResultSuccess)))
	}))
	var handshakes atomic.Int32
	srv.Config.ConnState = func(_ net.Conn, st http.ConnState) {
		if st == http.StateNew {
			handshakes.Add(1)
		}
	}
	srv.StartTLS()
	defer srv.Close()
	c, err := New(srv.URL, testKey, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRun(context.Background(), 7)
	var tErr *transportError
	if !errors.As(err, &tErr) || !strings.Contains(err.Error(), "certificate") || !strings.Contains(err.Error(), "SSL_CERT_DIR") {
		t.Fatalf("err = %v, want a certificate error that says how to trust a private CA", err)
	}
	// Trying again cannot make a certificate trusted: one attempt, not four.
	if n := handshakes.Load(); n != 1 {
		t.Errorf("%d connections to the untrusted server, want 1", n)
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the untrusted server answered %d requests", n)
	}
}
