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

// TriggerError is a trigger that failed. MayHaveStarted is true when the request reached the
// server and the answer was lost, so a run may exist that nobody knows the id of.
type TriggerError struct {
	TestPlanID     int64
	MayHaveStarted bool
	Err            error
}

func (e *TriggerError) Error() string {
	if e.MayHaveStarted {
		return fmt.Sprintf("a run of test plan %d may have started, but its answer was lost (%v); check the plan's runs in Testsigma before applying again, the provider did not retry so as not to start a second run", e.TestPlanID, e.Err)
	}
	return fmt.Sprintf("no run of test plan %d was started: %v", e.TestPlanID, e.Err)
}

func (e *TriggerError) Unwrap() error { return e.Err }

// Trigger sends the POST once. It is retried only when the server provably started nothing.
func (c *Client) Trigger(ctx context.Context, req TriggerRequest) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodPost, path: "/execution_results", body: req, retry: retryUnsent, out: &rawRun{&run}})
	if err == nil {
		if run.TestPlanID == 0 {
			run.TestPlanID = req.TestPlanID // the answer's execution is null (spec 2.1)
		}
		return run, nil
	}
	return Run{}, &TriggerError{TestPlanID: req.TestPlanID, MayHaveStarted: mayHaveStarted(err), Err: err}
}

// mayHaveStarted: an HTTP answer tells (a 4xx/5xx error DTO means nothing was started); a
// transport failure after the request was written, or an unreadable 2xx, is ambiguous.
func mayHaveStarted(err error) bool {
	var tErr *TransportError
	if errors.As(err, &tErr) {
		return tErr.Sent
	}
	var dErr *DecodeError
	return errors.As(err, &dErr)
}

// GetRun reads a run.
func (c *Client) GetRun(ctx context.Context, runID int64) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryIdempotent, out: &rawRun{&run}})
	return run, err
}

// getRunOnce reads a run without retrying; the wait engine has its own schedule for that.
func (c *Client) getRunOnce(ctx context.Context, runID int64) (Run, error) {
	var run Run
	err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryNever, out: &rawRun{&run}})
	return run, err
}

// StopRun stops this run only (canStopAll=false never touches other runs of the same plan).
// A run that is already complete is not an error: there is nothing left to stop.
func (c *Client) StopRun(ctx context.Context, runID int64) error {
	body := map[string]any{"result": ResultStopped, "canStopAll": false}
	err := c.do(ctx, call{method: http.MethodPut, path: runPath(runID), body: body, retry: retryIdempotent})
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError &&
		strings.Contains(strings.ToLower(apiErr.Message), "no queued executions") {
		return nil
	}
	return err
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
