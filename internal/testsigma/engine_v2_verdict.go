package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// wireV2Verdict is what the v2 run object (GET /api/v2/test_runs/{id}) says of a run's end:
// its result and end time. It has no status; an end time with a final result is the end.
type wireV2Verdict struct {
	ID      flexInt        `json:"id"`
	Result  *string        `json:"result"`
	BuildNo optText        `json:"buildNo"`
	EndTime optTime        `json:"endTime"`
	Metrics *wireV2Metrics `json:"metrics"`
}

// v2End reads the v2 object of run runID once: its final result (neither null nor QUEUED)
// and the object, when it shows one.
func (c *Client) v2End(ctx context.Context, runID int64) (string, wireV2Verdict, bool) {
	var w wireV2Verdict
	var derr error
	err := c.do(ctx, call{method: http.MethodGet, path: v2RunPath(runID), retry: retryNever,
		raw: func(_ string, body []byte) { derr = json.Unmarshal(body, &w) }})
	if err != nil || derr != nil || w.ID.Value != runID || w.Result == nil {
		return "", w, false
	}
	result := NormalizeResult(*w.Result)
	return result, w, result != "" && result != ResultQueued
}

// v2Verdict is the run as the v2 object shows it finished, when the v1 object (the source
// of completion) answered but could not be read: a second source of the result and the end,
// so that one unreadable status does not turn a finished run into a timeout. known is what
// was last read of the run (or its trigger answer). Not used for a run whose automatic
// re-run decides (the v2 object shows the run's own result), nor when v2 shows no end or
// no final result: then the v1 read is retried as before.
func (c *Client) v2Verdict(ctx context.Context, v1Err error, known Run) (Run, bool) {
	var de *decodeError
	if !errors.As(v1Err, &de) || known.RerunID != nil {
		return Run{}, false
	}
	result, w, ok := c.v2End(ctx, known.ID)
	if !ok || !w.EndTime.Valid {
		return Run{}, false
	}
	run := known
	run.Status, run.Result, run.Finished, run.Message = StatusCompleted, result, true, ""
	run.FinishedAt, run.Counts = w.EndTime.ptr(), w.Metrics.counts()
	if b := string(w.BuildNo); b != "" {
		run.BuildNumber = b
	}
	return run, true
}

// known is the freshest run the wait has: the last read that worked, else the run as it
// was handed in (the trigger's or re-run's answer).
func (w *waiter) known() Run {
	if w.seen {
		return w.last
	}
	return w.run
}

// v2Result gives a run that v1 shows completed with no result the v2 object's result, the
// second source: a null result is never a pass, but it may only be v1's to lack. A run
// whose automatic re-run decides is left as it is (v2 shows the run's own result).
func (c *Client) v2Result(ctx context.Context, run Run) Run {
	if !run.Finished || run.Result != "" || run.RerunID != nil {
		return run
	}
	if result, _, ok := c.v2End(ctx, run.ID); ok {
		run.Result = result
	}
	return run
}

// ReadRun is GetRun for a front door that judges without waiting (a refresh, a data
// source): when the v1 object answers but cannot be read, or shows no result at the end,
// the v2 object stands in, as in a wait; else GetRun's error.
func (c *Client) ReadRun(ctx context.Context, runID int64) (Run, error) {
	run, err := c.GetRun(ctx, runID)
	if v2, ok := c.v2Verdict(ctx, err, Run{ID: runID}); ok {
		return v2, nil
	}
	if err != nil {
		return run, err
	}
	return c.v2Result(ctx, run), nil
}
