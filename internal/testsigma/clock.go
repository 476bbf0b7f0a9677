package testsigma

import (
	"context"
	"time"
)

// Clock is the engine's notion of time. Tests and benchmarks inject a simulated one, so an
// hour-long run costs milliseconds and no test sleeps and hopes.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// RealClock is wall-clock time.
func RealClock() Clock { return realClock{} }

// sleep waits d on clock, returning early with the context's error.
func sleep(ctx context.Context, clock Clock, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-clock.After(d):
		return nil
	}
}
