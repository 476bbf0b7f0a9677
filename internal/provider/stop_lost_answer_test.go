package provider

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/simclock"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// A timeout stops the run (stop_on_timeout, the default); Testsigma takes the stop, but its
// answer is lost (a 502 after the run was stopped), and meanwhile another pipeline starts a
// run of the same plan. The stop is not sent again: Testsigma's stop may end the plan's
// oldest going run whatever run it names, so a second one would end theirs. The apply fails
// as a timeout with our run stopped; theirs goes on.
func TestStop_stopWhoseAnswerIsLostIsSentOnceAndEndsNoOtherRun(t *testing.T) {
	t.Parallel()
	emu, theirs := stopAnswerLostWhileAnotherRunStarts(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factoriesWith(Options{Clock: stopGraceClock()}),
		Steps: []resource.TestStep{{
			Config:      runConfig(emu, fmt.Sprintf("test_plan_id = %d\ntimeouts {\n create = \"12s\"\n}", planLong)),
			ExpectError: words(`Timed out waiting for the Testsigma run`, `The run was stopped in Testsigma`),
		}},
	})
	if err := oneStopEndedOursAlone(emu, theirs); err != nil {
		t.Error(err)
	}
	expectTriggers(t, emu, 1)
}

// The same on destroy: the stop of our run going is taken, its answer lost while another
// pipeline's run of the plan starts. It is not sent again; our run reads STOPPED, so the
// destroy succeeds, and theirs goes on.
func TestStop_destroyWhoseStopAnswerIsLostSendsItOnceAndEndsNoOtherRun(t *testing.T) {
	t.Parallel()
	emu, theirs := stopAnswerLostWhileAnotherRunStarts(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: runConfig(emu, fmt.Sprintf("test_plan_id = %d\nwait_for_completion = false", planLong)),
		}},
		CheckDestroy: func(*terraform.State) error { return oneStopEndedOursAlone(emu, theirs) },
	})
}

// stopAnswerLostWhileAnotherRunStarts is an emulator whose first stop is taken and its
// answer lost (a 502), another pipeline's run of planLong starting in between; theirs is
// that run's id once it exists.
func stopAnswerLostWhileAnotherRunStarts(t *testing.T) (emu *emulator.Server, theirs *atomic.Int64) {
	emu = planRunEmulator(t, emulator.Options{})
	emu.Fault("PUT /api/v1/execution_results/{id}", emulator.After(502).Once())
	theirs = new(atomic.Int64)
	emu.OnRequest(func(r emulator.Request) { // after the stop was made, before its answer
		if r.Method == "PUT" && theirs.Load() == 0 {
			theirs.Store(emu.StartRun(planLong))
		}
	})
	return emu, theirs
}

// oneStopEndedOursAlone says what is wrong unless one stop was sent, our run (the first)
// reads STOPPED, and the other pipeline's run goes on.
func oneStopEndedOursAlone(emu *emulator.Server, theirs *atomic.Int64) error {
	mine, _ := emu.Run(5001)
	other, _ := emu.Run(theirs.Load())
	puts := emu.Count("PUT", "/api/v1/execution_results/{id}")
	if puts != 1 || mine.Result != "STOPPED" || theirs.Load() == 0 || other.Status == "STATUS_COMPLETED" {
		return fmt.Errorf("after %d PUTs ours is %s, theirs (%d) %s %s: want one stop, ours STOPPED, theirs going",
			puts, mine.Result, theirs.Load(), other.Status, other.Result)
	}
	return nil
}

// stopGraceClock is a clock of the test's own, only 4 times as fast, for tests that count
// the stops after a timeout: the stop's grace then is wall time, and on testClock (started
// with the package, 50 times as fast) a second stop would never fit in it, so sending the
// stop again would go unseen.
func stopGraceClock() testsigma.Clock { return simclock.NewScaled(4) }
