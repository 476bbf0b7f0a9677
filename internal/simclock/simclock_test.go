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

func TestScaled(t *testing.T) {
	c := NewScaled(100)
	before := c.Now()
	got := <-c.After(2 * time.Second) // 20ms of real time
	if slept := got.Sub(before); slept < 2*time.Second {
		t.Errorf("After(2s) fired after %v of scaled time", slept)
	}
	if now := c.Now(); now.Before(got) {
		t.Errorf("Now %v is before the time After fired (%v)", now, got)
	}
}

func TestNewAtEpoch(t *testing.T) {
	if c := NewAtEpoch(); !c.Now().Equal(Epoch) || len(c.Delays()) != 0 {
		t.Errorf("NewAtEpoch starts at %v with delays %v, want %v and none", c.Now(), c.Delays(), Epoch)
	}
}
