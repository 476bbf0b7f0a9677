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
	// aimBefore and aimFloor set where a poll in the dense window aims: this many standard
	// deviations before the estimated end, and no sooner than aimFloor (see towardEnd).
	aimBefore = 0.3
	aimFloor  = 2 * time.Second
	// stallGrace is how long the counts may stand still in the dense window, in standard
	// deviations of the estimate, before its gaps back off.
	stallGrace = 4.0
	// countsCeiling is the widest gap of all while counts are known: far from the end the
	// estimate allows sparse polls, but a run that is aborted ends without warning.
	countsCeiling = time.Minute
)

// NextPollWith is NextPoll told what the polls so far have read of the run's counts, and it
// stays a pure function of its inputs. Counts that say nothing (null, zero) give NextPoll
// exactly (spec 7.5); a total with no case finished yet gives it without the ramp's
// silentMark (engine_poll_schedule.go). Once cases finish, the end is
// estimated from the counts (Progress) and the polls are sparse while it is far; in a
// window of one standard deviation before it to one and a half after, each aims at the
// end's median (aimFloor to denseCeiling apart, as the 15-second poll's request budget for
// the estimated length allows); they back off beyond that, and when a stall outlasts the
// spread. Whatever the estimate says, the requests keep within budgetAllows, so a run of
// 75s or more costs at most ceil(L/15s) + 2. attempt counts every request the wait has
// made, v2 reads included (engine_progress_v2.go), so that they come out of the same budget.
//
// An expectation (the previous run's length, expected_duration) keeps its own schedule
// while the estimate agrees with it, or is too rough to tell; the counts take over when
// their estimate is firm and its window misses the expectation's, or when the run has
// outlasted the expectation's window.
func NextPollWith(elapsed time.Duration, attempt int, expected, interval time.Duration, prog Progress) time.Duration {
	d, _ := nextPollWith(elapsed, attempt, expected, interval, prog)
	return d
}

// nextPollWith is NextPollWith, and whether the poll is on the yardstick's grid (no jitter).
func nextPollWith(elapsed time.Duration, attempt int, expected, interval time.Duration, prog Progress) (time.Duration, bool) {
	end, sd, strong, ok := prog.estimate()
	if !ok && expected <= 0 && prog.Counting() {
		// Counted cases, none finished: the ramp without its silent mark.
		d, grid := firstRunDelay(elapsed, attempt, max(interval, DefaultPollInterval), true)
		if interval >= MinPollInterval && interval < d {
			return interval, false
		}
		return d, grid
	}
	if !ok || expected > 0 && (!strong || !disagrees(elapsed, expected, end, sd)) {
		return nextPoll(elapsed, attempt, expected, interval)
	}
	d := towardEnd(elapsed, attempt, end, sd, prog.weakSpan(strong), elapsed-prog.moved.at)
	if !strong && prog.last.done < prog.total {
		// One reading of finished cases, some still to run: the first cases of a run often
		// finish fast, so its rate can put the end far too near. Until a second reading
		// confirms it, polls come no sooner than the no-progress ramp's marks before two
		// minutes.
		if ramp, grid := firstRunDelay(elapsed, attempt, DefaultPollInterval, true); !grid {
			d = max(d, ramp)
		}
	}
	d = max(d, budgetFloor(elapsed, attempt))
	if interval >= MinPollInterval {
		d = min(d, interval)
	}
	return d, false
}

// budgetFloor is the least delay at elapsed before request number attempt+1 (v1 and v2
// reads alike, counted from 1) for the count to stay within budgetAllows. Whatever the
// run's length L from 75s on, the look before the one that sees its end came before L, so
// the wait spends at most ceil(L/15s) + 2 requests: the estimate decides where the polls
// go, this how many there may be by then.
func budgetFloor(elapsed time.Duration, attempt int) time.Duration {
	n := attempt + 1
	for k := 0; ; k++ {
		if at := time.Duration(k) * DefaultPollInterval; budgetAllows(at) >= n {
			return max(at-DefaultPollInterval+time.Millisecond-elapsed, 0)
		}
	}
}

// budgetAllows is the requests a wait may have made by t: one more than the 15-second poll's
// ceil(t/15s), and two more again in the first half minute and one more in the second,
// where the ramp and a first estimate see runs of seconds early. It only grows with t.
func budgetAllows(t time.Duration) int {
	slack := 0
	switch {
	case t <= 30*time.Second:
		slack = 2
	case t <= time.Minute:
		slack = 1
	}
	return ceilDiv(t, DefaultPollInterval) + 1 + slack
}

// budgetSpare: a look at elapsed, after attempt requests, may spend two (a v2 read, and the
// v1 read that confirms an end it shows) and keep to budgetAllows.
func budgetSpare(elapsed time.Duration, attempt int) bool {
	return attempt+2 <= budgetAllows(elapsed)
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

// towardEnd is the delay at elapsed given the estimated end and its spread. weakSpan, when
// not 0, is the span a single reading measured the cases over (see weakReach); stalled is
// how long the counts have not moved.
func towardEnd(elapsed time.Duration, attempt int, end, sd, weakSpan, stalled time.Duration) time.Duration {
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
		} else if time.Duration(left)*dense <= hi-lo {
			// A firm estimate and no request to spare for the window: an approach poll
			// would be one more than the yardstick's, so go to the window at once.
			d = lo - elapsed
		}
	case elapsed < hi:
		// Aim at the end's median, a little before its mean (the time left is a sum of case
		// lengths, skewed late: one memoryless case's median is 0.69 of its mean), counted
		// from the latest reading; each poll reads the counts and aims again. Never sooner
		// than aimFloor, nor later than the dense gap the budget allows. A stall moves the
		// estimate along with it (Progress.notBefore), so a case that hangs would keep the
		// polls dense: past stallGrace, the gaps grow with the stall instead.
		aim := end - time.Duration(aimBefore*float64(sd))
		d = min(max(aim-elapsed, aimFloor), dense)
		return min(max(d, (stalled-time.Duration(stallGrace*float64(sd)))/2), countsCeiling)
	default:
		// Later than the estimate allows: back off from the dense gap, as after an
		// expectation's window, while the counts (if they move) aim again.
		d = (elapsed - hi) / 2
	}
	return min(max(d, dense), countsCeiling)
}
