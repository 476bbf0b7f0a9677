package testsigma

import (
	"context"
	"encoding/base64"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// encodedForms are the echoes a server may build with an HTML template or by encoding a
// credential: entity-escaped (named, decimal and hex entities), and base64 in both
// alphabets, alone or inside a longer encoded text at each byte offset.
func encodedForms(secret string) map[string]string {
	var numeric strings.Builder
	for _, r := range secret {
		if strings.ContainsRune(`"'&<>`, r) {
			fmt.Fprintf(&numeric, "&#%d;", r)
		} else {
			numeric.WriteRune(r)
		}
	}
	forms := map[string]string{
		"HTML-escaped": html.EscapeString(secret), "HTML numeric entities": numeric.String(),
		"base64":     base64.StdEncoding.EncodeToString([]byte(secret)),
		"base64 URL": base64.RawURLEncoding.EncodeToString([]byte(secret)),
	}
	for _, prefix := range []string{"a", "ab", "Bearer: "} {
		forms["base64 after "+prefix] = base64.StdEncoding.EncodeToString([]byte(prefix + secret + "!"))
	}
	return forms
}

// The key, and a write-only value, echoed HTML-escaped or base64-encoded in a body are
// redacted in the error and in the log, as the raw and JSON forms are: the decoded secret
// never appears in any of them, nor does the encoded text that carries it.
func TestSecretEchoedHTMLEscapedOrBase64IsRedacted(t *testing.T) {
	const writeOnly = `pa55&<wo>"rd'-S3CRET-value`
	for kind, secret := range map[string]string{"key": hostileKey, "write-only": writeOnly} {
		for form, echo := range encodedForms(secret) {
			t.Run(kind+" "+form, func(t *testing.T) {
				log := &recordingLogger{}
				emu, c, _ := newEmu(t, emulator.Options{APIKey: hostileKey}, Options{Logger: log, MaxAttempts: 1})
				emu.Fault("GET /api/v1/execution_results/{id}", emulator.StatusBody(503, "text/html", `<p>bad value `+echo+`</p>`))
				_, err := c.GetRun(WithSecrets(context.Background(), writeOnly), 5001)
				if err == nil {
					t.Fatal("no error")
				}
				for _, text := range []string{err.Error(), fmt.Sprint(log.all())} {
					if !strings.Contains(err.Error(), "***") {
						t.Errorf("no redaction shown: %v", err)
					}
					for _, shown := range []string{echo, secret} {
						for i := 0; i+12 <= len(shown); i++ {
							if piece := shown[i : i+12]; strings.Contains(text, piece) {
								t.Fatalf("%q (a piece of the %s echo) is visible in: %s", piece, form, text)
							}
						}
					}
				}
			})
		}
	}
}
