package testsigma

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// wantMayHaveStarted fails unless err is the "may have started" error of a trigger with
// build number build (a generated one when build is ""), saying what to look for: the build
// number, and to import or stop the run before applying again.
func wantMayHaveStarted(t *testing.T, err error, build string) *TriggerError {
	t.Helper()
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted {
		t.Fatalf("err %v: want a 'may have started' TriggerError", err)
	}
	if build == "" && !IsGeneratedBuildNumber(te.BuildNumber) || build != "" && te.BuildNumber != build {
		t.Errorf("build number %q, want %q (generated when empty)", te.BuildNumber, build)
	}
	msg := err.Error()
	for _, want := range []string{"may have started", `build number "` + te.BuildNumber + `"`, "Look in Testsigma", "terraform import", "did not retry"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not say %q", msg, want)
		}
	}
	return te
}

// A genuine gateway 503 before the server made anything: the answer proves nothing, so only
// reads follow. They find nothing over the whole look, and the trigger is not sent again (it
// might have made a run the listing does not show yet): one POST, no run, and an error that
// says a run may have started and what to look for.
func TestTrigger_ambiguousAnswerWhoseReadsFindNothingIsNotSentAgain(t *testing.T) {
	for name, build := range map[string]string{"build number set": "v7", "generated build number": ""} {
		t.Run(name, func(t *testing.T) {
			emu, c := recEmu(t, documented)
			emu.Fault(triggerRoute, emulator.Status(503).Once())
			start := c.opts.Clock.Now()
			_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20, BuildNumber: build})
			if n, runs := posts(emu), len(emu.Runs()); n != 1 || runs != 0 {
				t.Fatalf("%d POSTs, %d runs (err %v): want the one POST and no run", n, runs, err)
			}
			te := wantMayHaveStarted(t, err, build)
			if waited := c.opts.Clock.Now().Sub(start); waited < lookWindow || len(te.Found) != 0 || te.LookErr != nil {
				t.Errorf("after %s: found %v, look error %v; want complete reads over %s that found nothing", waited, te.Found, te.LookErr, lookWindow)
			}
			if msg := err.Error(); !strings.Contains(msg, "were read for 30 seconds") || !strings.Contains(msg, "may lag") {
				t.Errorf("error %q: want how long the runs were read, and that the listing may lag", msg)
			}
		})
	}
}
