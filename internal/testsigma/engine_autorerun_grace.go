package testsigma

import "time"

// autoRerunGrace is how long a completed first run that did not pass, of a plan that
// re-runs failed runs by itself, is given for its automatic re-run to show before it is
// judged or re-run by hand (rule 8.1.6). The open-source server makes the re-run as the run
// completes, but nothing says the SaaS does: judging at once could report a red the
// automatic re-run turns green, and a manual re-run would race it. The same bound holds a
// roll-up that says "going" about a completed run of a plan that does not re-run.
const autoRerunGrace = 30 * time.Second

// rerunGrace holds the verdict on a run while its automatic re-run may still appear. It
// costs nothing for a plan that does not re-run by itself, for a pass or a stop, for a
// re-run, and for a run that already names its re-run (childResult) or whose roll-up
// status says the family goes on (then the run does not read finished anyway). It also
// bounds a roll-up that lags: see rollupLags.
type rerunGrace struct {
	since time.Time // when the run was first read awaiting its automatic re-run
	open  bool
}

// hold is got, not finished yet while the window is open; a lagging roll-up is believed
// only while the window is open, and then the run's own status and result speak.
func (g *rerunGrace) hold(got Run, now time.Time) Run {
	lag := rollupLags(got)
	if !lag && !awaitsAutoRerun(got) {
		g.open = false
		return got
	}
	if !g.open {
		g.since, g.open = now, true
	}
	within := now.Sub(g.since) < autoRerunGrace
	switch {
	case lag && !within:
		return ownEnd(got)
	case !lag && within:
		got.Finished = false
	}
	return got
}

// awaitsAutoRerun: a first run that completed neither SUCCESS nor STOPPED, names no re-run,
// and whose plan re-runs failed runs by itself (spec 1.6, OSS isReRunEligible).
func awaitsAutoRerun(r Run) bool {
	return r.Finished && r.SelfRerun && r.RerunOf == nil && r.RerunID == nil &&
		r.Result != ResultSuccess && r.Result != ResultStopped
}

// rollupLags: only a roll-up (consolidatedStatus) keeps the run going. Its own status is
// completed, it names no re-run, and its plan does not re-run by itself, so no re-run is
// coming that the roll-up could be waiting for. The docs show a plain run's roll-ups only
// at creation and after a stop: trusting them without bound would make a finished run a
// timeout, and the stop at that timeout would end another run of the plan.
func rollupLags(r Run) bool {
	return !r.Finished && IsFinishedStatus(r.OwnStatus) && !r.SelfRerun && r.RerunID == nil
}

// ownEnd is r as its own fields say: completed, with its own result.
func ownEnd(r Run) Run {
	r.Finished, r.Status = true, r.OwnStatus
	if r.OwnResult != "" {
		r.Result = r.OwnResult
	}
	return r
}
