package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
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

// TriggerError is a trigger that failed. MayHaveStarted is true when the request may have
// reached the server and no run could be shown to be the one it made: Found lists the runs
// that could be it (none, or several), LookErr why the plan's runs could not be checked.
type TriggerError struct {
	TestPlanID     int64
	MayHaveStarted bool
	Err            error
	Found          []Run
	FoundURLs      []string
	LookErr        error
}

func (e *TriggerError) Error() string {
	if !e.MayHaveStarted {
		return fmt.Sprintf("no run of test plan %d was started: %v", e.TestPlanID, e.Err)
	}
	msg := fmt.Sprintf("a run of test plan %d may have started, but its answer was lost (%v)", e.TestPlanID, e.Err)
	switch {
	case e.LookErr != nil:
		msg += fmt.Sprintf(", and the plan's runs could not be checked (%v)", e.LookErr)
	case len(e.Found) > 1:
		var runs []string
		for i, r := range e.Found {
			runs = append(runs, fmt.Sprintf("%d (%s)", r.ID, e.FoundURLs[i]))
		}
		msg += fmt.Sprintf("; runs %s each match what was asked, so it cannot tell which is this one", strings.Join(runs, ", "))
	default:
		msg += "; none of the plan's runs matches it, even after a second try"
	}
	return msg + ". Check the plan's runs in Testsigma: import the run that is this one (terraform import, by its id) or stop it, before applying again. The provider did not retry, so as not to start a second run"
}

func (e *TriggerError) Unwrap() error { return e.Err }

// interruptGrace is how long a trigger in flight may still take after Ctrl-C: long enough
// to learn the new run's id (so it can be recorded and stopped), short enough that
// Terraform is answered within seconds.
const interruptGrace = 4 * time.Second

// Trigger starts a run: the POST is sent once, and again only when the server provably
// started nothing. An ambiguous answer (see mayHaveStarted) is reconciled: the one run of the
// plan that matches is adopted (Run.Adopted); when none matches, the trigger is sent once
// more; when several match or the runs cannot be read, the error says so. Ctrl-C during the
// request leaves it interruptGrace to finish, so the run it made is not lost.
func (c *Client) Trigger(ctx context.Context, req TriggerRequest) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: &TransportError{Method: http.MethodPost, Path: "/execution_results", Err: err}}
	}
	pctx, cancel := graceful(ctx, interruptGrace)
	defer cancel()
	for attempt := 1; ; attempt++ {
		sentAt := time.Now() // compared with the server's clock, not the engine's
		var run Run
		err := c.do(pctx, call{method: http.MethodPost, path: "/execution_results", body: req, retry: retryUnsent, out: &rawRun{&run}})
		if err == nil {
			if run.TestPlanID == 0 {
				run.TestPlanID = req.TestPlanID // the answer's execution is null (spec 2.1)
			}
			c.claims.add(run.ID)
			return run, nil
		}
		if !mayHaveStarted(err) {
			return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: err}
		}
		found, lookErr := c.reconcile(pctx, req, sentAt)
		switch {
		case lookErr == nil && len(found) == 1:
			c.claims.add(found[0].ID)
			found[0].Adopted = true
			return found[0], nil
		case lookErr == nil && len(found) == 0 && attempt == 1 && ctx.Err() == nil:
			continue // nothing was made after all: the one retry
		}
		te := &TriggerError{TestPlanID: req.TestPlanID, MayHaveStarted: true, Err: err, Found: found, LookErr: lookErr}
		for _, r := range found {
			te.FoundURLs = append(te.FoundURLs, c.RunURL(r.ID))
		}
		return Run{}, te
	}
}

// graceful is ctx without its cancellation, ended grace after ctx ends.
func graceful(ctx context.Context, grace time.Duration) (context.Context, context.CancelFunc) {
	pctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return pctx, func() { stop(); cancel() }
}

// claims are the runs this client triggered or adopted, so that reconciling one resource's
// trigger never adopts the run of another in the same apply.
type claims struct {
	mu  sync.Mutex
	ids map[int64]bool
}

func (c *claims) add(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids == nil {
		c.ids = map[int64]bool{}
	}
	c.ids[id] = true
}

func (c *claims) has(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ids[id]
}

// mayHaveStarted: Testsigma's own refusal (a 4xx, or a 500 with its error DTO) means nothing
// was started. A gateway's 502/503/504 (which a proxy sends after its upstream reset, when
// the run may exist), a 5xx without the DTO, a transport failure after the request was
// written, and an unreadable 2xx are ambiguous.
func mayHaveStarted(err error) bool {
	var tErr *TransportError
	if errors.As(err, &tErr) {
		return tErr.Sent
	}
	var aErr *APIError
	if errors.As(err, &aErr) {
		switch s := aErr.StatusCode; {
		case s == http.StatusBadGateway || s == http.StatusServiceUnavailable || s == http.StatusGatewayTimeout:
			return true
		case s >= 500:
			return aErr.Message == ""
		}
		return false
	}
	var dErr *DecodeError
	return errors.As(err, &dErr)
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

// StopRun stops this run only (canStopAll=false never touches other runs of the same plan).
// A run that is already complete is not an error: there is nothing left to stop.
func (c *Client) StopRun(ctx context.Context, runID int64) error {
	_, err := c.stopRun(ctx, runID)
	return err
}

// stopRun is StopRun, and whether there was anything to stop.
func (c *Client) stopRun(ctx context.Context, runID int64) (bool, error) {
	body := map[string]any{"result": ResultStopped, "canStopAll": false}
	err := c.do(ctx, call{method: http.MethodPut, path: runPath(runID), body: body, retry: retryIdempotent})
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError &&
		strings.Contains(strings.ToLower(apiErr.Message), "no queued executions") {
		return false, nil
	}
	return err == nil, err
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
	return &DecodeError{Method: http.MethodGet, Path: runPath(want.ID), StatusCode: http.StatusOK, Err: errors.New(why), foreign: true}
}

// isForeign: the error is an answer about another run (see checkAnswer).
func isForeign(err error) bool {
	var d *DecodeError
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
