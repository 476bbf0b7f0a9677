package testsigma

import "time"

// autoRerunGrace is how long a completed first run that did not pass, of a plan that
// re-runs failed runs by itself, is given for its automatic re-run to show before it is
// judged or re-run by hand (rule 8.1.6). The open-source server makes the re-run as the run
// completes, but nothing says the SaaS does (api-evidence rows 28, 29): judging at once
// could report a red the automatic re-run turns green, and a manual re-run would race it.
const autoRerunGrace = 30 * time.Second

// rerunGrace holds the verdict on a run while its automatic re-run may still appear. It
// costs nothing for a plan that does not re-run by itself, for a pass or a stop, for a
// re-run, and for a run that already names its re-run (childResult) or whose roll-up
// status says the family goes on (then the run does not read finished anyway).
type rerunGrace struct {
	since time.Time // when the run was first read awaiting its automatic re-run
	open  bool
}

// hold is got, not finished yet while the window is open.
func (g *rerunGrace) hold(got Run, now time.Time) Run {
	if !awaitsAutoRerun(got) {
		g.open = false
		return got
	}
	if !g.open {
		g.since, g.open = now, true
	}
	if now.Sub(g.since) < autoRerunGrace {
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

// heldForAutoRerun is the last attempt as a judgement without a wait sees it (a refresh,
// a data source that does not wait): a failed first run whose automatic re-run may still
// appear is not finished until autoRerunGrace after its end, so a refresh does not freeze
// a verdict the re-run could still turn. Without an end time there is nothing to count
// from, and the run is judged as read.
func (c *Client) heldForAutoRerun(run Run) Run {
	if awaitsAutoRerun(run) && run.FinishedAt != nil && c.opts.Clock.Now().Before(run.FinishedAt.Add(autoRerunGrace)) {
		run.Finished = false
	}
	return run
}
