package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
)

// maxReasonRequests bounds what finding out why tests failed may cost: at most this many
// step-result reads per failed run (on top of the one read of its test cases), none for a
// run that passed.
const maxReasonRequests = 10

// Step results moved in the docs from /api/v3 to /api/v1 and then to /api/v2, the current
// one (spec 7.4): the client tries them newest first, falls back to the next on 404, and
// remembers which answered.
var stepPrefixes = [...]string{"/api/v2/test_runs/", "/api/v1/test_runs/", "/api/v3/test_runs/"}

type wireStep struct {
	Action  flexString `json:"action"`
	Message flexString `json:"message"`
	Result  flexString `json:"result"`
}

// stepPath remembers which of stepPrefixes answered last (an index; 0 until one has).
type stepPath struct{ answered atomic.Int32 }

// failedStep is the first step of a test-case result that did not succeed: its text and
// Testsigma's message. calls counts the requests made.
func (c *Client) failedStep(ctx context.Context, runID, caseResultID int64, budget int) (action, message string, calls int, err error) {
	first := int(c.steps.answered.Load())
	for i := range len(stepPrefixes) {
		if calls >= budget {
			break
		}
		which := (first + i) % len(stepPrefixes)
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
		c.steps.answered.Store(int32(which))
		for _, s := range steps.Items {
			if r := NormalizeResult(string(s.Result)); r != ResultSuccess {
				return safeText(string(s.Action), maxMessageChars), safeText(string(s.Message), maxMessageChars), calls, nil
			}
		}
		return "", "", calls, nil
	}
	return "", "", calls, err
}

// explain fills in why each failed case failed, within maxReasonRequests. It is best effort:
// the first error ends it, and is returned for a warning; the verdict never depends on it.
func (c *Client) explain(ctx context.Context, runID int64, failed []FailedCase) error {
	budget := maxReasonRequests
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
