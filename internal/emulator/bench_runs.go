package emulator

import (
	"fmt"
	"time"
)

// OneByOne is one of the end-to-end bench's first runs of 90-150s whose cases finish one by
// one, counted in the v1 counts too (Plan.MovingV1Counts) or only in the v2 metrics. It
// lives here so that `make bench` can run the same runs through the real Terraform CLI and
// replay them on the simulated clock (cmd/pollbench): their case timings are fixed by their
// seeds, so a replay makes the same requests at the same times.
type OneByOne struct {
	ID       int64
	Length   time.Duration
	Cases    int
	V1Counts bool
}

// BenchOneByOne is the bench's ten: five of each kind, so that a median is not one run's luck.
var BenchOneByOne = []OneByOne{
	{3101, 90 * time.Second, 40, true}, {3102, 105 * time.Second, 25, true}, {3103, 120 * time.Second, 60, true},
	{3104, 135 * time.Second, 35, true}, {3105, 150 * time.Second, 50, true},
	{3111, 95 * time.Second, 30, false}, {3112, 110 * time.Second, 50, false}, {3113, 125 * time.Second, 20, false},
	{3114, 140 * time.Second, 45, false}, {3115, 148 * time.Second, 60, false},
}

// Plan is the run's test plan, the i-th of BenchOneByOne (its seed): queued 5s, then its
// passing cases finishing one by one until Length.
func (o OneByOne) Plan(i int) Plan {
	cases := make([]Case, o.Cases)
	for c := range cases {
		cases[c] = Case{ID: int64(c + 1), Name: fmt.Sprintf("Case %d", c+1), Result: "SUCCESS"}
	}
	return Plan{ID: o.ID, Name: fmt.Sprintf("One by one %d", o.ID), Queued: 5 * time.Second, Running: o.Length - 5*time.Second,
		Result: "SUCCESS", Progressive: true, Seed: int64(15 + i), Cases: cases, MovingV1Counts: o.V1Counts}
}

// Limit is issue 20's request bar for the run: ceil(L/15s) + 2 status requests.
func (o OneByOne) Limit() int {
	return int((o.Length+15*time.Second-1)/(15*time.Second)) + 2
}
