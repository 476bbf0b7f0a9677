package provider

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// max_requests_per_second caps the whole provider instance: a fan-out of six runs, each
// triggering and polling in parallel, shares one token bucket (rate 5, burst 1; that no
// second admits more than the rate is pinned, on virtual time, by
// TestRequestLimiter_noSecondAdmitsMoreThanTheRate).
//
// A token bucket admits at most burst + rate*d requests in any span of d seconds. Requests
// are timed on arrival at the emulator, a little after the bucket let them go; the allowance
// covers that delivery delay, which on a loaded machine reaches hundreds of milliseconds. Slowness only spreads requests out, so this upper bound on
// density cannot fail on a slow machine, while an unlimited provider (or the default 10/s)
// breaks it by far.
func TestRateLimit_maxRequestsPerSecondCapsAFanOut(t *testing.T) {
	t.Parallel()
	const (
		perSecond = 5
		burst     = 1 // see requestLimiter
		allowance = time.Second
		runs      = 6
	)
	// count, not for_each: terraform-plugin-testing's state shim rejects string instance keys.
	emu := planRunEmulator(t, emulator.Options{})
	cfg := providerWith(emu.URL(), emu.APIKey(), fmt.Sprintf("max_requests_per_second = %d", perSecond)) + fmt.Sprintf(`
resource "testsigma_plan_run" "fan" {
  count        = %d
  test_plan_id = 1001
}
`, runs)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: passedChecks("testsigma_plan_run.fan", runs),
		}},
	})

	expectTriggers(t, emu, runs)
	if n := len(emu.Runs()); n != runs {
		t.Errorf("%d runs exist, want %d", n, runs)
	}
	reqs := emu.Requests()
	// Each run: one POST and at least three polls (queued, running, completed).
	if len(reqs) < runs*4 {
		t.Fatalf("only %d requests; the fan-out did not happen as expected", len(reqs))
	}
	at := make([]time.Time, len(reqs))
	for i, r := range reqs {
		at[i] = r.At
	}
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	for i := range at {
		for j := i + 1; j < len(at); j++ {
			span := at[j].Sub(at[i])
			limit := burst + perSecond*(span+allowance).Seconds()
			if n := float64(j - i + 1); n > limit {
				t.Fatalf("%d requests arrived within %v; at %d/s with burst %d at most %.1f may (delivery allowance %v)",
					j-i+1, span, perSecond, burst, limit, allowance)
			}
		}
	}
	t.Logf("%d requests over %v", len(at), at[len(at)-1].Sub(at[0]))
}

// passedChecks expects passed = true on each instance of a counted resource.
func passedChecks(addr string, count int) []statecheck.StateCheck {
	var checks []statecheck.StateCheck
	for i := range count {
		checks = append(checks, statecheck.ExpectKnownValue(fmt.Sprintf("%s[%d]", addr, i), tfjsonpath.New("passed"), knownvalue.Bool(true)))
	}
	return checks
}

// Old #9 (reliability-probe.md): max_requests_per_second = 0.1, three runs of an instant
// plan, timeouts.create = "15s", on the wall clock (the limiter refuses a request whose slot
// is after the deadline only when the deadline is real). The test keeps the probe's ratio of
// timeout to request spacing (1.5 slots) at the shortest create timeout allowed, "10s", and
// 0.15 requests a second: the same refusals happen in two thirds of the wall time. Every run
// passed in Testsigma, so every instance passes: the provider's own limiter never turns a
// finished run into an unknown, tainted one.
func TestOld9_rateLimitedTimeoutStillJudgesFinishedRuns(t *testing.T) {
	t.Parallel()
	const runs = 3
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 4090, Name: "Instant", Result: "SUCCESS"})
	cfg := providerWith(emu.URL(), emu.APIKey(), "max_requests_per_second = 0.15") + fmt.Sprintf(`
resource "testsigma_plan_run" "fan" {
  count        = %d
  test_plan_id = 4090
  timeouts {
    create = "10s"
  }
}
`, runs)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{Clock: testsigma.RealClock()}),
		Steps: []resource.TestStep{{
			Config:            cfg,
			ConfigStateChecks: passedChecks("testsigma_plan_run.fan", runs),
		}},
	})
	if n := len(emu.Runs()); n != runs {
		t.Errorf("%d runs, want %d", n, runs)
	}
}

// max_requests_per_second is an upper bound on the requests of any one second, from the
// first: the limiter, driven greedily on virtual time (every millisecond, as many requests
// as it admits), never admits more than the rate in a one-second window. A bucket that
// starts full of rate tokens admitted twice the rate in the first second.
func TestRequestLimiter_noSecondAdmitsMoreThanTheRate(t *testing.T) {
	for _, rps := range []float64{1, 5, 20, 100} {
		l := requestLimiter(rps)
		start := time.Unix(1_800_000_000, 0)
		var admitted []time.Time
		for ms := range 3000 {
			at := start.Add(time.Duration(ms) * time.Millisecond)
			for l.AllowN(at, 1) {
				admitted = append(admitted, at)
			}
		}
		for i := range admitted {
			n := 0
			for j := i; j < len(admitted) && admitted[j].Sub(admitted[i]) < time.Second; j++ {
				n++
			}
			if float64(n) > rps {
				t.Fatalf("at %v/s, %d requests admitted in the second from %v", rps, n, admitted[i].Sub(start))
			}
		}
	}
}
