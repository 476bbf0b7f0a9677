// Command testaccgate runs behind `make testacc`: it reads `go test -json` on stdin, prints
// the tests' own output as `go test -v` would, and fails when the acceptance run proved
// nothing. With TESTSIGMA_API_KEY set, a run in which every TestAcc scenario skipped
// (because a TESTSIGMA_* variable is missing) is a misconfigured job, not a green one: it
// exits 1 and lists what the skips asked for. Without the key, skipping everything is the
// expected answer, and it exits 0.
package main

import (
	"fmt"
	"os"
)

func main() {
	sum, err := tally(os.Stdin, os.Stdout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "testaccgate: %v\n", err)
		os.Exit(1)
	}
	msg, ok := sum.verdict(os.Getenv("TESTSIGMA_API_KEY") != "")
	fmt.Fprintln(os.Stderr, msg)
	if !ok {
		os.Exit(1)
	}
}
