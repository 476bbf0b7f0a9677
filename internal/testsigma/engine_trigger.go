package testsigma

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

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
// started nothing. Before it the plan's newest run id is read (the watermark). A trigger
// without a build number carries a generated one (see markTrigger), so the run it makes can
// be told from any other. An ambiguous answer (see mayHaveStarted), and a 500 in Testsigma's
// own error shape, are reconciled: the one run of the plan newer than the watermark that is
// confirmed to be this one is adopted (Run.Adopted). When complete reads over lookWindow,
// the plan's lastRunId and the whole listing show no run that could be it, the trigger is
// sent once more; otherwise the error says what was found and what to look for.
func (c *Client) Trigger(ctx context.Context, req TriggerRequest) (Run, error) {
	if err := ctx.Err(); err != nil {
		return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: &transportError{Method: http.MethodPost, Path: "/execution_results", Err: err}}
	}
	req = markTrigger(req)
	self := c.inflight.begin(req)
	defer c.inflight.end(self)
	mark := c.watermarkOf(ctx, req.TestPlanID)
	pctx, cancel := graceful(ctx, triggerGrace)
	defer cancel()
	firstSent := time.Now()
	for attempt := 1; ; attempt++ {
		sentAt := time.Now() // compared with the server's clock, not the engine's
		run, err := c.postRun(pctx, req)
		if err == nil {
			c.claims.add(run.ID)
			return run, nil
		}
		refused := !mayHaveStarted(err)
		// "Currently running" is refused before any run is made: the run a look would see
		// is the one that caused the refusal.
		if refused && !refusedLate(err) || IsCurrentlyRunning(err) {
			return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: err}
		}
		c.inflight.setAmbiguous(self, true)
		l := look{req: req, mark: mark, sentAt: sentAt, self: self}
		s := c.reconcile(ctx, l, refused)
		if s.err == nil && s.complete && len(s.candidates()) == 0 && !refused && attempt == 1 && ctx.Err() == nil {
			// Before the one retry: a listing that lags longer than the look, or whose
			// narrowing answers empty, is checked against lastRunId and the whole listing.
			l.wide = true
			if s = c.lookOnce(ctx, l); s.err == nil && s.complete && len(s.candidates()) == 0 {
				c.inflight.setAmbiguous(self, false)
				continue
			}
		}
		if len(s.ours) == 1 && len(s.maybe) == 0 {
			s.ours[0].Adopted = true
			return s.ours[0], nil // claimed by lookOnce
		}
		if refused && len(s.candidates()) == 0 {
			return Run{}, &TriggerError{TestPlanID: req.TestPlanID, Err: err}
		}
		return Run{}, c.lostAnswer(req, l, s, err, firstSent)
	}
}

// lostAnswer is the error of a trigger whose run could be neither adopted nor ruled out.
func (c *Client) lostAnswer(req TriggerRequest, l look, s sighting, err error, sent time.Time) *TriggerError {
	te := &TriggerError{TestPlanID: req.TestPlanID, MayHaveStarted: true, Err: err, Found: s.candidates(),
		LookErr: s.lookError(), SentAt: sent, BuildNumber: req.BuildNumber, Above: l.mark.id}
	for _, r := range te.Found {
		te.FoundURLs = append(te.FoundURLs, c.RunURL(r.ID))
	}
	return te
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

// take claims id unless it is claimed already: two triggers with the same body may each
// find both their runs, and each must take a different one.
func (c *claims) take(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ids[id] {
		return false
	}
	if c.ids == nil {
		c.ids = map[int64]bool{}
	}
	c.ids[id] = true
	return true
}

func (c *claims) has(id int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ids[id]
}
