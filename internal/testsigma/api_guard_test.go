package testsigma

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A server that echoes the key back, at any offset and JSON-escaped, in a body or a header,
// never makes any part of it visible: errors and log lines hold no 8-character piece of it.
func TestKeyEchoedBackIsNeverShown(t *testing.T) {
	key := "tsk-" + strings.Repeat("0123456789abcdef", 4)
	log := &recordingLogger{}
	emu, c, _ := newEmu(t, emulator.Options{APIKey: key}, Options{Logger: log, MaxAttempts: 1})
	var escaped strings.Builder
	for _, r := range key {
		fmt.Fprintf(&escaped, `\u%04x`, r)
	}
	faults := []emulator.Fault{emulator.EchoKey(400), emulator.EchoKey(401), emulator.EchoKey(500), emulator.EchoKey(503),
		emulator.StatusBody(502, "text/html", "<pre>"+escaped.String()+"</pre>"),
		emulator.Malformed("not json: " + strings.ReplaceAll(key, "-", `\u002d`)),
	}
	// Plain bodies with the key straddling the point where an error's excerpt is cut.
	for _, at := range []int{150, 190, 195, 199, 205} {
		faults = append(faults, emulator.StatusBody(502, "text/plain", strings.Repeat("x", at)+key))
	}
	var texts []string
	for _, f := range faults {
		emu.Fault("GET /api/v1/execution_results/{id}", f)
		emu.Fault("POST /api/v1/execution_results", f)
		_, err := c.GetRun(context.Background(), 5001)
		_, terr := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
		emu.ClearFaults()
		if err == nil || terr == nil {
			t.Fatalf("%+v: no error", f)
		}
		texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), terr.Error())
	}
	redacted := 0
	for _, text := range texts {
		redacted += boolInt(strings.Contains(text, "***"))
	}
	if redacted < len(faults) {
		t.Fatalf("only %d of %d error texts show a redaction: the echo did not reach them", redacted, 3*len(faults))
	}
	for _, l := range log.all() {
		texts = append(texts, fmt.Sprint(l.fields))
	}
	for _, text := range texts {
		for i := 0; i+8 <= len(key); i++ {
			if piece := key[i : i+8]; strings.Contains(text, piece) {
				t.Fatalf("%q (a piece of the key) is visible in: %s", piece, text)
			}
		}
	}
}

// Writes are never redirected (a POST would arrive as a GET, and no run would start): the
// error names where the redirect pointed and what base_url to set. Reads follow a redirect
// on the same host.
func TestRedirects(t *testing.T) {
	emu := emulator.NewUnstarted(emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 40, Name: "Smoke", Result: "SUCCESS"})
	inner := emu.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if rest, ok := strings.CutPrefix(r.URL.Path, "/old"); ok {
			http.Redirect(w, r, rest, http.StatusMovedPermanently)
			return
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	moved, err := New(srv.URL+"/old", emu.APIKey(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = moved.Trigger(context.Background(), TriggerRequest{TestPlanID: 40})
	var re *redirectError
	var te *TriggerError
	if !errors.As(err, &re) || !errors.As(err, &te) || te.MayHaveStarted || !strings.Contains(err.Error(), "set base_url to "+srv.URL) {
		t.Fatalf("err = %v, want a redirect error that started nothing and names the base_url", err)
	}
	if n := emu.Count("", "/api/v1/execution_results"); n != 0 {
		t.Errorf("the redirected POST reached the API as %d requests", n)
	}
	direct, _ := New(srv.URL, emu.APIKey(), Options{})
	run, err := direct.Trigger(context.Background(), TriggerRequest{TestPlanID: 40})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := moved.GetRun(context.Background(), run.ID); err != nil || got.ID != run.ID {
		t.Errorf("a same-host redirect of a read: %+v, %v", got, err)
	}
}

// A TLS-terminating proxy that redirects to http:// on the same host would make every read
// carry the key in clear text (Go forwards Authorization to the same host whatever the
// scheme): the redirect is refused, nothing reaches the plain-http address, and the error
// says why and what to fix instead of pointing base_url at http.
func TestHTTPSToHTTPRedirectIsRefusedBeforeTheKeyTravels(t *testing.T) {
	var plain atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://"+r.Host+r.URL.Path, http.StatusMovedPermanently)
	}))
	// A request in clear text on the TLS port is answered 400 before any handler sees it:
	// the listener counts connections whose first byte is not a TLS handshake.
	srv.Listener = &sniffListener{Listener: srv.Listener, plain: &plain}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testKey, Options{HTTPClient: srv.Client(), MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetRun(context.Background(), 5001)
	var re *redirectError
	if !errors.As(err, &re) || !re.Downgrade {
		t.Fatalf("err = %v, want the downgrade refused as a redirect error", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "plain http") || !strings.Contains(msg, "unencrypted") || strings.Contains(msg, "set base_url to http://") {
		t.Errorf("the error does not say the key would travel unencrypted, or advises http: %s", msg)
	}
	if n := plain.Load(); n != 0 {
		t.Errorf("%d requests reached the server in clear text", n)
	}
}

// sniffListener counts connections that open with anything but a TLS handshake record.
type sniffListener struct {
	net.Listener
	plain *atomic.Int32
}

func (l *sniffListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &sniffConn{Conn: c, plain: l.plain}, nil
}

type sniffConn struct {
	net.Conn
	plain *atomic.Int32
	seen  bool
}

func (c *sniffConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
	if !c.seen && n > 0 {
		c.seen = true
		if b[0] != 0x16 {
			c.plain.Add(1)
		}
	}
	return n, err
}
