package main

import (
	"bytes"
	"strings"
	"testing"
)

// jsonStream is `go test -json` output, one event a line.
func jsonStream(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

const pkg = `"Package":"example/internal/provider"`

var (
	allSkipped = jsonStream(
		`{"Action":"run",`+pkg+`,"Test":"TestAcc_scenarios"}`,
		`{"Action":"run",`+pkg+`,"Test":"TestAcc_scenarios/passing"}`,
		`{"Action":"output",`+pkg+`,"Test":"TestAcc_scenarios/passing","Output":"    scenarios_backend_test.go:88: passing: not run against Testsigma, as these are not set: TESTSIGMA_TEST_PLAN_ID (the id of a test plan that passes)\n"}`,
		`{"Action":"output",`+pkg+`,"Test":"TestAcc_scenarios/passing","Output":"--- SKIP: TestAcc_scenarios/passing (0.00s)\n"}`,
		`{"Action":"skip",`+pkg+`,"Test":"TestAcc_scenarios/passing"}`,
		`{"Action":"run",`+pkg+`,"Test":"TestAcc_scenarios/failing"}`,
		`{"Action":"output",`+pkg+`,"Test":"TestAcc_scenarios/failing","Output":"    scenarios_backend_test.go:88: failing: not run against Testsigma, as these are not set: TESTSIGMA_FAILING_TEST_PLAN_ID (the id of a test plan that fails)\n"}`,
		`{"Action":"skip",`+pkg+`,"Test":"TestAcc_scenarios/failing"}`,
		`{"Action":"pass",`+pkg+`,"Test":"TestAcc_scenarios"}`,
		`{"Action":"pass",`+pkg+`}`,
	)
	oneRan = jsonStream(
		`{"Action":"run",`+pkg+`,"Test":"TestAcc_scenarios/passing"}`,
		`{"Action":"pass",`+pkg+`,"Test":"TestAcc_scenarios/passing"}`,
		`{"Action":"skip",`+pkg+`,"Test":"TestAcc_scenarios/failing"}`,
		`{"Action":"pass",`+pkg+`,"Test":"TestAcc_scenarios"}`,
		`{"Action":"pass",`+pkg+`}`,
	)
	oneFailed = jsonStream(
		`{"Action":"fail",`+pkg+`,"Test":"TestAcc_scenarios/passing"}`,
		`{"Action":"fail",`+pkg+`,"Test":"TestAcc_scenarios"}`,
		`{"Action":"fail",`+pkg+`}`,
	)
	buildFailed = "# example/internal/provider\ninternal/provider/x.go:1:1: syntax error\n" + jsonStream(`{"Action":"fail",`+pkg+`}`)
)

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stream  string
		haveKey bool
		ok      bool
		says    []string
	}{
		{"every scenario skipped with a key fails and names what is missing", allSkipped, true, false, []string{
			"testacc: 0 ran, 2 skipped, 0 failed",
			"TESTSIGMA_API_KEY is set but every scenario skipped",
			"  - failing: not run against Testsigma, as these are not set: TESTSIGMA_FAILING_TEST_PLAN_ID",
			"  - passing: not run against Testsigma, as these are not set: TESTSIGMA_TEST_PLAN_ID",
		}},
		{"every scenario skipped without a key passes", allSkipped, false, true, []string{"TESTSIGMA_API_KEY is not set"}},
		{"one scenario ran", oneRan, true, true, []string{"testacc: 1 ran, 1 skipped, 0 failed; ok"}},
		{"a failed scenario fails", oneFailed, true, false, []string{"testacc: 1 ran, 0 skipped, 1 failed; FAIL"}},
		{"a package that does not build fails", buildFailed, true, false, []string{"FAIL"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			sum, err := tally(strings.NewReader(tc.stream), &out)
			if err != nil {
				t.Fatal(err)
			}
			msg, ok := sum.verdict(tc.haveKey)
			if ok != tc.ok {
				t.Errorf("ok = %v, want %v; message:\n%s", ok, tc.ok, msg)
			}
			for _, s := range tc.says {
				if !strings.Contains(msg, s) {
					t.Errorf("message lacks %q:\n%s", s, msg)
				}
			}
		})
	}
}

// The tests' output reaches the terminal as with -v, build errors included.
func TestTallyCopiesOutput(t *testing.T) {
	var out bytes.Buffer
	if _, err := tally(strings.NewReader(allSkipped+buildFailed), &out); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"--- SKIP: TestAcc_scenarios/passing", "syntax error"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("output lacks %q:\n%s", s, out.String())
		}
	}
}

// No JSON at all (go test did not run) is never a pass.
func TestTallyNeedsEvents(t *testing.T) {
	if _, err := tally(strings.NewReader(""), &bytes.Buffer{}); err == nil {
		t.Fatal("an empty stream was accepted")
	}
}
