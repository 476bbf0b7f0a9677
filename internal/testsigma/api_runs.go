package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// TriggerRequest starts a run of a test plan. Only TestPlanID is required.
type TriggerRequest struct {
	TestPlanID     int64             `json:"executionId"`
	Config         *ExecutionConfig  `json:"executionConfig,omitempty"`
	EnvironmentID  *int64            `json:"environmentId,omitempty"`
	BuildNumber    string            `json:"buildNo,omitempty"`
	RuntimeData    map[string]string `json:"runtimeData,omitempty"`
	UploadVersions map[string]string `json:"uploadVersions,omitempty"`
}

// ExecutionConfig selects a saved execution config by id or by name (one of them).
type ExecutionConfig struct {
	ID   *int64 `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

// mayHaveStarted: Testsigma's own refusal (a 4xx, or a 500 in its error shape, recognised by
// its own keys: isErrorDTO) means nothing was started. A gateway's 502/503/504 (which a
// proxy sends after its upstream reset, when the run may exist), a 5xx in any other shape (a
// gateway's {"message": ...} or Spring's default {timestamp, status, error, path} proves
// nothing), a transport failure after the request was written, and an unreadable 2xx are
// ambiguous.
func mayHaveStarted(err error) bool {
	var tErr *transportError
	if errors.As(err, &tErr) {
		return tErr.Sent
	}
	var aErr *APIError
	if errors.As(err, &aErr) {
		switch s := aErr.StatusCode; {
		case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
			return true
		case s >= 500:
			return !aErr.DTO
		}
		return false
	}
	var dErr *decodeError
	return errors.As(err, &dErr)
}

// refusedLate: a 500 in Testsigma's own shape may still follow a run that was made and then
// stopped (OSS AgentExecutionService.start, spec 8.1 rule 4), so the plan's runs are looked
// at once before saying none was started.
func refusedLate(err error) bool {
	var aErr *APIError
	return errors.As(err, &aErr) && aErr.StatusCode >= 500 && aErr.DTO
}

// postRun sends the trigger (again only when it was provably not sent) and reads the run
// the answer names. What an error means for whether a run exists is mayHaveStarted's.
func (c *Client) postRun(ctx context.Context, req TriggerRequest) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodPost, path: "/execution_results", body: req, retry: retryUnsent, out: &rawRun{&run}})
	if err != nil {
		return Run{}, err
	}
	if run.TestPlanID == 0 {
		run.TestPlanID = req.TestPlanID // the answer's execution is null (spec 2.1)
	}
	return run, nil
}

// GetRun reads a run; an answer about another run is an error.
func (c *Client) GetRun(ctx context.Context, runID int64) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryIdempotent, out: &rawRun{&run}})
	if err == nil {
		err = checkAnswer(run, Run{ID: runID})
	}
	if err != nil {
		return Run{}, err
	}
	return run, nil
}

// getRunOnce reads a run without retrying; the wait engine has its own schedule for that.
func (c *Client) getRunOnce(ctx context.Context, runID int64) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryNever, out: &rawRun{&run}})
	return run, err
}

// stopRun sends the stop of one run (canStopAll=false never touches other runs of the same
// plan), once: a stop is not idempotent (the open-source stop ends the plan's oldest going
// run whatever id the path names), so it is sent again only when it provably never left.
// nothing is true for "No Queued executions" (nothing left to stop, the answer for a run
// already complete). Only Release sends it: a stop without the reads around it could stop
// another run (see Release).
func (c *Client) stopRun(ctx context.Context, runID int64) (nothing bool, err error) {
	body := map[string]any{"result": ResultStopped, "canStopAll": false}
	err = c.do(ctx, call{method: http.MethodPut, path: runPath(runID), body: body, retry: retryUnsent})
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError &&
		strings.Contains(strings.ToLower(apiErr.Message), "no queued executions") {
		return true, nil
	}
	return false, err
}

// checkAnswer: a status answer about another run, or another plan, is malformed; it is
// never taken for ours.
func checkAnswer(got, want Run) error {
	var why string
	switch {
	case got.ID != want.ID:
		why = fmt.Sprintf("the answer is about run %d, not run %d", got.ID, want.ID)
	case got.TestPlanID != 0 && want.TestPlanID != 0 && got.TestPlanID != want.TestPlanID:
		why = fmt.Sprintf("the answer says run %d belongs to test plan %d, not %d", got.ID, got.TestPlanID, want.TestPlanID)
	default:
		return nil
	}
	return &decodeError{Method: http.MethodGet, Path: runPath(want.ID), StatusCode: http.StatusOK, Err: errors.New(why), foreign: true}
}

// isForeign: the error is an answer about another run (see checkAnswer).
func isForeign(err error) bool {
	var d *decodeError
	return errors.As(err, &d) && d.foreign
}

func runPath(runID int64) string { return "/execution_results/" + itoa(runID) }

// rawRun lets do() decode straight into a Run through the tolerant wire type.
type rawRun struct{ run *Run }

func (r *rawRun) UnmarshalJSON(b []byte) error {
	run, err := decodeRun(b)
	if err != nil {
		return err
	}
	*r.run = run
	return nil
}

var _ json.Unmarshaler = (*rawRun)(nil)
