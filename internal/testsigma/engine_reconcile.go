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
// v1 run object, and adopts a run only when it is provably the one asked for. After such an
// answer the trigger is never sent again: a listing may lag behind a run that exists, so
// reads that show nothing prove nothing, and a second POST could start a second run.
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
	if err != nil {
		return watermark{}
	}
	w := watermark{known: complete}
	for _, r := range runs {
		w.id = max(w.id, r.ID)
	}
	if !complete && w.id > 0 {
		// A busy plan whose listing items lack lastRunId (the docs' sample): a run's own
		// object names the plan's newest run in execution.lastRunId.
		if last, ok := c.lastRunIDOf(ctx, testPlanID, w.id); ok {
			return watermark{id: max(w.id, last), known: true}
		}
	}
	return w
}

// lastRunIDOf reads run runID's execution.lastRunId, when the run is of the plan.
func (c *Client) lastRunIDOf(ctx context.Context, testPlanID, runID int64) (int64, bool) {
	var w struct {
		Execution *struct {
			ID        flexInt `json:"id"`
			LastRunID flexInt `json:"lastRunId"`
		} `json:"execution"`
	}
	err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID), retry: retryIdempotent, out: &w})
	if err != nil || w.Execution == nil || w.Execution.ID.Value != testPlanID || !w.Execution.LastRunID.Valid {
		return 0, false
	}
	return w.Execution.LastRunID.Value, true
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
	// wide: the last read before reporting that nothing was found. A listing may lag longer
	// than the look, or answer a narrowed query empty, while the plan's lastRunId or the
	// listing without narrowing already shows the run.
	wide bool
}

// sighting is what one read of the plan's runs showed.
type sighting struct {
	ours     []Run // confirmed in every field the API shows
	maybe    []Run // could be it: a field unknown, no watermark, or a sibling's trigger pending
	unread   int   // of maybe, those whose own read failed: read again while the look lasts
	complete bool  // every page was read, so a run that is not here does not exist (yet)
	err      error // the runs could not be read at all
}

func (s sighting) candidates() []Run { return append(append([]Run(nil), s.ours...), s.maybe...) }

// decisive: adopt (one run confirmed and nothing else could be it), or give up looking. A
// candidate whose read failed is read again at the next offset rather than given up on.
func (s sighting) decisive() bool { return s.err != nil || len(s.ours)+len(s.maybe) > s.unread }

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
		switch {
		case len(s.ours) > 0:
			return s // taken (claimed) already, whatever happened to ctx meanwhile
		case ctx.Err() != nil: // Ctrl-C during a read: the short look, not an orphaned run
			return c.reconcile(ctx, l, true)
		case s.decisive():
			return s
		case !s.complete:
			return s // a listing that cannot be read to its end can never prove absence
		case len(s.maybe) == 0:
			emptyReads++
		}
	}
	if emptyReads < 2 {
		s.complete = false
	}
	return s
}

// lookOnce reads the plan's runs newer than the watermark (the listing, else the plan's
// lastRunId) and sorts every one nobody in this process owns into ours and maybe; a run
// adopted is claimed here, so a twin trigger takes another.
func (c *Client) lookOnce(ctx context.Context, l look) sighting {
	runs, complete, err := c.readRuns(ctx, l)
	if err != nil {
		return sighting{err: err}
	}
	s := sighting{complete: complete}
	blocked, twins := c.inflight.unresolvedSiblings(l.self)
	for _, sum := range runs {
		if c.claims.has(sum.ID) || l.mark.known && sum.ID <= l.mark.id {
			continue
		}
		run, v := c.confirm(ctx, l, sum)
		switch {
		case v == notOurs:
		case v == ours && !blocked:
			s.ours = append(s.ours, run)
		case v == unread:
			s.unread++
			s.maybe = append(s.maybe, run)
		default:
			s.maybe = append(s.maybe, run)
		}
	}
	return c.claimOne(s, twins)
}

// claimOne keeps in ours the one run this trigger takes. Runs exactly as asked are
// interchangeable only between twins (triggers of this process with the same body): up to
// one each, and each takes a different one. More than that, or any doubt, and none can be
// shown to be this trigger's.
func (c *Client) claimOne(s sighting, twins int) sighting {
	if len(s.ours) == 0 {
		return s
	}
	if len(s.maybe) > 0 || len(s.ours) > 1+twins {
		s.maybe, s.ours = append(s.maybe, s.ours...), nil
		return s
	}
	for _, r := range s.ours {
		if c.claims.take(r.ID) {
			s.ours = []Run{r}
			return s
		}
	}
	s.ours = nil // every one was taken by a twin meanwhile
	return s
}

// readRuns lists the plan's runs newer than the watermark, else reads its newest run; the
// latter alone cannot show that no other exists, so it is never complete.
func (c *Client) readRuns(ctx context.Context, l look) ([]RunSummary, bool, error) {
	if l.wide {
		return c.readWide(ctx, l)
	}
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

// readWide is the plan's lastRunId (documented: its newest run, whatever the listing
// shows) and the listing without the id> narrowing: complete only when both agree.
func (c *Client) readWide(ctx context.Context, l look) ([]RunSummary, bool, error) {
	last, err := c.lastRun(ctx, l)
	if err != nil {
		return nil, false, err
	}
	all, complete, err := c.planRuns(ctx, l.req.TestPlanID, 0)
	if err != nil {
		return nil, false, err
	}
	if len(last) == 0 {
		last = c.newestOf(ctx, l, all)
	}
	listed := len(last) == 0
	for _, r := range all {
		switch {
		case len(last) > 0 && r.ID == last[0].ID:
			listed = true
		case r.ID > l.mark.id:
			last = append(last, r)
		}
	}
	// A listing that does not show even the plan's newest run lags: it proves nothing.
	return last, complete && listed, nil
}

// newestOf is the plan's newest run as a listed run's own execution.lastRunId names it,
// when newer than the watermark: for a plans listing without lastRunId.
func (c *Client) newestOf(ctx context.Context, l look, listed []RunSummary) []RunSummary {
	var top int64
	for _, r := range listed {
		top = max(top, r.ID)
	}
	if top == 0 {
		return nil
	}
	if last, ok := c.lastRunIDOf(ctx, l.req.TestPlanID, top); ok && last > l.mark.id {
		return []RunSummary{{ID: last, TestPlanID: l.req.TestPlanID}}
	}
	return nil
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
