package main

import (
	"math/rand/v2"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The no-expectation schedule before issue 15, for the "no worse than today" lines: a
// second after the trigger, then gaps growing by half up to 15s, each lengthened by the
// engine's jitter. From its seventh poll (32s) on, today's schedule makes the same polls, so
// the two differ there only by the jitter's draw; one run's median of 21 trials moves by
// seconds from one draw to the next. "Today" is therefore this schedule replayed many times
// on the same trial lengths: the median of its medians, and the p90 of them, the most one
// run of today's schedule shows nine times in ten.
const todayReplays = 1000

// oldDelay is the delay before poll number attempt in that schedule.
func oldDelay(attempt int) time.Duration {
	d := float64(time.Second)
	for i := 0; i < attempt && d < float64(15*time.Second); i++ {
		d *= 1.5
	}
	return min(time.Duration(d), 15*time.Second)
}

// replayed is one figure of today's schedule over todayReplays runs of the bench's trials:
// the median of the runs' medians, and their p90.
type replayed[T int | time.Duration] struct{ median, p90 T }

// today replays the old schedule on the trials of one nominal length (a fixed seed, so the
// bench prints the same reference every time).
func today(nominal time.Duration, cfg config) (lag replayed[time.Duration], requests replayed[int]) {
	rng := rand.New(rand.NewPCG(15, uint64(nominal)))
	lengths := trialLengths(nominal, cfg)
	lagMedians := make([]time.Duration, todayReplays)
	reqMedians := make([]int, todayReplays)
	lags := make([]time.Duration, len(lengths))
	reqs := make([]int, len(lengths))
	for r := range todayReplays {
		for i, length := range lengths {
			var at time.Duration
			n := 0
			for at < length {
				d := oldDelay(n)
				at += d + time.Duration(rng.Float64()*cfg.jitter*float64(d))
				n++
			}
			lags[i], reqs[i] = at-length, n
		}
		lagMedians[r], reqMedians[r] = quantile(lags, 0.5), quantile(reqs, 0.5)
	}
	return replayed[time.Duration]{quantile(lagMedians, 0.5), quantile(lagMedians, 0.9)},
		replayed[int]{quantile(reqMedians, 0.5), quantile(reqMedians, 0.9)}
}

// rampPolls is where the two schedules meet: today's seventh poll.
const rampPolls = 7

// sameFromRamp reports whether the engine's no-expectation schedule, as NextPoll gives it,
// reaches today's seventh poll at the same moment and makes the same polls from there on (up
// to a few hours): then it cannot notice a longer run later than today's, or spend more.
func sameFromRamp() bool {
	var now, was time.Duration
	for a := range rampPolls {
		now += testsigma.NextPoll(now, a, 0, 0)
		was += oldDelay(a)
	}
	if now != was {
		return false
	}
	for a := rampPolls; a < 1000; a++ {
		if testsigma.NextPoll(now, a, 0, 0) != oldDelay(a) {
			return false
		}
		now += oldDelay(a)
	}
	return true
}
