package testsigma

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestSleep(t *testing.T) {
	rc := RealClock()
	if before, after := rc.Now(), rc.Now(); after.Before(before) {
		t.Error("RealClock.Now went backwards")
	}
	if err := sleep(context.Background(), rc, time.Nanosecond); err != nil {
		t.Errorf("sleep(1ns) = %v", err)
	}
	if err := sleep(context.Background(), rc, 0); err != nil {
		t.Errorf("sleep(0) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := sleep(ctx, rc, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep(0) on a cancelled context = %v", err)
	}
	never := newFakeClock()
	never.OnAfter(func(int, time.Duration) bool { return true })
	if err := sleep(ctx, never, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("sleep on a cancelled context = %v", err)
	}
	fc := newFakeClock()
	start := fc.Now()
	if err := sleep(context.Background(), fc, 90*time.Second); err != nil || fc.Now().Sub(start) != 90*time.Second {
		t.Errorf("fake sleep: err %v, advanced %v", err, fc.Now().Sub(start))
	}
}
