// Package simclock is simulated time for tests and the benchmark: it moves only when told to
// (Advance) or when something sleeps on it (After), so an hour-long run costs microseconds and
// nothing depends on how fast the machine is. It satisfies the Clock interfaces of both
// internal/testsigma and internal/emulator, so the two can share one timeline.
package simclock

import (
	"sync"
	"time"
)

// Clock is simulated time. The zero value is not usable; use New.
type Clock struct {
	mu      sync.Mutex
	now     time.Time
	delays  []time.Duration
	onAfter func(n int, d time.Duration) (block bool)
}

// New starts a clock at start.
func New(start time.Time) *Clock { return &Clock{now: start} }

// Epoch is where the tests' simulated time starts, in every package, so that a time in an
// expected answer can be written out.
var Epoch = time.Date(2024, 5, 29, 7, 29, 19, 0, time.UTC)

// NewAtEpoch starts a clock at Epoch: the tests' clock.
func NewAtEpoch() *Clock { return New(Epoch) }

// Now is the simulated time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(max(d, 0))
}

// After records d, moves the clock on by d at once and returns a channel that has already
// fired, unless the OnAfter hook blocks it: then the channel never fires.
func (c *Clock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	c.delays = append(c.delays, d)
	n, hook := len(c.delays), c.onAfter
	c.mu.Unlock()
	if hook != nil && hook(n, d) {
		return make(chan time.Time)
	}
	c.mu.Lock()
	c.now = c.now.Add(max(d, 0))
	now := c.now
	c.mu.Unlock()
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

// OnAfter installs a hook called inside After (before the clock moves) with the call's
// number (from 1) and delay; returning true makes that one channel never fire.
func (c *Clock) OnAfter(f func(n int, d time.Duration) (block bool)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onAfter = f
}

// Delays lists every delay After was asked for, in order.
func (c *Clock) Delays() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.delays...)
}

// Scaled is real time run faster: Now moves factor times as fast as the wall clock, and
// After(d) fires after d/factor of it. The two agree, so a schedule that reads Now between
// its sleeps sees the time it slept, as on the real clock, while concurrent waiters (a
// fan-out, Terraform's own goroutines) still run side by side in real time.
type Scaled struct {
	start  time.Time
	factor float64
}

// NewScaled starts a clock at the current time that runs factor times as fast.
func NewScaled(factor float64) *Scaled {
	return &Scaled{start: time.Now(), factor: max(factor, 1)}
}

// Now is the scaled time.
func (s *Scaled) Now() time.Time {
	return s.start.Add(time.Duration(float64(time.Since(s.start)) * s.factor))
}

// After fires once d of scaled time has passed.
func (s *Scaled) After(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	time.AfterFunc(time.Duration(float64(max(d, 0))/s.factor), func() { ch <- s.Now() })
	return ch
}
