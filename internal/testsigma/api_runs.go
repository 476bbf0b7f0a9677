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
// that could be it, LookErr why the plan's runs could not be checked. SentAt, BuildNumber and
// Above (the plan's newest run id before the trigger; 0 when unknown) say what to look for.
type TriggerError struct {
	TestPlanID     int64
	MayHaveStarted bool
	Err            error
	Found          []Run
	FoundURLs      []string
	LookErr        error
	SentAt         time.Time
	BuildNumber    string
	Above          int64
}

func (e *TriggerError) Error() string {
	if !e.MayHaveStarted {
		return fmt.Sprintf("no run of test plan %d was started: %v", e.TestPlanID, e.Err)
	}
	msg := fmt.Sprintf("a run of test plan %d may have started, but its answer was lost (%v)", e.TestPlanID, e.Err)
	var runs []string
	for i, r := range e.Found {
		runs = append(runs, fmt.Sprintf("%d (%s)", r.ID, e.FoundURLs[i]))
	}
	switch {
	case e.LookErr != nil:
		msg += fmt.Sprintf(", and the plan's runs could not be checked (%v)", e.LookErr)
	case len(runs) == 1:
		msg += fmt.Sprintf("; run %s could be it, but what Testsigma shows of it cannot prove it (or another trigger of the same plan was still in flight)", runs[0])
	case len(runs) > 1:
		msg += fmt.Sprintf("; runs %s could each be it, so it cannot tell which one this is", strings.Join(runs, ", "))
	default:
		msg += "; none of the plan's runs matches it, even after a second try"
	}
	return msg + ". " + e.lookFor() + " The provider did not retry, so as not to start a second run"
}

// lookFor tells the user how to find the run that may exist.
func (e *TriggerError) lookFor() string {
	what := fmt.Sprintf("a run of test plan %d", e.TestPlanID)
	if e.BuildNumber != "" {
		what += fmt.Sprintf(" with build number %q", e.BuildNumber)
	}
	if !e.SentAt.IsZero() {
		what += " started at or after " + e.SentAt.UTC().Add(-time.Minute).Format(time.RFC3339)
	}
	if e.Above > 0 {
		what += fmt.Sprintf(" (run id above %d)", e.Above)
	}
	return "Look in Testsigma for " + what + ": import the run that is this one (terraform import, by its id) or stop it, before applying again."
}

func (e *TriggerError) Unwrap() error { return e.Err }

// triggerGrace is how long a trigger in flight may still take after Ctrl-C: the answer
// names the new run, which can then be recorded and stopped; without it the run would be
// orphaned. Terraform waits for the provider after one Ctrl-C.
const triggerGrace = 20 * time.Second

// interruptGrace is how long reading a finished run's verdict may still take after Ctrl-C
// or the deadline, so the verdict is reported whole and Terraform is answered within seconds.
const interruptGrace = 4 * time.Second

// Trigger starts a run: the POST is sent once, and again only when the server provably
// started nothing. Before it the plan's newest run id is read (the watermark). An ambiguous
// answer (see mayHaveStarted), and a 500 in Testsigma's own error shape, are reconciled: the
// one run of the plan newer than the watermark that is confirmed to be this one is adopted
// (Run.Adopted). When complete reads over lookWindow show no run that could be it, the
// trigger is sent once more; otherwise the error says what was found and what to look for.
func (c *Client) Trigger(ctx context.Context, req TriggerRequest) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: &TransportError{Method: http.MethodPost, Path: "/execution_results", Err: err}}
	}
	self := c.inflight.begin(req)
	defer c.inflight.end(self)
	mark := c.watermarkOf(ctx, req.TestPlanID)
	pctx, cancel := graceful(ctx, triggerGrace)
	defer cancel()
	firstSent := time.Now()
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
		refused := !mayHaveStarted(err)
		if refused && !refusedLate(err) {
			return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: err}
		}
		c.inflight.setAmbiguous(self, true)
		s := c.reconcile(ctx, look{req: req, mark: mark, sentAt: sentAt, self: self}, refused)
		switch cands := s.candidates(); {
		case len(s.ours) == 1 && len(s.maybe) == 0:
			c.claims.add(s.ours[0].ID)
			s.ours[0].Adopted = true
			return s.ours[0], nil
		case refused && len(cands) == 0:
			return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: err}
		case s.err == nil && s.complete && len(cands) == 0 && attempt == 1 && ctx.Err() == nil:
			c.inflight.setAmbiguous(self, false)
			continue // complete reads over the whole look show nothing was made: the one retry
		}
		te := &TriggerError{TestPlanID: req.TestPlanID, MayHaveStarted: true, Err: err, Found: s.candidates(),
			LookErr: s.lookError(), SentAt: firstSent, BuildNumber: req.BuildNumber, Above: mark.id}
		for _, r := range te.Found {
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

// mayHaveStarted: Testsigma's own refusal (a 4xx, or a 500 in its error shape, with `error`)
// means nothing was started. A gateway's 502/503/504 (which a proxy sends after its upstream
// reset, when the run may exist), a 5xx in any other shape (a gateway's {"message": ...}
// proves nothing, spec 8.1 rule 4), a transport failure after the request was written, and
// an unreadable 2xx are ambiguous.
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
			return !aErr.DTO
		}
		return false
	}
	var dErr *DecodeError
	return errors.As(err, &dErr)
}

// refusedLate: a 500 in Testsigma's own shape may still follow a run that was made and then
// stopped (OSS AgentExecutionService.start, spec 8.1 rule 4), so the plan's runs are looked
// at once before saying none was started.
func refusedLate(err error) bool {
	var aErr *APIError
	return errors.As(err, &aErr) && aErr.StatusCode >= 500 && aErr.DTO
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
	return c.stopRun(ctx, runID)
}

// stopRun sends the stop of one run (canStopAll=false). "No Queued executions" (nothing
// left to stop) is not an error: Release reads the run after it either way.
func (c *Client) stopRun(ctx context.Context, runID int64) error {
	body := map[string]any{"result": ResultStopped, "canStopAll": false}
	err := c.do(ctx, call{method: http.MethodPut, path: runPath(runID), body: body, retry: retryIdempotent})
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusInternalServerError &&
		strings.Contains(strings.ToLower(apiErr.Message), "no queued executions") {
		return nil
	}
	return err
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
