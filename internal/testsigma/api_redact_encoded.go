package testsigma

import (
	"encoding/base64"
	"html"
	"strings"
)

// htmlRune decodes an HTML character reference (&quot; &amp; &#39; &#x27; ...), the form a
// server that renders its error page from a template echoes a secret in.
func htmlRune(s string, i int) (rune, int) {
	if s[i] != '&' {
		return plainRune(s, i)
	}
	end := strings.IndexByte(s[i:min(len(s), i+12)], ';')
	if end < 0 {
		return plainRune(s, i)
	}
	dec := html.UnescapeString(s[i : i+end+1])
	if r := []rune(dec); len(r) == 1 && dec != s[i:i+end+1] {
		return r[0], end + 1
	}
	return plainRune(s, i)
}

// base64Needles are the texts a secret becomes when base64-encoded, in both alphabets and
// at each of the three byte offsets it may start at inside a longer encoded text: for each,
// only the characters made from the secret's bits alone, so the text around it does not
// matter. Base64 is case-sensitive, so these are searched for as they are.
func base64Needles(secret string) []string {
	var out []string
	n := len(secret)
	for k := range 3 {
		enc := base64.RawStdEncoding.EncodeToString([]byte(strings.Repeat("\x00", k) + secret))
		from, to := (8*k+5)/6, (8*(k+n))/6
		if to-from < minSecretLen {
			continue
		}
		core := enc[from:to]
		out = append(out, core)
		if url := strings.NewReplacer("+", "-", "/", "_").Replace(core); url != core {
			out = append(out, url)
		}
	}
	return out
}

// findBase64 is the spans of s that hold one of the encoded needles.
func findBase64(s string, needles []string) [][2]int {
	var out [][2]int
	for _, n := range needles {
		for from := 0; ; {
			i := strings.Index(s[from:], n)
			if i < 0 {
				break
			}
			out = append(out, [2]int{from + i, from + i + len(n)})
			from += i + len(n)
		}
	}
	return out
}
