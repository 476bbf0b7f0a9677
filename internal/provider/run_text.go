package provider

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// runSummary is the one description of a run used in errors and warnings: how it ended,
// its counts, each failed test with why it failed (at most maxFailedLines), and its link.
func runSummary(run testsigma.Run, failed []testsigma.FailedCase, appURL string) string {
	var b strings.Builder
	plan := planLabel(run)
	if run.RerunID != nil { // Testsigma's automatic re-run decides, and the rest is its own
		plan += fmt.Sprintf(", decided by its automatic re-run %d,", *run.RerunID)
	}
	result := run.Result
	if result == "" {
		result = "no result"
	}
	if run.Finished {
		fmt.Fprintf(&b, "Run %d of %s finished with %s", run.ID, plan, result)
	} else {
		fmt.Fprintf(&b, "Run %d of %s is %s", run.ID, plan, orUnknown(run.Status))
	}
	if run.Message != "" {
		fmt.Fprintf(&b, ": %s", run.Message)
	}
	b.WriteString(".")
	if c := countsText(run.Counts); c != "" {
		b.WriteString(" " + c)
	}
	if len(failed) > 0 {
		b.WriteString("\nFailed tests:")
		for _, fc := range failed[:min(len(failed), maxFailedLines)] {
			b.WriteString("\n- " + failedCaseLine(fc))
		}
		// State keeps at most MaxFailedCases; the run's counts say how many failed in all.
		if all := max(len(failed), notPassed(run.Counts)); all > maxFailedLines {
			fmt.Fprintf(&b, "\n- and %d more", all-maxFailedLines)
		}
	}
	fmt.Fprintf(&b, "\nDetails: %s", appURL)
	return b.String()
}

// planLabel names a run's test plan: its id, and its name when known.
func planLabel(run testsigma.Run) string {
	if run.TestPlanName != "" {
		return fmt.Sprintf("test plan %d (%s)", run.TestPlanID, run.TestPlanName)
	}
	return fmt.Sprintf("test plan %d", run.TestPlanID)
}

func countsText(c testsigma.Counts) string {
	if c.Total == nil {
		return ""
	}
	parts := []string{}
	for _, p := range []struct {
		n    *int64
		name string
	}{{c.Passed, "passed"}, {c.Failed, "failed"}, {c.Aborted, "aborted"}, {c.Stopped, "stopped"}, {c.NotExecuted, "not executed"}, {c.Queued, "queued"}} {
		if p.n != nil && *p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", *p.n, p.name))
		}
	}
	cases := fmt.Sprintf("%d %s", *c.Total, plural(int(*c.Total), "test case", "test cases"))
	switch {
	case *c.Total == 0:
		return "" // a run not started yet (or counts not filled in): nothing to say
	case len(parts) == 0:
		return cases + "."
	}
	return cases + ": " + strings.Join(parts, ", ") + "."
}

// planCounts are the whole plan's counts after re-runs of the failed tests: each test as
// its last attempt left it. An attempt re-runs only the tests the one before did not pass,
// so the passed add up over the attempts and the rest are the last attempt's. whole is
// false (and the counts the last attempt's) with one attempt, or when any count is unknown.
func planCounts(attempts []testsigma.Run) (c testsigma.Counts, whole bool) {
	if len(attempts) == 0 {
		return c, false
	}
	c = attempts[len(attempts)-1].Counts
	if len(attempts) < 2 || attempts[0].Counts.Total == nil {
		return c, false
	}
	var passed int64
	for _, a := range attempts {
		if a.Counts.Passed == nil {
			return c, false
		}
		passed += *a.Counts.Passed
	}
	c.Total, c.Passed = attempts[0].Counts.Total, &passed
	return c, true
}

// notPassed is how many of a run's cases did not pass, by its counts; 0 when unknown.
func notPassed(c testsigma.Counts) int {
	if c.Total == nil || c.Passed == nil {
		return 0
	}
	return int(*c.Total - *c.Passed)
}

func orUnknown(s string) string {
	if s == "" {
		return "in an unknown state"
	}
	return s
}

// maxFailedLines bounds the failed tests a diagnostic names; state has them all.
const maxFailedLines = 10

// failedCaseLine is one failed test and why: "case 03 (Checkout, Chrome): Click on Pay now:
// Element is not displayed".
func failedCaseLine(fc testsigma.FailedCase) string {
	line := fc.Name
	if where := strings.Join(nonEmpty(fc.Suite, fc.Machine), ", "); where != "" {
		line += " (" + where + ")"
	}
	if why := strings.Join(nonEmpty(fc.Step, fc.Message), ": "); why != "" {
		line += ": " + why
	} else if fc.Result != "" {
		line += ": " + fc.Result
	}
	return line
}

func nonEmpty(parts ...string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// rerunsText says what re-running the failed tests did, or why it was not done.
func rerunsText(o testsigma.Outcome) string {
	var b strings.Builder
	if n := len(o.Runs) - 1; n > 0 {
		ids := make([]string, 0, n)
		for _, r := range o.Runs[1:] {
			ids = append(ids, strconv.FormatInt(r.ID, 10))
		}
		fmt.Fprintf(&b, "\nRe-ran the failed tests %d %s (%s %s); the last attempt decides", n, plural(n, "time", "times"), plural(n, "run", "runs"), strings.Join(ids, ", "))
		b.WriteString(".")
		if c, whole := planCounts(o.Runs); whole {
			b.WriteString(" The whole plan, each test as its last attempt left it: " + countsText(c))
		}
		fmt.Fprintf(&b, " First run: %s", o.URL)
	}
	if o.NoRerun != "" {
		b.WriteString("\nNot re-run: " + o.NoRerun + ".")
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// offTargetText: the deciding re-run does not count, as the engine says why.
func offTargetText(o testsigma.Outcome) string {
	if o.OffTarget == "" {
		return ""
	}
	return "\n" + o.OffTarget + "."
}
