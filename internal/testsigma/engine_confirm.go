package testsigma

import (
	"context"
	"net/http"
)

type verdict int

const (
	notOurs verdict = iota
	unread          // its own read failed: nothing is known of it yet
	maybeOurs
	ours
)

// wireConfirm is the v1 run object with the fields that tell whose a run is (spec 2.1, 8.1
// rule 3). executionConfig is undocumented there: compared only when a server sends it.
type wireConfirm struct {
	wireRun
	TriggeredType   flexString `json:"triggeredType"`
	ExecutionConfig *struct {
		ID   flexInt    `json:"id"`
		Name flexString `json:"name"`
	} `json:"executionConfig"`
}

// confirm decides whether a listed run is the one l asked for, from the v1 run object: the
// listing's documented items lack most of what tells runs apart.
func (c *Client) confirm(ctx context.Context, l look, sum RunSummary) (Run, verdict) {
	req := l.req
	if sum.TriggeredType != "" && sum.TriggeredType != "API" || sum.BuildNumber != "" && !SameText(sum.BuildNumber, req.BuildNumber) {
		return Run{ID: sum.ID}, notOurs
	}
	var w wireConfirm
	if err := c.do(ctx, call{method: http.MethodGet, path: runPath(sum.ID), retry: retryIdempotent, out: &w}); err != nil || w.ID.Value != sum.ID {
		return Run{ID: sum.ID, TestPlanID: req.TestPlanID, StartedAt: sum.StartedAt}, unread
	}
	run := w.toRun()
	v := matchField(run.TestPlanID != 0, run.TestPlanID == req.TestPlanID)
	v = min(v, matchField(string(w.TriggeredType) != "", string(w.TriggeredType) == "API"))
	v = min(v, matchField(true, !w.ReRunParentID.Valid))
	v = min(v, matchField(run.BuildNumber != "" || req.BuildNumber == "", SameText(run.BuildNumber, req.BuildNumber)))
	if req.EnvironmentID != nil {
		v = min(v, matchField(run.EnvironmentID != nil, run.EnvironmentID != nil && *run.EnvironmentID == *req.EnvironmentID))
	}
	if cfg, got := req.Config, w.ExecutionConfig; cfg != nil && got != nil && (got.ID.Valid || got.Name != "") {
		v = min(v, matchField(true, (cfg.ID == nil || *cfg.ID == got.ID.Value) && (cfg.Name == "" || cfg.Name == string(got.Name))))
	}
	if !l.mark.known { // nothing shows the run is newer than the request: never adopted
		if run.StartedAt != nil && run.StartedAt.Before(l.sentAt.Add(-clockSkew)) {
			return run, notOurs
		}
		v = min(v, maybeOurs)
	}
	return run, v
}

// matchField: a field the object shows decides; one it does not show is unknown.
func matchField(shown, equal bool) verdict {
	switch {
	case !shown:
		return maybeOurs
	case equal:
		return ours
	}
	return notOurs
}
