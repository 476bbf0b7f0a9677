package testsigma

import (
	"math"
	"time"
)

// Schedule constants.
//
// The yardstick is a fixed 15-second poll: it notices a finished run 7.5s late on average
// and spends ceil(L/15s) status requests on a run of length L. The schedule notices the end
// within a couple of seconds without spending more than that:
//
//   - Without an expectation (a first run): the yardstick's polls rearranged before two
//     minutes, then the yardstick's own (see rampMarks). When the run's counts move,
//     NextPollWith estimates its end from them instead (engine_estimate_schedule.go).
//   - With an expectation E (the previous run's length): the polls the yardstick would make
//     before E, ceil(E/15s)-1, are split between early polls and dense ones, densePoll
//     apart, in the last tenth before E; the poll at E makes the yardstick's count. The early
//     polls start a second after the trigger and double their gaps up to the smallest
//     ceiling (at least 15s) that fits what is left of the budget, or, when not even
//     doubling fits, are spread at a constant ratio; the last comes shortly before the
//     window. Polls stay dense until E+10% (runs vary by about a tenth), then back off
//     again. A run ending by E therefore costs no more than the yardstick; one ending
//     later pays for the dense polls after E. Runs of 15s or less get one poll, at
//     E+min(E/10, 0.5s).
const (
	// DefaultPollInterval is the ceiling of the gaps when the user sets none and no
	// expectation is known, and the yardstick the schedule's request budget is measured by.
	DefaultPollInterval = 15 * time.Second
	// MinPollInterval is the smallest ceiling a user may set.
	MinPollInterval = time.Second

	firstPoll = time.Second
	densePoll = 2500 * time.Millisecond // gap inside the expectation window
	// windowDivisor sets the window's half-width: expected/windowDivisor either side.
	windowDivisor = 10
	// maxExpected bounds the arithmetic; no test plan runs for six weeks.
	maxExpected = 1000 * time.Hour
)

// NextPoll is the delay before poll number attempt (0 = the first after the trigger), given
// the time elapsed since the wait began, the expected run length (0 = unknown) and the
// user's ceiling on the gap between polls (interval; below MinPollInterval = none, and
// NextPoll picks its own). It is a pure function: the same inputs give the same delay.
func NextPoll(elapsed time.Duration, attempt int, expected, interval time.Duration) time.Duration {
	d, _ := nextPoll(elapsed, attempt, expected, interval)
	return d
}

// nextPoll is NextPoll, and whether the poll is one of the yardstick's own (see onGrid),
// which the engine's jitter must not delay.
func nextPoll(elapsed time.Duration, attempt int, expected, interval time.Duration) (time.Duration, bool) {
	if interval < MinPollInterval {
		interval = 0
	}
	var d time.Duration
	grid := false
	if expected <= 0 {
		d, grid = firstRunDelay(elapsed, attempt, max(interval, DefaultPollInterval), false)
	} else {
		d = newExpectation(expected).delay(elapsed, attempt)
	}
	if interval > 0 && interval < d {
		return interval, false
	}
	return d, grid
}

// Without an expectation, and without counts that move, nothing tells when the run ends.
// The yardstick makes ceil(L/15s) polls; a schedule that wants to notice a run of half a
// minute within seconds must take those polls from somewhere else, and a run of two
// minutes must cost no more than the yardstick's 8. So before gridFrom the schedule spends
// the yardstick's 7 requests differently (rampMarks): a second after the trigger, for runs
// that fail at once (an offline device, an inactive agent); at 6s and 14s, which see runs
// of a few seconds a second or so late, and the first of which reads the v2 metrics once
// (engine_progress_v2.go); two 4s apart just before and after half a minute; one just past a
// minute and one past a minute and a half. A v2 read uses up the last of them (see
// firstRunDelay), so that runs of a minute and a half are the ones that pay: seen at
// two minutes. From gridFrom on it polls exactly when the yardstick does, every 15s from
// the trigger, so a run of two minutes or more is never noticed later than the yardstick
// would, for the same requests.
var rampMarks = [...]time.Duration{
	firstPoll, 6 * time.Second, silentMark, 28 * time.Second, 32 * time.Second, 65 * time.Second, 91 * time.Second,
}

// silentMark is skipped when the run counts its cases (a total is known, none finished):
// the first movement of the counts brings the estimate (NextPollWith), and the poll would
// be one more than the yardstick's by two minutes.
const silentMark = 14 * time.Second

// rampBudget is the requests before gridFrom: the yardstick's 7 (at 15s, 30s, ... 105s).
const rampBudget = 7

// gridFrom is where the schedule joins the yardstick's polls: its 8th, at two minutes.
const gridFrom = 2 * time.Minute

// firstRunDelay is the delay at elapsed before poll number attempt without an expectation:
// the next ramp mark while rampBudget lasts (attempts spent elsewhere, v2 reads, come out
// of it, so the last marks are the ones dropped), else the next multiple of step (the
// yardstick's 15s, or the user's longer poll_interval) from gridFrom on (grid true).
// counting: the run counts its cases (see silentMark).
func firstRunDelay(elapsed time.Duration, attempt int, step time.Duration, counting bool) (time.Duration, bool) {
	if attempt < rampBudget {
		for _, m := range rampMarks {
			if m > elapsed && (!counting || m != silentMark) {
				return m - elapsed, false
			}
		}
	}
	next := max(gridFrom, elapsed-elapsed%step+step) // the next multiple of step
	return next - elapsed, true
}

// expectation is the schedule for a run expected to take a known time: early polls until
// start (the last of them at approach), dense polls in [start, end), a back-off after.
type expectation struct {
	approach, start, end time.Duration
	early                int           // early polls the budget allows (counted by attempt)
	cap                  time.Duration // ceiling of the early gaps; 0 = budget-bound (see truncated)
	truncated            bool          // not even doubling gaps fit: see spread
	after                time.Duration // ceiling of the back-off after the window
}

func newExpectation(expected time.Duration) expectation {
	expected = min(expected, maxExpected)
	w := expected / windowDivisor
	// Polls the yardstick makes on a run of length expected, minus the one that sees the end:
	// the polls this schedule may make before the expected end.
	before := ceilDiv(expected, DefaultPollInterval) - 1
	if before <= 0 {
		// A run of 15s or less: one poll just after the expected end sees nearly all of them.
		at := expected + min(w, firstPoll/2)
		return expectation{approach: at, start: at, end: max(at, expected+w), after: DefaultPollInterval}
	}
	// Split the budget: dense polls before the expected end, and early ones (two if the
	// budget allows: one a second after the trigger, one approaching the window; one if it
	// allows only that; none when the only poll is better spent in the window).
	early := max(before-ceilDiv(w, densePoll), min(2, before-1))
	e := expectation{
		start: expected - time.Duration(before-early)*densePoll,
		end:   expected + w,
		early: early,
		after: DefaultPollInterval,
	}
	// The last early poll comes shortly before the window, so that the engine's jitter (a
	// fraction of each delay) cannot push the window's first poll far into it.
	e.approach = e.start - min(w, DefaultPollInterval)
	if early <= 1 || e.earlyPolls(0) > early {
		e.truncated = true
		return e
	}
	// The smallest ceiling (whole seconds, at least DefaultPollInterval) at which the early
	// polls fit what the budget leaves them.
	seconds := func(n int64) time.Duration { return time.Duration(n) * time.Second }
	lo, hi := int64(DefaultPollInterval/time.Second), int64(max(e.approach, DefaultPollInterval)/time.Second)
	for lo < hi {
		mid := (lo + hi) / 2
		if e.earlyPolls(seconds(mid)) <= early {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	e.cap = seconds(lo)
	e.after = max(DefaultPollInterval, e.cap)
	return e
}

// delay is the schedule's delay at elapsed, before poll number attempt.
func (e expectation) delay(elapsed time.Duration, attempt int) time.Duration {
	const slack = firstPoll / 2 // closer than this to a mark counts as on it
	switch {
	case elapsed < e.start-slack:
		// Early: gaps double (up to the cap), reach the approach mark, then the window; once
		// the budget is spent, straight on.
		if attempt >= e.early || elapsed >= e.approach-slack {
			return e.start - elapsed
		}
		if e.truncated {
			return max(e.spread(attempt)-elapsed, firstPoll)
		}
		g := e.earlyGap(attempt)
		if elapsed+g+g/2 > e.approach {
			return e.approach - elapsed // no sliver of a gap before the mark
		}
		return g
	case elapsed < e.end:
		return densePoll
	default:
		// Later than expected: back off again from the dense gap, growing by half each poll.
		return min(max(densePoll, (elapsed-e.end)/2), e.after)
	}
}

// spread is when early poll number attempt comes when the budget is too small even for
// doubling gaps: the first a second after the trigger, the last at the approach mark, the
// ones between at a constant ratio (steeper than doubling).
func (e expectation) spread(attempt int) time.Duration {
	if e.early <= 1 || attempt <= 0 {
		return firstPoll
	}
	ratio := math.Pow(float64(e.approach)/float64(firstPoll), 1/float64(e.early-1))
	return time.Duration(float64(firstPoll) * math.Pow(ratio, float64(attempt)))
}

func (e expectation) earlyGap(attempt int) time.Duration {
	g := firstPoll << min(attempt, 32)
	if e.cap > 0 {
		g = min(g, e.cap)
	}
	return g
}

// earlyPolls counts the early polls delay makes, on time and without the attempt limit,
// with the early gaps capped at limit (0 = uncapped): the doubling ones, then the approach.
func (e expectation) earlyPolls(limit time.Duration) int {
	e.cap = limit
	n := 1 // the approach
	var t time.Duration
	for a := 0; ; a++ {
		g := e.earlyGap(a)
		if limit > 0 && g == limit {
			// Constant gaps from here on: polls at t+g, t+2g, … while half a gap remains.
			if rest := e.approach - t - g/2; rest >= g {
				n += int(rest / g)
			}
			return n
		}
		if t+g+g/2 > e.approach {
			return n
		}
		t += g
		n++
	}
}

func ceilDiv(a, b time.Duration) int { return int((a + b - 1) / b) }
