package emulator

import (
	"math/rand/v2"
	"time"
)

// spreadFinishes gives the cases of a Progressive run back-to-back finish offsets over
// running. Their lengths are uneven (an even march would flatter a poll schedule) and
// drawn from seed and the run's ordinal, so a scenario replays exactly; they add up to
// running, so the last case ends with the phase.
func spreadFinishes(cases []runCase, running time.Duration, seed int64, ordinal int) {
	rng := rand.New(rand.NewPCG(uint64(seed), uint64(ordinal)))
	weights := make([]float64, len(cases))
	var sum float64
	for i := range weights {
		weights[i] = 0.2 + rng.ExpFloat64()
		sum += weights[i]
	}
	var acc float64
	for i := range cases {
		acc += weights[i]
		cases[i].finish = time.Duration(float64(running) * acc / sum).Round(time.Millisecond)
	}
	cases[len(cases)-1].finish = running
}

// caseSpan is when case k ran: its own slot in a Progressive run, else an even share of
// the run (the API gives no more than that to go on).
func (r *run) caseSpan(k int) (time.Time, time.Time) {
	if r.progressive {
		from := r.ranSince
		if k > 0 {
			from = from.Add(r.cases[k-1].finish)
		}
		return from, r.ranSince.Add(r.cases[k].finish)
	}
	per := r.end.Sub(r.start) / time.Duration(max(len(r.cases), 1))
	from := r.start.Add(per * time.Duration(k))
	return from, from.Add(per)
}
