package simclock

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := New(start)
	c.Advance(time.Minute)
	if got := <-c.After(2 * time.Second); !got.Equal(start.Add(time.Minute + 2*time.Second)) {
		t.Errorf("After fired at %v", got)
	}
	c.OnAfter(func(n int, d time.Duration) bool { return d > time.Hour })
	select {
	case <-c.After(2 * time.Hour):
		t.Error("a blocked After fired")
	default:
	}
	if now := c.Now(); !now.Equal(start.Add(time.Minute + 2*time.Second)) {
		t.Errorf("a blocked After moved the clock to %v", now)
	}
	if d := c.Delays(); len(d) != 2 || d[0] != 2*time.Second || d[1] != 2*time.Hour {
		t.Errorf("Delays = %v", d)
	}
}
