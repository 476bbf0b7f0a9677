package testsigma

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// Release is the one way the engine stops a run it started: at a wait's end (timeout,
// Ctrl-C) and when a resource is destroyed or replaced. The documented stop URL names no
// run, and the open-source server stops the plan's oldest going run whatever id the path
// names (spec 2.3, rule 8.1.5). So a stop is sent only when a fresh read shows this run
// going by its own status, and the plan's runs listing shows no other run of the plan
// going (then the run the stop ends can only be this one); else it is withheld, with a
// *StopWithheldError. The stop is sent once, and THIS run is read again after it: stopped
// is true only when it then reads STATUS_COMPLETED with STOPPED. A run that reads finished
// needs nothing and gets no stop. The run returned is the last read of it (zero when none
// could be made). When a stop may have been taken but this run did not stop by it, the
// error is a *StopMissedError: another run of the plan may have been stopped instead.
func (c *Client) Release(ctx context.Context, run Run) (Run, bool, error) {
	// Only a read made now decides: an older one (a wait's last poll, the trigger's answer)
	// may show going a run that has since ended, and a stop then ends another run.
	cur, err := c.GetRun(ctx, run.ID)
	if err != nil {
		return Run{}, false, fmt.Errorf("run %d could not be read to check that it was still going, so it was not stopped: %w", run.ID, err)
	}
	if cur.Finished {
		return cur, false, nil
	}
	// An automatic re-run going is the attempt that runs: it is the one to stop.
	target := decidingRun(cur)
	if err := c.stoppable(ctx, run, cur, target); err != nil {
		return cur, false, err
	}
	nothing, stopErr := c.stopRun(ctx, target.ID)
	return c.afterStop(ctx, run, cur, nothing, stopErr)
}

// stoppable is nil when a stop of target now can end only target, else why it could end
// another run (a *StopWithheldError).
func (c *Client) stoppable(ctx context.Context, run, cur, target Run) error {
	planID := runPlan(cur, run)
	withheld := func(why string) error {
		return &StopWithheldError{RunID: run.ID, TestPlanID: planID, Why: why, URL: c.RunURL(run.ID)}
	}
	if planID == 0 {
		return withheld("its test plan is not known, so the plan's other runs could not be checked")
	}
	runs, complete, err := c.planRuns(ctx, planID, 0)
	switch {
	case err != nil:
		return withheld("the runs of test plan " + itoa(planID) + " could not be listed to check that no other run of it is going (" + err.Error() + ")")
	case !complete:
		return withheld("the runs of test plan " + itoa(planID) + " could not all be listed, so another run of it may be going")
	}
	listed, others := false, []string(nil)
	for _, r := range runs {
		switch {
		case r.ID == target.ID:
			listed = true
		case r.ID != cur.ID && r.FinishedAt == nil:
			others = append(others, itoa(r.ID))
		}
	}
	if len(others) > 0 {
		return withheld("other runs of test plan " + itoa(planID) + " are going (" + strings.Join(others, ", ") + "), and a stop may end one of them instead")
	}
	if !listed {
		return withheld("the runs listing of test plan " + itoa(planID) + " does not show run " + itoa(target.ID) + " yet, so it cannot show that no other run of the plan is going")
	}
	return nil
}

// afterStop reads this run back after the stop (sent once), and says what the stop did:
// stopped only when the run reads STOPPED. A stop refused for certain, or that found
// nothing to stop, ended no run; any other stop may have ended one, so a run that did not
// stop by it means another run may have been stopped instead.
func (c *Client) afterStop(ctx context.Context, run, cur Run, nothing bool, stopErr error) (Run, bool, error) {
	refused := stopErr != nil && !mayHaveStarted(stopErr)
	after, err := c.GetRun(ctx, run.ID)
	switch {
	case err != nil && refused:
		return cur, false, stopErr
	case err != nil:
		return cur, false, fmt.Errorf("the stop of run %d may have been taken, but the run could not be read back to confirm that it stopped (%w); if it still goes, Testsigma may have stopped another run of test plan %d instead: check the plan's runs in Testsigma (%s)",
			run.ID, err, runPlan(cur, run), c.RunURL(run.ID))
	case after.Finished && after.Result == ResultStopped:
		return after, true, nil // also when the stop's answer was lost or said "nothing to stop"
	case after.Finished && (refused || nothing):
		return after, false, nil // it finished by itself, and the stop ended nothing
	case refused:
		return after, false, stopErr
	}
	return after, false, &StopMissedError{RunID: run.ID, TestPlanID: runPlan(after, run), Status: after.Status, Finished: after.Finished, URL: c.RunURL(run.ID)}
}

func runPlan(read, run Run) int64 {
	if read.TestPlanID != 0 {
		return read.TestPlanID
	}
	return run.TestPlanID
}

// StopWithheldError: the run was going, but a stop was not sent, because it could not be
// shown that the stop would end this run and no other.
type StopWithheldError struct {
	RunID, TestPlanID int64
	Why               string
	URL               string
}

func (e *StopWithheldError) Error() string {
	return fmt.Sprintf("the provider did not stop run %d: %s. Testsigma's stop request may end the plan's oldest going run whatever run it names, "+
		"so the provider stops a run only when it is provably the one a stop will end. Check run %d in Testsigma and stop it there if it should not go on: %s",
		e.RunID, e.Why, e.RunID, e.URL)
}

// IsStopWithheld reports a stop the provider chose not to send (StopWithheldError).
func IsStopWithheld(err error) bool {
	var sw *StopWithheldError
	return errors.As(err, &sw)
}

// StopMissedError: Testsigma took (or may have taken) a stop for this run, yet the run did
// not stop by it. The stop URL names no run, so another run of the same plan may have been
// stopped instead.
type StopMissedError struct {
	RunID, TestPlanID int64
	Status            string // what the run read after the stop
	Finished          bool   // it completed by itself, not by the stop
	URL               string
}

func (e *StopMissedError) Error() string {
	state := fmt.Sprintf("is still going (%s)", e.Status)
	if e.Finished {
		state = "completed by itself, not by the stop,"
	}
	return fmt.Sprintf("Testsigma may have stopped another run of test plan %d: run %d %s after the stop was sent. "+
		"Testsigma's stop request does not name the run for certain, so check the plan's other runs in Testsigma, and stop run %d there (%s) if it should not go on; "+
		"the provider did not send the stop again, so as not to stop yet another run", e.TestPlanID, e.RunID, state, e.RunID, e.URL)
}

// IsStopMissed reports a stop that Testsigma took while this run went on (StopMissedError).
func IsStopMissed(err error) bool {
	var sm *StopMissedError
	return errors.As(err, &sm)
}
