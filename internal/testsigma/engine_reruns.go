package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"
)

// MaxReruns bounds Policy.Reruns: a test that fails six times in a row is not flaky.
const MaxReruns = 5

// rerunRequest is a manual re-run (spec 7.1): only the picked test-case results of the
// attempt that failed, as a new run, against the target the run was started with.
type rerunRequest struct {
	TestPlanID     int64             `json:"executionId"`
	ParentID       int64             `json:"executionResultId"`
	IsReRun        bool              `json:"isReRun"`
	Type           string            `json:"reRunType"`
	Cases          []rerunCasePick   `json:"testCaseResultRequests"`
	EnvironmentID  *int64            `json:"environmentId,omitempty"`
	BuildNumber    string            `json:"buildNo,omitempty"`
	UploadVersions map[string]string `json:"uploadVersions,omitempty"`
}

// rerunCasePick names a failed case; a data-driven one re-runs its failed iterations, as
// the docs' payload for iterations says (what {id} alone does to them is undocumented).
type rerunCasePick struct {
	ID            int64  `json:"id"`
	IterationType string `json:"iterationReRunType,omitempty"`
}

// Target is what a run was started against. Every re-run of it names it again (rule
// 8.1.7): the docs promise only that runtime data carries into a re-run, and the
// open-source server takes a re-run's environment from the plan, so a re-run that did not
// say would test another target.
type Target struct {
	EnvironmentID  *int64
	BuildNumber    string
	UploadVersions map[string]string
}

// Target is the part of the trigger that every re-run sends again.
func (r TriggerRequest) Target() Target {
	return Target{EnvironmentID: r.EnvironmentID, BuildNumber: r.BuildNumber, UploadVersions: r.UploadVersions}
}

// rerun starts a re-run of the failed cases of attempt, under the trigger's never-twice rule:
// it is retried only when the server provably started nothing, and an answer lost after it
// may have started one is looked for down the attempt's chain (lostRerun).
func (c *Client) rerun(ctx context.Context, attempt Run, failed []TestCase, target Target) (Run, error) {
	if target.BuildNumber == "" && IsGeneratedBuildNumber(attempt.BuildNumber) {
		target.BuildNumber = attempt.BuildNumber // the trigger's marker (markTrigger), kept
	}
	req := rerunRequest{TestPlanID: attempt.TestPlanID, ParentID: attempt.ID, IsReRun: true, Type: "USER_PICKED",
		EnvironmentID: target.EnvironmentID, BuildNumber: target.BuildNumber, UploadVersions: target.UploadVersions}
	for _, tc := range failed {
		pick := rerunCasePick{ID: tc.ResultID}
		if tc.DataDriven {
			pick.IterationType = "FAILED"
		}
		req.Cases = append(req.Cases, pick)
	}
	// The chain as it is right before the POST: a re-run the POST makes has a greater id
	// than any run in it (run ids grow, rule 8.1.2), whoever re-ran the attempt meanwhile.
	watermark := attempt.ID
	if below, err := c.chainBelow(ctx, attempt.ID); err == nil && len(below) > 0 {
		watermark = max(watermark, slices.Max(below))
	}
	sentAt := time.Now().UTC() // for the user, against the times Testsigma shows
	var run Run
	err := c.do(ctx, call{method: http.MethodPost, path: "/execution_results", body: req, retry: retryUnsent, out: &rawRun{&run}})
	if err != nil && mayHaveStarted(err) {
		if found, ok := c.lostRerun(ctx, attempt, watermark); ok {
			run, err = found, nil
			run.Adopted = true
		}
	}
	if err != nil {
		return Run{}, &rerunError{ParentID: attempt.ID, TestPlanID: attempt.TestPlanID, MayHaveStarted: mayHaveStarted(err), Err: err, SentAt: sentAt, URL: c.RunURL(attempt.ID)}
	}
	c.claims.add(run.ID)
	if run.TestPlanID == 0 {
		run.TestPlanID = attempt.TestPlanID
	}
	return run, nil
}

// rerunError is a re-run that could not be started. MayHaveStarted as for TriggerError:
// then the message says what to look for in Testsigma, since no re-run could be shown to
// be the one the lost answer was about.
type rerunError struct {
	ParentID, TestPlanID int64
	MayHaveStarted       bool
	Err                  error
	SentAt               time.Time // when the re-run was asked for
	URL                  string    // the parent's page
}

func (e *rerunError) Error() string {
	if e.MayHaveStarted {
		return fmt.Sprintf("a re-run of the failed tests of run %d may have started, but its answer was lost (%v), and no re-run of it could be shown to be that one. "+
			"Look in Testsigma among the runs of test plan %d for a re-run of run %d started after %s (run %d: %s), and stop it if it should not go on; "+
			"the provider did not retry, so as not to start a second one",
			e.ParentID, e.Err, e.TestPlanID, e.ParentID, e.SentAt.Format(time.RFC3339), e.ParentID, e.URL)
	}
	return fmt.Sprintf("re-running the failed tests of run %d failed, no re-run was started: %v", e.ParentID, e.Err)
}

func (e *rerunError) Unwrap() error { return e.Err }

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

// maxChain bounds how far a chain of re-runs is followed.
const maxChain = 16

// chainBelow are the runs below runID in its chain of re-runs (childResult, nested), first
// to last, as runID's own object shows them.
func (c *Client) chainBelow(ctx context.Context, runID int64) ([]int64, error) {
	var w wireRun
	if err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryIdempotent, out: &w}); err != nil {
		return nil, err
	}
	var below []int64
	for r := w.ChildResult; r != nil && r.ID.Valid && len(below) < maxChain; r = r.ChildResult {
		below = append(below, r.ID.Value)
	}
	return below, nil
}

// lostRerun is the re-run a POST whose answer was lost made, when it can be shown.
// Testsigma may link a re-run to the last run of the chain rather than to the run named
// (the docs' sample asks 467 and answers reRunParentId 469), so the named run's chain is
// followed to its end. Of the runs there newer than the watermark (the chain's newest run
// before the POST), the newest that nobody in this process owns is adopted once its own
// object confirms it: a re-run of a run of this chain, of this plan.
func (c *Client) lostRerun(ctx context.Context, attempt Run, watermark int64) (Run, bool) {
	below, err := c.chainBelow(ctx, attempt.ID)
	if err != nil {
		return Run{}, false
	}
	chain := map[int64]bool{attempt.ID: true}
	for _, id := range below {
		chain[id] = true
	}
	for i := len(below) - 1; i >= 0; i-- {
		if below[i] <= watermark || c.claims.has(below[i]) {
			continue
		}
		run, err := c.GetRun(ctx, below[i])
		if err == nil && run.RerunOf != nil && chain[*run.RerunOf] && (run.TestPlanID == 0 || run.TestPlanID == attempt.TestPlanID) {
			return run, true
		}
	}
	return Run{}, false
}
