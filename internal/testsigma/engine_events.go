package testsigma

import "time"

// EventKind says what happened while following a run.
type EventKind int

const (
	// EventStarted: the wait began on this run; URL links it.
	EventStarted EventKind = iota + 1
	// EventPolled: a status read succeeded (every poll; chatty, for debug logs).
	EventPolled
	// EventStatus: the run's status changed (the first read counts as a change).
	EventStatus
	// EventProgress: the run's test-case counts moved while its status stayed the same.
	EventProgress
	// EventRetrying: a status read failed and will be retried; Failures counts the outage.
	EventRetrying
	// EventRerun: a re-run of the failed tests started; Run is the new attempt.
	EventRerun
	// EventFinished: the run is finished and judged; Passed holds the verdict.
	EventFinished
)

// Event is one entry of the progress stream a Policy's OnEvent receives. Its fields never
// hold the API key or runtime data.
type Event struct {
	Kind       EventKind
	Run        Run // the latest state seen
	URL        string
	Elapsed    time.Duration // since the wait began
	Poll       int           // successful polls so far
	Err        error         // EventRetrying: what failed
	Failures   int           // EventRetrying: failures in a row, from 1
	RetryAfter time.Duration // EventRetrying: the server's Retry-After, if any
	Passed     bool          // EventFinished: the verdict
	Attempts   []Run         // EventRerun: every attempt so far, the new one last
}

// Done is the number of test cases that have finished (passed, failed, aborted, stopped or
// not executed), and whether the counts say anything at all.
func (c Counts) Done() (int64, bool) {
	if c.Total == nil || *c.Total <= 0 {
		return 0, false
	}
	var n int64
	for _, v := range []*int64{c.Passed, c.Failed, c.Aborted, c.Stopped, c.NotExecuted} {
		if v != nil {
			n += *v
		}
	}
	return n, true
}

func (p Policy) emit(e Event) {
	if p.OnEvent != nil {
		p.OnEvent(e)
	}
}

// countsMoved: the finished cases changed between two reads of the same run.
func countsMoved(prev, next Counts) bool {
	a, okA := prev.Done()
	b, okB := next.Done()
	if okA != okB {
		return okB
	}
	return okB && (a != b || count(prev.Failed) != count(next.Failed))
}

func count(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
