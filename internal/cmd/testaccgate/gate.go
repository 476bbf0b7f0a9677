package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// summary holds how each TestAcc test (subtests included) ended. A scenario is a leaf: a
// parent whose scenarios all skip still passes, so only leaves say whether anything ran.
type summary struct {
	ended      map[string]string   // "pkg test" -> pass, fail or skip
	output     map[string][]string // "pkg test" -> its output lines
	failedPkgs []string
}

// tally reads the JSON stream, copies each output line to out, and records how tests ended.
func tally(in io.Reader, out io.Writer) (summary, error) {
	s := summary{ended: map[string]string{}, output: map[string][]string{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1024*1024), 16*1024*1024)
	seen := false
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			// go test prints build errors as plain text, not JSON: pass them on.
			fmt.Fprintln(out, sc.Text())
			continue
		}
		seen = true
		fmt.Fprint(out, e.Output)
		s.add(e)
	}
	if err := sc.Err(); err != nil {
		return s, err
	}
	if !seen {
		return s, fmt.Errorf("no test events on stdin: did `go test -json` run?")
	}
	return s, nil
}

func (s *summary) add(e event) {
	if e.Test == "" {
		if e.Action == "fail" {
			s.failedPkgs = append(s.failedPkgs, e.Package)
		}
		return
	}
	if !strings.HasPrefix(e.Test, "TestAcc") {
		return
	}
	key := e.Package + " " + e.Test
	switch e.Action {
	case "output":
		s.output[key] = append(s.output[key], e.Output)
	case "pass", "fail", "skip":
		s.ended[key] = e.Action
	}
}

// leaves counts the tests without subtests by how they ended, with the skips' reasons.
func (s summary) leaves() (ran, skipped, failed int, why []string) {
	for key, how := range s.ended {
		if s.hasChildren(key) {
			continue // a parent failing on its own also fails its package, which verdict sees
		}
		switch how {
		case "pass":
			ran++
		case "fail":
			ran++
			failed++
		case "skip":
			skipped++
			why = append(why, skipReason(s.output[key]))
		}
	}
	slices.Sort(why)
	return ran, skipped, failed, slices.Compact(why)
}

func (s summary) hasChildren(key string) bool {
	for other := range s.ended {
		if strings.HasPrefix(other, key+"/") {
			return true
		}
	}
	return false
}

// skipReason is the test's last message before "--- SKIP", without its "file.go:12: ".
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "---") || strings.HasPrefix(l, "===") {
			continue
		}
		if loc, after, ok := strings.Cut(l, ": "); ok && strings.Contains(loc, ".go:") {
			return after
		}
		return l
	}
	return "no reason given"
}

// verdict is the line `make testacc` ends with, and whether it passes.
func (s summary) verdict(haveKey bool) (string, bool) {
	ran, skipped, failed, why := s.leaves()
	counts := fmt.Sprintf("testacc: %d ran, %d skipped, %d failed", ran, skipped, failed)
	switch {
	case failed > 0 || len(s.failedPkgs) > 0:
		return counts + "; FAIL", false
	case ran == 0 && haveKey:
		return counts + ". TESTSIGMA_API_KEY is set but every scenario skipped, so nothing was checked against the account; set what the skips ask for:\n  - " + strings.Join(why, "\n  - "), false
	case ran == 0:
		return counts + ". TESTSIGMA_API_KEY is not set, so nothing ran against a real account.", true
	}
	return counts + "; ok", true
}
