package testsigma

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Reconciliation (spec 8.1 rules 1-4): a trigger whose answer is ambiguous (see
// mayHaveStarted) may have made a run nobody knows the id of. The client looks for it among
// the plan's runs newer than the watermark, confirms each candidate through the documented
// v1 run object, and adopts a run only when it is provably the one asked for. The trigger is
// sent again only when complete reads of the listing, over a look long enough for a listing
// that lags, show no run that could be it.
const (
	// lookWindow is how long a listing may lag behind a run that exists; the offsets are when
	// it is read, counted from the lost answer.
	lookWindow = 30 * time.Second
	// clockSkew bounds how far back a run without a watermark may have started and still be
	// the one asked for (server and client clocks disagree; a run is never excluded by less).
	clockSkew = 15 * time.Minute
	// interruptLook bounds the one look made after Ctrl-C, so Terraform is answered soon.
	interruptLook = 10 * time.Second
)

var lookOffsets = []time.Duration{0, 5 * time.Second, 15 * time.Second, lookWindow}

// watermark is the plan's newest run id read just before the trigger: run ids grow (spec
// 8.1 rule 2), so any run the trigger made has a greater one.
type watermark struct {
	id    int64
	known bool
}

// watermarkOf reads the plan's lastRunId, else the largest id its runs listing shows. It
// never fails the trigger: an unknown watermark only makes adoption impossible.
func (c *Client) watermarkOf(ctx context.Context, testPlanID int64) watermark {
	p, err := c.TestPlan(ctx, testPlanID)
	var tErr *transportError
	switch {
	case err == nil && p.LastRunID != nil:
		return watermark{id: *p.LastRunID, known: true}
	case errors.As(err, &tErr):
		return watermark{} // the server cannot be reached: the trigger will say so
	}
	runs, complete, err := c.planRuns(ctx, testPlanID, 0)
	if err != nil || !complete {
		return watermark{}
	}
	w := watermark{known: true}
	for _, r := range runs {
		w.id = max(w.id, r.ID)
	}
	return w
}

// look is one trigger's search for its run.
type look struct {
	req    TriggerRequest
	mark   watermark
	sentAt time.Time // this machine's clock; compared with the server's only without a mark
	self   *pending
	// interrupted: after Ctrl-C there are seconds, not a walk of the listing, so the plan's
	// newest run is read first.
	interrupted bool
}

// sighting is what one read of the plan's runs showed.
type sighting struct {
	ours     []Run // confirmed in every field the API shows
	maybe    []Run // could be it: a field unknown, no watermark, or a sibling's trigger pending
	complete bool  // every page was read, so a run that is not here does not exist (yet)
	err      error // the runs could not be read at all
}

func (s sighting) candidates() []Run { return append(append([]Run(nil), s.ours...), s.maybe...) }

// decisive: adopt (one run confirmed and nothing else could be it), or give up looking.
func (s sighting) decisive() bool { return s.err != nil || len(s.ours)+len(s.maybe) > 0 }

// reconcile looks for the run over lookWindow (once, briefly, when once is set or ctx is
// over). It returns what the last read showed.
func (c *Client) reconcile(ctx context.Context, l look, once bool) sighting {
	if ctx.Err() != nil || once {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), interruptLook)
		defer cancel()
		l.interrupted = ctx.Err() != nil
		c.inflight.awaitSiblings(lctx, l.self)
		return c.lookOnce(lctx, l)
	}
	start := c.opts.Clock.Now()
	var s sighting
	emptyReads := 0
	for _, at := range lookOffsets {
		if err := sleep(ctx, c.opts.Clock, at-c.opts.Clock.Now().Sub(start)); err != nil {
			return c.reconcile(ctx, l, true)
		}
		c.inflight.awaitSiblings(ctx, l.self)
		s = c.lookOnce(ctx, l)
		if s.decisive() {
			return s
		}
		if !s.complete {
			return s // a listing that cannot be read to its end can never prove absence
		}
		emptyReads++
	}
	if emptyReads < 2 {
		s.complete = false
	}
	return s
}

// lookOnce reads the plan's runs newer than the watermark (the listing, else the plan's
// lastRunId) and sorts every one nobody in this process owns into ours and maybe.
func (c *Client) lookOnce(ctx context.Context, l look) sighting {
	runs, complete, err := c.readRuns(ctx, l)
	if err != nil {
		return sighting{err: err}
	}
	s := sighting{complete: complete}
	blocked := c.inflight.unresolvedSiblings(l.self)
	for _, sum := range runs {
		if c.claims.has(sum.ID) || l.mark.known && sum.ID <= l.mark.id {
			continue
		}
		run, v := c.confirm(ctx, l, sum)
		switch {
		case v == notOurs:
		case v == ours && !blocked:
			s.ours = append(s.ours, run)
		default:
			s.maybe = append(s.maybe, run)
		}
	}
	if len(s.ours) > 1 { // two runs each exactly as asked: neither can be shown to be this one
		s.maybe, s.ours = append(s.maybe, s.ours...), nil
	}
	return s
}

// readRuns lists the plan's runs newer than the watermark, else reads its newest run; the
// latter alone cannot show that no other exists, so it is never complete.
func (c *Client) readRuns(ctx context.Context, l look) ([]RunSummary, bool, error) {
	if l.interrupted {
		if runs, err := c.lastRun(ctx, l); err == nil && len(runs) > 0 {
			return runs, false, nil
		}
	}
	runs, complete, err := c.planRuns(ctx, l.req.TestPlanID, l.mark.id)
	if err == nil {
		return runs, complete, nil
	}
	runs, lerr := c.lastRun(ctx, l)
	if lerr != nil {
		return nil, false, fmt.Errorf("the plan's runs cannot be listed (%v), nor its newest run read (%v)", err, lerr)
	}
	return runs, false, nil
}

// lastRun is the plan's newest run (lastRunId), when it is newer than the watermark: the
// one candidate left when the listing cannot be read. It is judged by the same rules.
func (c *Client) lastRun(ctx context.Context, l look) ([]RunSummary, error) {
	p, err := c.TestPlan(ctx, l.req.TestPlanID)
	if err != nil {
		return nil, err
	}
	if p.LastRunID == nil || l.mark.known && *p.LastRunID <= l.mark.id {
		return nil, nil
	}
	return []RunSummary{{ID: *p.LastRunID, TestPlanID: l.req.TestPlanID}}, nil
}

type verdict int

const (
	notOurs verdict = iota
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
		return Run{ID: sum.ID, TestPlanID: req.TestPlanID, StartedAt: sum.StartedAt}, maybeOurs
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

// lookError is why a sighting could not settle a lost answer, for TriggerError.
func (s sighting) lookError() error {
	switch {
	case s.err != nil:
		return s.err
	case !s.complete && len(s.ours)+len(s.maybe) == 0:
		return errors.New("the plan's runs could not all be read, so the provider cannot show that no run was made")
	}
	return nil
}
