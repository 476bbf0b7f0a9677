package testsigma

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// The v1 run object's counts can be null for a whole run (the 2024 samples, spec 8.1.9),
// and nobody documents whether they move while it goes (api-evidence rows 23-24). The v2
// run object, GET /api/v2/test_runs/{id} (spec 2.12), carries the same counts in
// `metrics`, reported always populated by a third-party script. It has no status, so the
// v1 read stays the source of completion; v2 is read only for progress, when the v1 counts
// say nothing, and each read is a request out of the same budget as the polls (the wait
// counts it as an attempt, see NextPollWith).

// v2RunPath is the v2 run object of a run.
func v2RunPath(runID int64) string { return "/api/v2/test_runs/" + itoa(runID) }

// wireV2Run is the part of the v2 run object the client reads.
type wireV2Run struct {
	ID      flexInt         `json:"id"`
	Metrics *wireV2Metrics  `json:"metrics"`
	Result  *string         `json:"result"`
	EndTime json.RawMessage `json:"endTime"`
}

// ended: the v2 object says the run may have ended (an end time, or a result other than
// QUEUED, whatever its spelling), so the look reads v1, the source of completion. The
// record documents both fields but not their values while a run goes (spec 8.2); the
// samples show QUEUED and a null end, and any other reading only costs a v1 read.
func (w wireV2Run) ended() bool {
	end := strings.TrimSpace(string(w.EndTime))
	if end != "" && end != "null" && end != `""` {
		return true
	}
	if w.Result == nil {
		return false
	}
	r := NormalizeResult(*w.Result)
	return r != "" && r != ResultQueued
}

type wireV2Metrics struct {
	TotalCount       optInt `json:"totalCount"`
	PassedCount      optInt `json:"passedCount"`
	FailedCount      optInt `json:"failedCount"`
	StoppedCount     optInt `json:"stoppedCount"`
	NotExecutedCount optInt `json:"notExecutedCount"`
	QueuedCount      optInt `json:"queuedCount"`
}

// decodeV2Counts reads the counts of a v2 run object (all nil when it has no metrics), and
// whether it says the run may have ended.
func decodeV2Counts(body []byte) (Counts, bool, error) {
	var w wireV2Run
	if err := json.Unmarshal(body, &w); err != nil {
		return Counts{}, false, describeJSONError(err)
	}
	return w.Metrics.counts(), w.ended(), nil
}

// counts are the metrics as Counts; all nil when there are none. The v2 object and the
// runs listing's items (the same object) share it.
func (m *wireV2Metrics) counts() Counts {
	if m == nil {
		return Counts{}
	}
	return Counts{Total: m.TotalCount.ptr(), Passed: m.PassedCount.ptr(), Failed: m.FailedCount.ptr(),
		Stopped: m.StoppedCount.ptr(), NotExecuted: m.NotExecutedCount.ptr(), Queued: m.QueuedCount.ptr()}
}

// v2Counts reads the run's v2 counts once, without retrying (a failed read only means the
// next one comes later), and whether the object says the run may have ended.
func (c *Client) v2Counts(ctx context.Context, runID int64) (Counts, bool, error) {
	var counts Counts
	var ended bool
	var derr error
	err := c.do(ctx, call{method: http.MethodGet, path: v2RunPath(runID), retry: retryNever,
		raw: func(_ string, body []byte) { counts, ended, derr = decodeV2Counts(body) }})
	if err == nil {
		err = derr
	}
	return counts, ended, err
}

// v2Reads decides, poll by poll, whether the wait reads the v2 counts. While they say
// nothing (null metrics, nothing finished yet) they are read after a v1 poll, ever more
// rarely, so that a run that never reports progress costs next to nothing: after the 2nd,
// 4th, 8th and 16th v1 poll, then every stallEvery-th. Once they move they lead: each
// look reads v2 alone, as the v1 counts would be read, and v1 is read when v2 says every
// case is done (the run is about to complete), when a v2 read fails, and every v1Every-th
// look whatever v2 says, so that a run that ends without its counts (aborted, say) is
// still seen.
type v2Reads struct {
	off   bool // the route answered that it will not serve this run (404, 401, 403, other 4xx)
	reads int  // v2 reads made
	after int  // the v1 poll after which the next read of counts that say nothing is due
	alone int  // looks in a row that read v2 alone
	prog  Progress
	last  Counts // the latest v2 counts read
	// slowDown is the last v2 read's error when the server said when to come back
	// (Retry-After): the look ends there and the wait pauses as after a failed poll.
	slowDown error
}

const (
	// stallEvery bounds the gap, in v1 polls, between two reads of v2 counts that say
	// nothing: on the 15-second grid, one read every three minutes, under a tenth of the polls.
	stallEvery = 12
	// v1CountsGrace is the v1 poll after which v2 is first read when the v1 counts have a
	// total but nothing finished: the ramp's third, at half a minute (silentMark is skipped).
	v1CountsGrace = 3
	// v1Every: while v2 leads, every v1Every-th look reads v1.
	v1Every = 4
)

// want: read v2 after v1 poll number polls (from 1), given the v1 progress. Not once the v2
// counts move: then they lead (see leads).
func (v v2Reads) want(polls int, v1 Progress) bool {
	switch {
	case v.off || polls < 2:
		// The first poll, a second after the trigger, is for runs that fail at once.
		return false
	case v1.moving() || v.prog.several():
		return false // the v1 counts move (the source, at no extra request), or v2 leads
	case v1.Counting() && polls < v1CountsGrace:
		// v1 counts a total: they may yet move, which the poll at half a minute shows.
		return false
	}
	return polls >= v.after
}

// opens: the look about to be v1 poll number polls+1 reads v2 first, as the read that
// poll would be followed by, when the v1 counts have said nothing so far (a run whose v1
// counts are there may yet move them, and then v2 is not needed). If v2 then counts cases
// still to run, that read is the look: on the documented v1 shape, which has no counts, a
// first run saves a request it would spend twice at the same second.
func (v v2Reads) opens(polls int, v1 Progress) bool {
	return !v.off && v.reads == 0 && polls >= 1 && !v1.Counting()
}

// leads: the next look reads v2 alone (see v2Reads). Only while the v1 counts are absent:
// v1 counts that are there may start to move, and only a v1 read sees that and the end
// alike; meanwhile the v2 reads after v1 polls (want) give the estimate.
func (v v2Reads) leads(v1 Progress) bool {
	return !v.off && v.prog.several() && !v1.Counting() && v.alone < v1Every-1
}

// staleInWindow is how old the v2 counts may grow inside the dense window before a look
// reads them again (see leadsAt): three of the window's widest gaps.
const staleInWindow = 3 * denseCeiling

// leadsAt is leads for a look at elapsed. From the dense window around the end the v2
// counts estimate on, the look that can see the end is the v1 read, and a v2 read before it
// makes the look that sees every case done cost two requests; so there v1 is read, and v2
// only once its counts are staleInWindow old, to narrow a wide window or, past it, aim anew.
// Within a poll interval of the estimated end, a v2 read is made only with a request to
// spare for the v1 read that may confirm an end it shows (budgetSpare; attempt is the
// requests so far); further off, it is what narrows the window, and an end is unlikely.
func (v v2Reads) leadsAt(v1 Progress, elapsed time.Duration, attempt int) bool {
	if !v.leads(v1) {
		return false
	}
	end, sd, strong, ok := v.prog.estimate()
	if !ok || !strong {
		return true
	}
	lo, _ := window(end, sd)
	stale := elapsed-v.prog.last.at >= staleInWindow
	return elapsed < lo || stale && (budgetSpare(elapsed, attempt) || end-elapsed > DefaultPollInterval)
}

// several: the counts move, or count more than one case, so that they will move before
// the run ends (unless it is cut short: v1 is still read every v1Every-th look).
func (p Progress) several() bool { return p.moving() || p.total > 1 }

// absentUntil: after a v2 read whose run object has no metrics at all (not even a total),
// the next read waits for this v1 poll. On the no-progress schedule that is the 15-second
// poll's two-minute one, so a run that never reports progress costs one v2 read before
// two minutes, and keeps the ramp's marks (engine_poll_schedule.go); metrics that are there but zero
// (a run still queued) are read again sooner.
const absentUntil = 8

// record notes a v2 read made after v1 poll number polls at elapsed.
func (v v2Reads) record(polls int, elapsed time.Duration, counts Counts, err error) v2Reads {
	v = v.look(elapsed, counts, err)
	v.alone = 0
	v.after = polls + min(max(polls, 1), stallEvery)
	if err == nil && counts == (Counts{}) {
		v.after = max(v.after, absentUntil)
	}
	return v
}

// look notes a v2 read at elapsed; the look reads v1 too unless this one leaves it alone.
func (v v2Reads) look(elapsed time.Duration, counts Counts, err error) v2Reads {
	v.reads++
	v.slowDown = nil
	if retryAfter(err) > 0 {
		v.slowDown = err
	}
	if err != nil {
		var apiErr *APIError
		if errors.As(err, &apiErr) && apiErr.StatusCode < 500 && apiErr.StatusCode != http.StatusTooManyRequests {
			v.off = true
		}
		v.alone = 0
		return v
	}
	v.prog, v.last = v.prog.observe(elapsed, counts), counts
	if allDone(counts) {
		v.alone = 0
	} else {
		v.alone++
	}
	return v
}

// allDone: the counts say every case has finished.
func allDone(c Counts) bool {
	done, ok := c.Done()
	return ok && done >= count(c.Total)
}

// lookV2 reads the v2 counts when they lead the progress, or open it (see v2Reads.opens):
// they are the look, and v1 is read only to confirm an end they announce (or now and then,
// see v2Reads.leads). True when that look was the poll, and v1 need not be read this time.
func (w *waiter) lookV2(ctx context.Context) bool {
	clock := w.c.opts.Clock
	opens := w.v2.opens(w.polls, w.prog)
	if !opens && !w.v2.leadsAt(w.prog, clock.Now().Sub(w.start), w.v1Reads+w.v2.reads) {
		return false
	}
	counts, ended, err := w.c.v2Counts(ctx, w.run.ID)
	elapsed := clock.Now().Sub(w.start)
	if opens {
		w.v2 = w.v2.record(w.polls+1, elapsed, counts, err) // the read the next poll would be followed by
	} else {
		w.v2 = w.v2.look(elapsed, counts, err)
	}
	if w.v2.slowDown != nil {
		w.p.emit(Event{Kind: EventRetrying, Run: w.last, Elapsed: elapsed, Poll: w.polls, Err: err, Failures: 1, RetryAfter: retryAfter(err)})
		return true // no v1 read until the server's Retry-After has passed (see pausing)
	}
	if err != nil || ended || allDone(counts) || !w.v2.prog.several() {
		return false
	}
	// The opening read stands for the v1 poll it replaced: it does not count towards the
	// looks in a row that read v2 alone (v1Every).
	w.last = v2Progress(w.p, w.last, w.prog, counts, elapsed, w.polls)
	return true
}

// v2Progress is the wait's latest run after a look that read v2 alone: the counts shown
// when the v1 ones (v1) say nothing, and a progress event when they moved.
func v2Progress(p Policy, last Run, v1 Progress, counts Counts, elapsed time.Duration, polls int) Run {
	if v1.Counting() {
		return last
	}
	prev := last.Counts
	last.Counts = counts
	if countsMoved(prev, counts) {
		p.emit(Event{Kind: EventProgress, Run: last, Elapsed: elapsed, Poll: polls})
	}
	return last
}

// moving: cases have finished, so the counts estimate the end.
func (p Progress) moving() bool { return p.first.done > 0 }

// progressOf is the progress the schedule follows: the v1 counts when they move, else the
// v2 ones when they are counting, else the v1 ones (which may say nothing).
func progressOf(v1, v2 Progress) Progress {
	if !v1.moving() && v2.Counting() {
		return v2
	}
	return v1
}
