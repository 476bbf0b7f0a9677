package testsigma

import (
	"context"
	"errors"
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
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte(runJSON(7, StatusCompleted, ResultSuccess)))
	}))
	defer srv.Close()
	c, err := New(srv.URL, testKey, Options{MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRun(context.Background(), 7)
	var tErr *TransportError
	if !errors.As(err, &tErr) || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	if n := served.Load(); n != 0 {
		t.Errorf("the untrusted server answered %d requests", n)
	}
}
