package testsigma

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The API's shapes as committed samples (testdata/contract, see its README.md): answers the
// public docs give, or answers recorded from a real account by TestAcc_recordContract. The
// replay tests decode them through the client and compare what it made of them with what
// the JSON says, field by field, for the fields the provider relies on.

const contractDir = "testdata/contract"

// samples hands a replay check the bytes of a sample by file name; ok is false when there
// is none (a recording that did not reach an endpoint).
type samples func(name string) (body []byte, ok bool)

func committedSamples(name string) ([]byte, bool) {
	b, err := os.ReadFile(filepath.Join(contractDir, name))
	return b, err == nil
}

// jsonOf decodes a sample keeping numbers exact, as ids can exceed a float's precision.
func jsonOf(t *testing.T, name string, body []byte) any {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		t.Fatalf("%s is not JSON: %v", name, err)
	}
	return v
}

// jfields is one JSON object of a sample; need fails for every key the client reads that
// the sample lacks, which is what a change of the API's shape looks like.
type jfields map[string]any

func jobject(t *testing.T, v any, what string) jfields {
	t.Helper()
	o, ok := v.(map[string]any)
	if !ok {
		t.Fatalf("%s is %T, not an object", what, v)
	}
	return o
}

func (f jfields) need(t *testing.T, what string, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := f[k]; !ok {
			t.Errorf("%s has no %q, which the client reads", what, k)
		}
	}
}

// jitems is the list a listing answered: a Spring page's content or a plain array.
func jitems(t *testing.T, v any, what string) []any {
	t.Helper()
	if a, ok := v.([]any); ok {
		return a
	}
	a, ok := jobject(t, v, what)["content"].([]any)
	if !ok {
		t.Fatalf("%s is neither an array nor a page with content", what)
	}
	return a
}

// jint is a JSON id or count as the docs define it: a number, a numeric string, or null.
func jint(v any) *int64 {
	var s string
	switch x := v.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	default:
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	return &n
}

func jstr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

// jtime is a v1 timestamp (epoch milliseconds) or a v2 one (RFC 3339).
func jtime(v any) *time.Time {
	if n := jint(v); n != nil {
		t := time.UnixMilli(*n).UTC()
		return &t
	}
	if t, err := time.Parse(time.RFC3339Nano, jstr(v)); err == nil {
		t = t.UTC()
		return &t
	}
	return nil
}

// sameAs reports a field the client decoded differently from what the sample says.
func sameAs(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: the client made %s of it, the sample says %s", what, showJSON(got), showJSON(want))
	}
}

func showJSON(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "null"
		}
		v = rv.Elem().Interface()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Redaction: what a recording writes must hold no secret and no one's identity. Ids stay,
// as they say nothing about anyone and keep the samples consistent with each other.
var (
	jwtPattern   = regexp.MustCompile(`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`)
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	namePattern  = regexp.MustCompile(`"(firstName|lastName|userName|displayName)"(\s*:\s*)"(?:[^"\\]|\\.)*"`)
	valuePattern = regexp.MustCompile(`"value"(\s*:\s*)"(?:[^"\\]|\\.)*"`)
)

const redactedEmail = "redacted@example.com"

// redactSample removes the API key, anything shaped like one, e-mail addresses and people's
// names, and in environments every variable's value (encrypted or not, it may be a password).
func redactSample(name string, body []byte, apiKey string) []byte {
	s := string(body)
	if apiKey != "" {
		s = strings.ReplaceAll(s, apiKey, "REDACTED")
	}
	s = jwtPattern.ReplaceAllString(s, "REDACTED")
	s = emailPattern.ReplaceAllStringFunc(s, func(m string) string {
		if strings.HasSuffix(m, "@example.com") {
			return m
		}
		return redactedEmail
	})
	s = namePattern.ReplaceAllString(s, `"$1"$2"Redacted"`)
	if strings.HasPrefix(name, "environment") {
		s = valuePattern.ReplaceAllString(s, `"value"$1"REDACTED"`)
	}
	return []byte(s)
}

// Every committed sample is redacted: redacting it again changes nothing.
func TestContract_samplesAreRedacted(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(contractDir, "*.*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no samples in %s (%v)", contractDir, err)
	}
	for _, f := range files {
		name := filepath.Base(f)
		if name == "README.md" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if r := redactSample(name, b, ""); !bytes.Equal(r, b) {
			t.Errorf("%s holds what a recording must redact (an e-mail address, a name, a key or a variable's value)", name)
		}
	}
}
