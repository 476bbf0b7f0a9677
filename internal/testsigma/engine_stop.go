package testsigma

import (
	"context"
	"errors"
	"fmt"
)

// Release is the one way the engine stops a run it started: at a wait's end (timeout,
// Ctrl-C) and when a resource is destroyed or replaced. The documented stop URL names no
// run, and the open-source server stops the plan's current run whatever id the path names
// (spec 2.3, rule 8.1.5), so a stop is sent only to a run read as going right before it,
// and THIS run is read again after it: stopped is true only when it then reads
// STATUS_COMPLETED with STOPPED. A run that reads finished needs nothing and gets no stop.
// The run returned is the last read of it (zero when none could be made). When Testsigma
// took the stop but this run still goes, the error is a *StopMissedError: another run of
// the plan may have been stopped instead, and the stop is not sent again.
func (c *Client) Release(ctx context.Context, run Run) (Run, bool, error) {
	return c.release(ctx, run, nil)
}

// release is Release for a caller that read the run itself: when the fresh read before the
// stop fails, known (the last read, if any) says whether the run was going.
func (c *Client) release(ctx context.Context, run Run, known *Run) (Run, bool, error) {
	cur, err := c.GetRun(ctx, run.ID)
	switch {
	case err == nil:
	case known == nil || IsNotFound(err):
		return Run{}, false, fmt.Errorf("run %d could not be read to check that it was still going, so it was not stopped: %w", run.ID, err)
	default:
		cur = *known // the freshest read there is: the reads are failing, not the run
	}
	if cur.Finished {
		return cur, false, nil
	}
	// An automatic re-run going is the attempt that runs: it is the one to stop.
	stopErr := c.stopRun(ctx, decidingRun(cur).ID)
	after, err := c.GetRun(ctx, run.ID)
	switch {
	case err != nil && stopErr != nil:
		return cur, false, stopErr
	case err != nil:
		return cur, false, fmt.Errorf("the stop of run %d was taken, but the run could not be read back to confirm that it stopped: %w", run.ID, err)
	case after.Finished && after.Result == ResultStopped:
		return after, true, nil // also when the stop's answer was lost or said "nothing to stop"
	case after.Finished:
		return after, false, nil // it finished by itself before the stop took effect
	case stopErr != nil:
		return after, false, stopErr
	}
	planID := after.TestPlanID
	if planID == 0 {
		planID = run.TestPlanID
	}
	return after, false, &StopMissedError{RunID: run.ID, TestPlanID: planID, Status: after.Status, URL: c.RunURL(run.ID)}
}

// StopMissedError: Testsigma took a stop for this run, yet the run still reads as going.
// The stop URL names no run, so another run of the same plan may have been stopped instead.
type StopMissedError struct {
	RunID, TestPlanID int64
	Status            string // what the run read after the stop
	URL               string
}

func (e *StopMissedError) Error() string {
	return fmt.Sprintf("Testsigma may have stopped another run of test plan %d: run %d is still going (%s) after Testsigma took the stop. "+
		"Testsigma's stop request does not name the run for certain, so check the plan's other runs in Testsigma, and stop run %d there (%s) if it should not go on; "+
		"the provider did not send the stop again, so as not to stop yet another run", e.TestPlanID, e.RunID, e.Status, e.RunID, e.URL)
}

// IsStopMissed reports a stop that Testsigma took while this run went on (StopMissedError).
func IsStopMissed(err error) bool {
	var sm *StopMissedError
	return errors.As(err, &sm)
}
