package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// hostileKey is the probe's key (reliability-probe.md, old #7): quotes, a backslash, URL
// metacharacters, a space, non-ASCII letters.
const hostileKey = `Sk-"q'u\o%t&e<>{}:/?#[]@=+ 漢字-$HOME-end`

// keyForms is every way the probe saw a server echo a key: raw, JSON-escaped by a standard
// encoder (Go's, which also escapes <>&; one that escapes non-ASCII as \uXXXX; one that
// escapes / as \/), URL-encoded (query and path style), upper- and lower-cased.
func keyForms(key string) map[string]string {
	goJSON, _ := json.Marshal(key)
	var ascii strings.Builder
	for _, r := range key {
		switch {
		case r > 0x7f:
			fmt.Fprintf(&ascii, `\u%04x`, r)
		case r == '"' || r == '\\':
			ascii.WriteString(`\` + string(r))
		case r == '/':
			ascii.WriteString(`\/`)
		default:
			ascii.WriteRune(r)
		}
	}
	js := string(goJSON[1 : len(goJSON)-1])
	return map[string]string{
		"raw": key, "JSON (Go)": js, "JSON (ASCII-only)": ascii.String(),
		"query-escaped": url.QueryEscape(key), "path-escaped": url.PathEscape(key),
		"upper": strings.ToUpper(key), "lower": strings.ToLower(key),
		"upper JSON": strings.ToUpper(ascii.String()), "lower query-escaped": strings.ToLower(url.QueryEscape(key)),
	}
}

// assertNoPiece fails when any 8-character piece of any form of the key is in text.
func assertNoPiece(t *testing.T, key, what, text string) {
	t.Helper()
	for form, s := range keyForms(key) {
		rs := []rune(s)
		for i := 0; i+8 <= len(rs); i++ {
			if piece := string(rs[i : i+8]); strings.Contains(text, piece) {
				t.Fatalf("%s shows %q, a piece of the key (%s): %s", what, piece, form, text)
			}
		}
	}
}

// Old #7 and D10: a key with quotes, a backslash and non-ASCII letters, echoed by a server
// JSON-escaped, URL-encoded, or in another case, is redacted in the error and in the log.
func TestD10_keyInEveryEncodingIsRedacted(t *testing.T) {
	for form, echo := range keyForms(hostileKey) {
		t.Run(form, func(t *testing.T) {
			log := &recordingLogger{}
			emu, c, _ := newEmu(t, emulator.Options{APIKey: hostileKey}, Options{Logger: log, MaxAttempts: 1})
			emu.Fault("GET /api/v1/execution_results/{id}", emulator.StatusBody(503, "application/json", `{"detail":"bad key `+echo+`"}`))
			emu.Fault("POST /api/v1/execution_results", emulator.StatusBody(400, "application/json", `{"error":"key=`+echo+` is not valid"}`))
			_, gerr := c.GetRun(context.Background(), 5001)
			_, terr := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 1})
			if gerr == nil || terr == nil {
				t.Fatalf("no error: %v, %v", gerr, terr)
			}
			for _, text := range []string{gerr.Error(), terr.Error(), fmt.Sprint(log.all())} {
				assertNoPiece(t, hostileKey, "an error or log line", text)
			}
			if !strings.Contains(gerr.Error(), "***") || !strings.Contains(terr.Error(), "***") {
				t.Errorf("no redaction shown: %v / %v", gerr, terr)
			}
		})
	}
}

// D10: a key of any length configures a client (no pattern to compile) and is redacted;
// the probe's 600 KB key panicked with the key as the panic text.
func TestD10_hugeKeyNeverPanicsNorPrintsItself(t *testing.T) {
	for _, n := range []int{600_000, 1_500_000} {
		key := strings.Repeat("K", n)
		c, err := New("https://app.testsigma.com", key, Options{})
		if err != nil {
			t.Fatal(err)
		}
		resp := &http.Response{StatusCode: 400, Header: http.Header{}}
		err = c.apiError(context.Background(), call{method: http.MethodGet, path: "/x"}, resp, []byte(`{"error":"bad `+key+` key"}`))
		if msg := err.Error(); strings.Contains(msg, strings.Repeat("K", 50)) || !strings.Contains(msg, "bad *** key") {
			t.Fatalf("%d-character key: %.200s", n, msg)
		}
	}
}

// D8: a redirect's Location that carries the key (an SSO login page's ?api_key=...) is
// shown redacted, in the error and the log.
func TestD8_redirectLocationIsRedacted(t *testing.T) {
	const key = "tsk_live_ABCdef123456789xyz"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "http://sso.example.invalid/login?api_key="+key+"&next=/")
		w.WriteHeader(http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	log := &recordingLogger{}
	c, err := New(srv.URL, key, Options{Logger: log, MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.SavedConfigs(context.Background())
	var re *redirectError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v, want a redirectError", err)
	}
	for _, text := range []string{err.Error(), re.Location, fmt.Sprint(log.all())} {
		if strings.Contains(text, key) {
			t.Fatalf("the key is shown: %s", text)
		}
	}
	if !strings.Contains(err.Error(), "api_key=***&next=/") {
		t.Errorf("the redirect target is not named (redacted): %v", err)
	}
}

// The redaction of any secret in any text: never a panic, and no form of the secret left.
func FuzzRedact(f *testing.F) {
	f.Add(hostileKey, "x", "y")
	f.Add("KKKK", "KKKKKKKKK", "")
	f.Add("abcd", `\uD83D`, `%F0%9F`)
	f.Fuzz(func(t *testing.T, secret, before, after string) {
		if !utf8.ValidString(secret) || len([]rune(secret)) < minSecretLen || strings.ContainsAny(secret+before+after, "\\%+*\r\n\t") { // * is the redaction mark
			// An escape character in the secret, or next to it, changes what the text
			// around it decodes to; TestD10_keyInEveryEncodingIsRedacted covers those.
			return
		}
		r := newRedactor(secret)
		for form, s := range keyForms(secret) {
			out := r.apply(before + s + after)
			if strings.Contains(fold(out), fold(secret)) || (form != "raw" && strings.Contains(out, s)) {
				t.Fatalf("%s form %q survives in %q", form, s, out)
			}
		}
	})
}
