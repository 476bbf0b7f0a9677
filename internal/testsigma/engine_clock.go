package testsigma

import (
	"context"
	"sync"
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

// withTimeout is context.WithTimeout on the client's clock (Policy.Timeout), so that tests
// on scaled time (simclock.Scaled) reach a create timeout as fast as their polls, instead of
// waiting it out on the wall clock. When the time is up, the context's cause is
// context.DeadlineExceeded. A clock that jumps ahead at every sleep (simclock.Clock) would
// end it at once: a Policy.Timeout needs real or scaled time.
func (c *Client) withTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, wall := c.opts.Clock.(realClock); wall {
		return context.WithTimeout(ctx, d)
	}
	cctx, cancel := context.WithCancelCause(ctx)
	done := make(chan struct{})
	go func() {
		select {
		case <-c.opts.Clock.After(d):
			cancel(context.DeadlineExceeded)
		case <-done:
		}
	}()
	var once sync.Once
	return cctx, func() {
		once.Do(func() { close(done) })
		cancel(context.Canceled)
	}
}
