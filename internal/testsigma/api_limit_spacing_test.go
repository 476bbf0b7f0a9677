package testsigma

import (
	"context"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

// A real token bucket (20/s, burst 1) spaces the requests of one client out, however many
// goroutines share it: 21 requests need at least 20 intervals of 50ms. Only a lower bound is
// asserted, which a slow machine can only make truer.
func TestRateLimiter_spacesOutRequestsOfOneClient(t *testing.T) {
	emu, c := goingRun(t, Options{Limiter: rate.NewLimiter(20, 1)})
	const n, workers = 21, 3
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				if _, err := c.GetRun(context.Background(), 5001); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if got := emu.Count("GET", runPattern); got != n {
		t.Fatalf("the server saw %d GETs, want %d", got, n)
	}
	if elapsed < 900*time.Millisecond {
		t.Errorf("%d requests at 20/s (burst 1) took %v, want at least ~1s", n, elapsed)
	}
}
