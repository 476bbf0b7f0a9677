package testsigma

import (
	"context"
	"fmt"
	"net/http"
)

// MaxReruns bounds Policy.Reruns: a test that fails six times in a row is not flaky.
const MaxReruns = 5

// rerunRequest is a manual re-run (spec 7.1): only the picked test-case results of the
// attempt that failed, as a new run.
type rerunRequest struct {
	TestPlanID int64           `json:"executionId"`
	ParentID   int64           `json:"executionResultId"`
	IsReRun    bool            `json:"isReRun"`
	Type       string          `json:"reRunType"`
	Cases      []rerunCasePick `json:"testCaseResultRequests"`
}

type rerunCasePick struct {
	ID int64 `json:"id"`
}

// rerun starts a re-run of the failed cases of attempt, under the trigger's never-twice rule:
// it is retried only when the server provably started nothing.
func (c *Client) rerun(ctx context.Context, attempt Run, failed []TestCase) (Run, error) {
	req := rerunRequest{TestPlanID: attempt.TestPlanID, ParentID: attempt.ID, IsReRun: true, Type: "USER_PICKED"}
	for _, tc := range failed {
		req.Cases = append(req.Cases, rerunCasePick{ID: tc.ResultID})
	}
	var run Run
	err := c.do(ctx, call{method: http.MethodPost, path: "/execution_results", body: req, retry: retryUnsent, out: &rawRun{&run}})
	if err != nil && mayHaveStarted(err) {
		// The parent names its re-run (childResult): the one made, if any, is adopted.
		if child, ok := c.rerunOf(ctx, attempt.ID); ok {
			run, err = child, nil
			run.Adopted = true
		}
	}
	if err != nil {
		return Run{}, &RerunError{ParentID: attempt.ID, MayHaveStarted: mayHaveStarted(err), Err: err}
	}
	c.claims.add(run.ID)
	if run.TestPlanID == 0 {
		run.TestPlanID = attempt.TestPlanID
	}
	return run, nil
}

// RerunError is a re-run that could not be started. MayHaveStarted as for TriggerError.
type RerunError struct {
	ParentID       int64
	MayHaveStarted bool
	Err            error
}

func (e *RerunError) Error() string {
	if e.MayHaveStarted {
		return fmt.Sprintf("a re-run of the failed tests of run %d may have started, but its answer was lost (%v); the provider did not retry, so as not to start a second one", e.ParentID, e.Err)
	}
	return fmt.Sprintf("re-running the failed tests of run %d failed, no re-run was started: %v", e.ParentID, e.Err)
}

func (e *RerunError) Unwrap() error { return e.Err }

// rerunnable are the failed cases a re-run can pick: those with a result id to name them.
func rerunnable(cases []TestCase) []TestCase {
	var out []TestCase
	for _, tc := range cases {
		if tc.Result != ResultSuccess && tc.ResultID > 0 {
			out = append(out, tc)
		}
	}
	return out
}

// rerunOf is the re-run the parent names as its child, when there is one nobody in this
// process owns yet.
func (c *Client) rerunOf(ctx context.Context, parentID int64) (Run, bool) {
	var parent struct {
		Child *struct {
			ID flexInt `json:"id"`
		} `json:"childResult"`
	}
	if err := c.do(ctx, call{method: http.MethodGet, path: runPath(parentID), retry: retryIdempotent, out: &parent}); err != nil {
		return Run{}, false
	}
	if parent.Child == nil || !parent.Child.ID.Valid || c.claims.has(parent.Child.ID.Value) {
		return Run{}, false
	}
	child, err := c.GetRun(ctx, parent.Child.ID.Value)
	return child, err == nil
}
