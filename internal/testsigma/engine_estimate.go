package testsigma

import (
	"math"
	"time"
)

// Progress is what the polls of one run have read of its counts (spec 7.5): enough to
// estimate when it will end. It is a value, fed one observation per reading (Observe), so
// the schedule stays a pure function of what it is given.
//
// The estimate is a rate: cases finished between the first reading with finished cases and
// the reading at which the count last moved, over the time between them (exact counts at
// exact times). Two readings cancel out whatever happened before the first (the queue, the
// first case's start), which a single reading cannot tell apart from slow cases.
//
// The end is the latest finished case plus the remaining cases at that rate. A reading
// sees how many cases have finished, not when: those that finished since the reading
// before did so somewhere between the two. Counting the rest from the reading that saw
// them would put the end up to a whole gap late. So the latest case is timed at its
// expected moment, its k cases spread evenly over the gap between the two readings: k/(k+1)
// of the way through it (the midpoint for one case). See completedAt.
//
// The end comes with a
// spread that grows with the cases still to run and shrinks with the cases that taught the
// rate: case lengths are assumed to vary as much as their mean (cv 1, as for exponential
// lengths), since nothing tells the client better. A reading that sees no movement still
// says something: the cases left had not finished by then, so the end is no sooner than
// that reading plus them (notBefore). A stall therefore moves the end later as it goes on;
// the schedule backs off when it outlasts the spread (stallGrace), and when the count
// moves again the long case is in the rate too.
type Progress struct {
	total  int64
	zeroAt time.Duration // the last reading with nothing finished, if any
	zero   bool
	first  reading // the first movement from nothing finished; done 0 = none yet
	moved  reading // the latest movement
	last   reading // the latest reading
	read   bool    // there has been a reading (last is one)
}

// reading is a count of finished cases read at at; when is the moment estimated for the
// latest of them (at, for a reading that saw no movement).
type reading struct {
	at, when time.Duration
	done     int64
}

// Observe adds what one reading saw at elapsed (since the wait began): done cases finished
// of total. Readings that say nothing (no total, or more finished than total) are ignored;
// a total that changes, or finished cases that go backwards, start the estimate over from
// this reading, since the earlier ones described something else.
func (p Progress) Observe(elapsed time.Duration, done, total int64) Progress {
	if total <= 0 || done < 0 || done > total {
		return p
	}
	if total != p.total || done < p.last.done || elapsed < p.last.at {
		p = Progress{total: total}
	}
	// The reading before this one, or the trigger: the movement happened after it.
	prev := reading{}
	if p.read {
		prev = p.last
	}
	switch {
	case done == 0:
		p.zeroAt, p.zero = elapsed, true
	case p.first.done == 0:
		p.first = reading{elapsed, completedAt(prev.at, elapsed, done-prev.done), done}
		p.moved = p.first
	case done > p.moved.done:
		p.moved = reading{elapsed, completedAt(prev.at, elapsed, done-prev.done), done}
	}
	p.last, p.read = reading{elapsed, elapsed, done}, true
	return p
}

// completedAt is when the latest of k cases that finished between two readings (at from
// and at) is expected to have finished, the k spread evenly over the gap: k/(k+1) of the
// way. It is never before from, nor after at.
func completedAt(from, at time.Duration, k int64) time.Duration {
	if k <= 0 || at <= from {
		return at
	}
	return from + time.Duration(float64(at-from)*float64(k)/float64(k+1))
}

// runningShare is how much of the running case a reading is taken to have seen done.
const runningShare = 0.5

// notBefore is the earliest the run can be expected to end given the latest reading and a
// firm rate (perCase): the cases it saw still to run had not finished by then, so the end
// is no sooner than that reading plus those cases, the one running counted half done (what
// is left of it lies between nothing, for a case of fixed length that is nearly over, and
// a whole case, for a memoryless one). A firm estimate's end is the later of this and the
// latest movement's timing.
func (p Progress) notBefore(perCase float64) time.Duration {
	if p.last.done >= p.total {
		return 0
	}
	left := float64(p.total-p.last.done) - runningShare
	return p.last.at + time.Duration(min(left*perCase, float64(maxExpected)))
}

// observe is Observe of a run's counts (null ones say nothing).
func (p Progress) observe(elapsed time.Duration, c Counts) Progress {
	done, ok := c.Done()
	if !ok {
		return p
	}
	return p.Observe(elapsed, done, count(c.Total))
}

// Counting reports whether the run reports its cases at all (a total is known), moving or not.
func (p Progress) Counting() bool { return p.total > 0 }

// weakSpan is, for an estimate that rests on one reading of finished cases, the span that
// reading counted them over (at least a second); 0 for a firm estimate.
func (p Progress) weakSpan(strong bool) time.Duration {
	if strong {
		return 0
	}
	return max(p.first.at-p.from(), firstPoll)
}

// from is when the cases of a single reading are counted from: the last reading with none
// finished, else the trigger.
func (p Progress) from() time.Duration {
	if p.zero {
		return p.zeroAt
	}
	return 0
}

// estimate is the run's expected end (since the wait began) and its spread (one standard
// deviation), with strong false when it rests on a single reading of finished cases and
// so on a guess of when they started (the last reading with none, else the trigger). ok is
// false until cases have finished with a time span to measure them over.
func (p Progress) estimate() (end, spread time.Duration, strong, ok bool) {
	if p.first.done == 0 {
		return 0, 0, false, false
	}
	learned, span := p.moved.done-p.first.done, p.moved.at-p.first.at
	strong = learned > 0 && span > 0
	if !strong {
		learned, span = p.first.done, p.first.at-p.from()
		if span <= 0 {
			return 0, 0, false, false
		}
	}
	perCase := float64(span) / float64(learned)
	left := float64(p.total - p.moved.done)
	end = p.moved.when + time.Duration(min(left*perCase, float64(maxExpected)))
	if strong {
		end = max(end, p.notBefore(perCase))
	}
	// Variance of the remaining cases' lengths, plus that of the rate applied to them.
	sd := perCase * math.Sqrt(left+left*left/float64(learned))
	return end, time.Duration(min(sd, float64(maxExpected))), strong, true
}
