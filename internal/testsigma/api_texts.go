package testsigma

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// What one text from the API may take up in a diagnostic or in state, in characters.
const (
	maxNameChars    = 200   // a test case's, suite's, machine's or plan's name; a data set's
	maxMessageChars = 1_000 // a step's text, a step's or a run's message
)

// safeText makes a text from the API (a name, a step, a message) safe to print in a
// terminal and to keep in state, whatever the server sent:
//   - terminal escape sequences (ANSI CSI such as ESC[2J, OSC such as the OSC 8 hyperlink,
//     with their payload) are removed: they are formatting, never words;
//   - newlines and tabs become a space, so a text is one line;
//   - every other control character (NUL, CR, BEL, a lone ESC, DEL, C1), and the
//     bidirectional overrides and isolates that reorder what a terminal shows (U+202E),
//     are shown as visible escapes (\x00, \r, \u202e);
//   - it is cut at limit characters, with a note of how many more there were.
func safeText(s string, limit int) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		if skip := escapeSequence(s[i:]); skip > 0 {
			i += skip
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if n >= limit {
			rest := utf8.RuneCountInString(s[i-w:])
			return strings.TrimSpace(b.String()) + fmt.Sprintf("… (%s more characters)", thousands(rest))
		}
		n++
		switch {
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, `\x%02x`, r)
		case bidiControl(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// SameText says whether a text as decoded (neutralised and cut by safeText: a build
// number, an environment's name) is the one sent or written: as it was, or as state keeps
// one read back earlier. Matching by it keeps a run, or an environment, recognised when its
// text holds what the terminal must not see, or is longer than what is kept.
func SameText(decoded, sent string) bool {
	return decoded == sent || decoded == safeText(sent, maxNameChars)
}

// escapeSequence is the length of the terminal escape sequence s starts with, 0 if none:
// CSI (ESC [ or U+009B, parameters, one final byte), OSC/DCS/PM/APC (up to BEL or ESC \),
// or ESC and one character.
func escapeSequence(s string) int {
	var body int
	switch {
	case strings.HasPrefix(s, "\x1b[") || strings.HasPrefix(s, "\u009b"):
		body = 2
		for i := body; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x3f {
				return i // a broken sequence ends where its parameters do
			}
		}
		return len(s)
	case len(s) >= 2 && s[0] == 0x1b && strings.IndexByte("]P^_X", s[1]) >= 0:
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	case len(s) >= 2 && s[0] == 0x1b && s[1] >= 0x20 && s[1] < 0x7f:
		return 2
	}
	return 0
}

// bidiControl: the characters that make a terminal show text in another order than it is
// stored (overrides, embeddings, isolates, marks).
func bidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// thousands writes n with comma separators: 438912 → "438,912".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
