package testsigma

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// minSecretLen is the shortest secret redacted: a shorter one would blank out ordinary words.
const minSecretLen = 4

// redactor removes secrets from text in every form a server may echo them: as sent, in
// upper or lower case, JSON-escaped (\" \\ \/ \uXXXX, in any mix) or URL-escaped (%XX in
// either case, + for a space), HTML-escaped (named or numeric character references) or
// base64-encoded (either alphabet, at any offset), each form found by a literal search of a
// decoded copy of the text (for base64, of the text for the encoded secret). No secret is
// ever compiled into a pattern, so a secret of any length costs time linear in the text and
// can never make the provider fail (or print it).
type redactor struct {
	needles []string // the secrets, case-folded
	encoded []string // the secrets base64-encoded (see base64Needles)
}

func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		if utf8.RuneCountInString(s) >= minSecretLen {
			r.needles = append(r.needles, fold(s))
			r.encoded = append(r.encoded, base64Needles(s)...)
		}
	}
	return r
}

// fold maps s to one case: each character to the smallest of those equal to it under
// Unicode case folding, so an upper-cased echo matches whatever case the secret has.
func fold(s string) string { return strings.Map(foldRune, s) }

func foldRune(r rune) rune {
	least := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		least = min(least, f)
	}
	return least
}

// apply replaces each secret in s, in any of its forms, with ***.
func (r redactor) apply(s string) string {
	if len(r.needles) == 0 || s == "" {
		return s
	}
	spans := findBase64(s, r.encoded)
	for _, dec := range []decoder{plainRune, jsonRune, queryRune, pathRune, htmlRune} {
		d := decodeText(s, dec)
		for _, n := range r.needles {
			spans = append(spans, d.find(n)...)
		}
	}
	return blank(s, spans)
}

// decoded is a decoded, case-folded copy of a text with, for each of its bytes, the span of
// the original text it came from.
type decoded struct {
	text       string
	start, end []int
}

func (d decoded) find(needle string) [][2]int {
	var out [][2]int
	for from := 0; from+len(needle) <= len(d.text); {
		i := strings.Index(d.text[from:], needle)
		if i < 0 {
			break
		}
		i += from
		out = append(out, [2]int{d.start[i], d.end[i+len(needle)-1]})
		from = i + len(needle)
	}
	return out
}

// A decoder reads one character of s at i: the character it stands for and its length in s.
type decoder func(s string, i int) (rune, int)

func decodeText(s string, dec decoder) decoded {
	var b strings.Builder
	d := decoded{start: make([]int, 0, len(s)), end: make([]int, 0, len(s))}
	for i := 0; i < len(s); {
		r, n := dec(s, i)
		w, _ := b.WriteRune(foldRune(r))
		for range w {
			d.start, d.end = append(d.start, i), append(d.end, i+n)
		}
		i += n
	}
	d.text = b.String()
	return d
}

func plainRune(s string, i int) (rune, int) { return utf8.DecodeRuneInString(s[i:]) }

// jsonRune decodes JSON's string escapes (and \U, for a server that upper-cased an escaped
// text), surrogate pairs included.
func jsonRune(s string, i int) (rune, int) {
	if s[i] != '\\' || i+1 >= len(s) {
		return plainRune(s, i)
	}
	switch c := s[i+1]; c {
	case '"', '\\', '/':
		return rune(c), 2
	case 'n', 'N':
		return '\n', 2
	case 't', 'T':
		return '\t', 2
	case 'r', 'R':
		return '\r', 2
	case 'b', 'B':
		return '\b', 2
	case 'f', 'F':
		return '\f', 2
	case 'u', 'U':
		r, ok := hexRune(s, i+2, 4)
		if !ok {
			break
		}
		if utf16Surrogate(r) && i+12 <= len(s) && s[i+6] == '\\' && (s[i+7] == 'u' || s[i+7] == 'U') {
			if lo, ok := hexRune(s, i+8, 4); ok {
				return 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00), 12
			}
		}
		return r, 6
	}
	return plainRune(s, i)
}

func utf16Surrogate(r rune) bool { return r >= 0xD800 && r < 0xDC00 }

// queryRune decodes a query's escapes: + is a space (see pathRune).
func queryRune(s string, i int) (rune, int) {
	if s[i] == '+' {
		return ' ', 1
	}
	return pathRune(s, i)
}

// pathRune decodes %XX escapes, joining those of one multi-byte character.
func pathRune(s string, i int) (rune, int) {
	if s[i] != '%' {
		return plainRune(s, i)
	}
	var buf []byte
	j := i
	for j+3 <= len(s) && s[j] == '%' && len(buf) < utf8.UTFMax {
		v, ok := hexRune(s, j+1, 2)
		if !ok {
			break
		}
		buf, j = append(buf, byte(v)), j+3
		if utf8.FullRune(buf) {
			if r, n := utf8.DecodeRune(buf); r != utf8.RuneError || n > 1 {
				return r, j - i
			}
			break
		}
	}
	return plainRune(s, i)
}

func hexRune(s string, i, n int) (rune, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v, err := strconv.ParseUint(s[i:i+n], 16, 32)
	return rune(v), err == nil
}

// blank replaces each span of s (merged where they overlap) with ***.
func blank(s string, spans [][2]int) string {
	if len(spans) == 0 {
		return s
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var b strings.Builder
	at := 0
	for k := 0; k < len(spans); {
		from, to := spans[k][0], spans[k][1]
		for k++; k < len(spans) && spans[k][0] <= to; k++ {
			to = max(to, spans[k][1])
		}
		if from < at { // inside a span already blanked
			from = at
		}
		b.WriteString(s[at:from])
		b.WriteString("***")
		at = to
	}
	b.WriteString(s[at:])
	return b.String()
}

type secretsKey struct{}

// WithSecrets returns a context whose requests also redact values (the write-only values
// of a run's trigger): a server that echoes them, in an error or a body the client cannot
// read, shows *** instead, exactly as for the API key.
func WithSecrets(ctx context.Context, values ...string) context.Context {
	prev, _ := ctx.Value(secretsKey{}).([]string)
	return context.WithValue(ctx, secretsKey{}, append(append([]string(nil), prev...), values...))
}

// redact removes the API key and the context's secrets (WithSecrets), in every form a
// server may echo them, from text.
func (c *Client) redact(ctx context.Context, s string) string {
	s = c.secret.apply(s)
	if extra, _ := ctx.Value(secretsKey{}).([]string); len(extra) > 0 {
		s = newRedactor(extra...).apply(s)
	}
	return s
}
