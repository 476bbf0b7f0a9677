package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
)

// MaxReasonRequests bounds what finding out why tests failed may cost: at most this many
// step-result reads per failed run (on top of the one read of its test cases), none for a
// run that passed.
const MaxReasonRequests = 10

// Step results live under /api/v1/test_runs in one revision of the docs and /api/v2 in
// another (spec 7.4); the client tries one, falls back to the other on 404, and remembers
// which answered.
var stepPrefixes = [2]string{"/api/v1/test_runs/", "/api/v2/test_runs/"}

type wireStep struct {
	Action  flexString `json:"action"`
	Message flexString `json:"message"`
	Result  flexString `json:"result"`
}

// stepPath remembers which of stepPrefixes answered: 0 = unknown or v1, 1 = v2.
type stepPath struct{ v2 atomic.Bool }

// failedStep is the first step of a test-case result that did not succeed: its text and
// Testsigma's message. calls counts the requests made.
func (c *Client) failedStep(ctx context.Context, runID, caseResultID int64, budget int) (action, message string, calls int, err error) {
	first := 0
	if c.steps.v2.Load() {
		first = 1
	}
	for i := range 2 {
		if calls >= budget {
			break
		}
		which := (first + i) % 2
		var steps wireList[wireStep]
		calls++
		path := fmt.Sprintf("%s%d/test_case_results/%d/step_results", stepPrefixes[which], runID, caseResultID)
		err = c.do(ctx, call{method: http.MethodGet, path: path, retry: retryIdempotent, out: &steps})
		if IsNotFound(err) {
			continue
		}
		if err != nil {
			return "", "", calls, err
		}
		c.steps.v2.Store(which == 1)
		for _, s := range steps.Items {
			if r := NormalizeResult(string(s.Result)); r != ResultSuccess {
				return strings.TrimSpace(string(s.Action)), strings.TrimSpace(string(s.Message)), calls, nil
			}
		}
		return "", "", calls, nil
	}
	return "", "", calls, err
}

// explain fills in why each failed case failed, within MaxReasonRequests. It is best effort:
// the first error ends it, and is returned for a warning; the verdict never depends on it.
func (c *Client) explain(ctx context.Context, runID int64, failed []FailedCase) error {
	budget := MaxReasonRequests
	for i := range failed {
		if failed[i].ResultID <= 0 || budget <= 0 {
			continue
		}
		step, msg, calls, err := c.failedStep(ctx, runID, failed[i].ResultID, budget)
		budget -= calls
		if err != nil {
			return err
		}
		failed[i].Step, failed[i].Message = step, msg
	}
	return nil
}
