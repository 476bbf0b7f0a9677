package testsigma

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The probe's hostile texts (reliability-probe.md D7, R34): an OSC 8 hyperlink, clear-screen,
// cursor-up and erase-line, CR, NUL, BEL, a right-to-left override.
const (
	hostileName    = "\x1b]8;;http://evil.example/\x07click me\x1b]8;;\x07 \x1b[2J\x1b[31mred\x1b[0m\x07"
	hostileMessage = "line1\nline2\r\x1b[1A\x1b[2KOVERWRITTEN\u202eevil\u0000nul"
)

// D7: failed-case names and messages, step texts, suite and machine names reach the outcome
// (and from there every diagnostic and state) with no escape sequence or control character
// left, and each is cut with a note of how much was left out.
func TestD7_failedCaseTextsAreSafe(t *testing.T) {
	huge := strings.Repeat("x", 440_000)
	plan := emulator.Plan{ID: 70, Name: "Hostile \x1b[2J plan", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: hostileName, Result: "FAILURE", SuiteName: "Suite\x1b[2J", Machine: "Chrome\r\x00", FailStep: "Click \u202e", FailMessage: hostileMessage,
			Steps: []string{"Open", "Click \u202e"}},
		{ID: 2, Name: strings.Repeat("n", 500), Result: "FAILURE", FailMessage: huge, Steps: []string{strings.Repeat("s", 100_000)}},
	}}
	_, c := emuClient(t, plan)
	o, we, _ := triggerAndFollow(t, c, 70, Policy{})
	if we != nil {
		t.Fatal(we)
	}
	if len(o.FailedCases) != 2 {
		t.Fatalf("failed cases %+v", o.FailedCases)
	}
	hostile := o.FailedCases[0]
	for what, s := range map[string]string{"name": hostile.Name, "suite": hostile.Suite, "machine": hostile.Machine, "step": hostile.Step, "message": hostile.Message, "plan": o.Final.TestPlanName} {
		if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0x9b || bidiControl(r) }) {
			t.Errorf("%s %q keeps a control character", what, s)
		}
	}
	if hostile.Name != `click me red\x07` {
		t.Errorf("name = %q, want the words without the sequences, the lone BEL shown", hostile.Name)
	}
	if want := `line1 line2\rOVERWRITTEN\u202eevil\x00nul`; hostile.Message != want {
		t.Errorf("message = %q, want %q (controls shown as escapes)", hostile.Message, want)
	}
	long := o.FailedCases[1]
	if utf8.RuneCountInString(long.Name) > maxNameChars+40 || !strings.HasSuffix(long.Name, "… (300 more characters)") {
		t.Errorf("name of %d characters: %q", utf8.RuneCountInString(long.Name), long.Name[len(long.Name)-40:])
	}
	if !strings.HasSuffix(long.Message, "… (439,000 more characters)") || utf8.RuneCountInString(long.Message) > maxMessageChars+40 {
		t.Errorf("message of %d characters ends %q", utf8.RuneCountInString(long.Message), long.Message[max(0, len(long.Message)-40):])
	}
	if utf8.RuneCountInString(long.Step) > maxMessageChars+40 {
		t.Errorf("step of %d characters", utf8.RuneCountInString(long.Step))
	}
}

func TestSafeText(t *testing.T) {
	for in, want := range map[string]string{
		"plain":                   "plain",
		"  spaced\tout \n":        "spaced out",
		"\x1b[38;5;196mred\x1b[m": "red",
		"a\x1b]0;title\x1b\\b":    "ab",
		"bell\x07 esc\x1b":        `bell\x07 esc\x1b`,
		"\u009b2Jgone":            "gone",
		"iso\u2066late\u2069":     `iso\u2066late\u2069`,
		"emoji 🚀 and Ünïcødé":     "emoji 🚀 and Ünïcødé",
		"bad \xff bytes":          "bad \uFFFD bytes",
		strings.Repeat("é", 205):  strings.Repeat("é", 200) + "… (5 more characters)",
	} {
		if got := safeText(in, maxNameChars); got != want {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}
