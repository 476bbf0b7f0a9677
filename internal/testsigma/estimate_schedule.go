package testsigma

import "time"

// The schedule when the run's counts are known (spec 7.5): see NextPollWith.
const (
	// spreadBefore and spreadAfter set the dense window around the estimated end, in
	// standard deviations of the estimate: a little wider after it, where a long last case
	// ends, than before it, where polls would only see cases still running.
	spreadBefore = 1.0
	spreadAfter  = 1.5
	// approachShare is how much of the way to the dense window one gap covers: the poll
	// lands short of it, reads the counts again and aims anew with a tighter estimate.
	approachShare = 0.8
	// weakReach bounds the next gap, while the estimate rests on one reading of finished
	// cases, to this many times the span that reading measured: the queue may hide in it.
	weakReach = 4
	// denseCeiling is the widest gap in the dense window, when the request budget is tight.
	denseCeiling = 4 * time.Second
	// countsCeiling is the widest gap of all while counts are known: far from the end the
	// estimate allows sparse polls, but a run that is aborted ends without warning.
	countsCeiling = time.Minute
)

// NextPollWith is NextPoll told what the polls so far have read of the run's counts, and it
// stays a pure function of its inputs. Counts that say nothing (null, zero) give NextPoll
// exactly. Counts with a total but no finished case yet give today's first two polls (one
// a second after the trigger, for runs that fail at once), then the 15-second yardstick's
// pace, until cases finish. From then on the end is estimated from the counts (Progress)
// and the polls are sparse while it is far, dense (densePoll to denseCeiling apart, as the
// 15-second poll's request budget for the estimated length allows) in a window of one
// standard deviation before it to one and a half after, and back off beyond that.
//
// An expectation (the previous run's length, expected_duration) keeps its own schedule
// while the estimate agrees with it, or is too rough to tell; the counts take over when
// their estimate is firm and its window misses the expectation's, or when the run has
// outlasted the expectation's window.
func NextPollWith(elapsed time.Duration, attempt int, expected, interval time.Duration, prog Progress) time.Duration {
	if !prog.Counting() {
		return NextPoll(elapsed, attempt, expected, interval)
	}
	end, sd, strong, ok := prog.estimate()
	if expected > 0 && (!ok || !strong || !disagrees(elapsed, expected, end, sd)) {
		return NextPoll(elapsed, attempt, expected, interval)
	}
	var d time.Duration
	if ok {
		d = towardEnd(elapsed, attempt, end, sd, prog.weakSpan(strong))
	} else {
		d = probeDelay(attempt)
	}
	if interval >= MinPollInterval {
		d = min(d, interval)
	}
	return d
}

// disagrees: the counts' window around their estimated end misses the expectation's
// window, or the run has outlasted the expectation's window.
func disagrees(elapsed, expected, end, sd time.Duration) bool {
	w := min(expected, maxExpected) / windowDivisor
	lo, hi := window(end, sd)
	return elapsed >= expected+w || hi < expected-w || lo > expected+w
}

func window(end, sd time.Duration) (lo, hi time.Duration) {
	return end - time.Duration(spreadBefore*float64(sd)), end + time.Duration(spreadAfter*float64(sd))
}

// probeDelay is the delay while the counts have a total but no finished case: the first
// two of the no-expectation ramp, then the yardstick's gap, which leaves the budget for
// the dense polls once the counts tell where the end is.
func probeDelay(attempt int) time.Duration {
	if attempt <= 1 {
		return firstRunDelay(attempt, DefaultPollInterval)
	}
	return DefaultPollInterval
}

// towardEnd is the delay at elapsed given the estimated end and its spread. weakSpan, when
// not 0, is the span a single reading measured the cases over (see weakReach).
func towardEnd(elapsed time.Duration, attempt int, end, sd, weakSpan time.Duration) time.Duration {
	lo, hi := window(end, sd)
	// The polls the 15-second yardstick would still make on a run ending at the estimate,
	// shared over what is left of the window.
	left := max(ceilDiv(end, DefaultPollInterval)-attempt, 1)
	dense := min(max((hi-max(elapsed, lo))/time.Duration(left), densePoll), denseCeiling)
	var d time.Duration
	switch {
	case elapsed < lo-dense:
		d = time.Duration(approachShare * float64(lo-elapsed))
		if weakSpan > 0 {
			d = min(d, weakReach*weakSpan)
		}
	case elapsed < hi:
		d = dense
	default:
		// Later than the estimate allows: back off from the dense gap, as after an
		// expectation's window, while the counts (if they move) aim again.
		d = (elapsed - hi) / 2
	}
	return min(max(d, dense), countsCeiling)
}
