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
)

// max_requests_per_second caps the whole provider instance: a fan-out of six runs, each
// triggering and polling in parallel, shares one token bucket (rate 5, burst 5).
//
// A token bucket admits at most burst + rate*d requests in any span of d seconds. Requests
// are timed on arrival at the emulator, a little after the bucket let them go; the allowance
// covers that delivery delay. Slowness only spreads requests out, so this upper bound on
// density cannot fail on a slow machine, while an unlimited provider (or the default 10/s)
// breaks it by far.
func TestRateLimit_maxRequestsPerSecondCapsAFanOut(t *testing.T) {
	t.Parallel()
	const (
		perSecond = 5
		burst     = 5 // max(1, int(rate)) in Configure
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
