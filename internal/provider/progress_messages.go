package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/action"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// sendProgress is the action's OnEvent: every event is logged as the resource logs it, and
// the ones worth a line are shown at once to whoever runs the apply (SendProgress needs no
// TF_LOG, which is why the action exists).
func sendProgress(ctx context.Context, send func(action.InvokeProgressEvent)) func(testsigma.Event) {
	logEvent := logEvents(ctx)
	var following int64 // the attempt being followed, to name it before its first read
	return func(e testsigma.Event) {
		logEvent(e)
		following = followed(e, following)
		if e.Run.ID == 0 {
			e.Run.ID = following
		}
		msg := progressMessage(e)
		// Once Terraform stops the invocation it stops reading the stream too, and a send
		// would then block forever, before the run could be stopped.
		if msg == "" || send == nil || ctx.Err() != nil {
			return
		}
		send(action.InvokeProgressEvent{Message: msg})
	}
}

// progressMessage is the one short line an event is worth, or "" for the ones too chatty
// to show (every poll). Events never carry the API key or runtime data, so no line can.
func progressMessage(e testsigma.Event) string {
	run := e.Run
	switch e.Kind {
	case testsigma.EventStarted:
		if run.Adopted {
			return fmt.Sprintf("run %d of %s started (the trigger's answer was lost; found among the plan's runs): %s", run.ID, planLabel(run), e.URL)
		}
		return fmt.Sprintf("run %d of %s started: %s", run.ID, planLabel(run), e.URL)
	case testsigma.EventStatus:
		return runPrefix(run) + orUnknown(run.Status)
	case testsigma.EventProgress:
		if line := doneLine(run.Counts); line != "" {
			return runPrefix(run) + line
		}
	case testsigma.EventRetrying:
		// Once per outage: the backoff may retry many times, and each try would be noise.
		if e.Failures == 1 {
			return runPrefix(run) + "status reads failing, retrying: " + errText(e.Err)
		}
	case testsigma.EventRerun:
		return fmt.Sprintf("re-running failed tests: run %d: %s", run.ID, e.URL)
	case testsigma.EventFinished:
		return verdictLine(e)
	}
	return ""
}

// runPrefix names the run a line is about; before the first successful read the event's run
// may not be known yet.
func runPrefix(run testsigma.Run) string {
	if run.ID == 0 {
		return ""
	}
	return fmt.Sprintf("run %d: ", run.ID)
}

// doneLine is "12/40 done, 1 failed", or "" when the run reports no counts.
func doneLine(c testsigma.Counts) string {
	done, ok := c.Done()
	if !ok {
		return ""
	}
	line := fmt.Sprintf("%d/%d done", done, *c.Total)
	if c.Failed != nil && *c.Failed > 0 {
		line += fmt.Sprintf(", %d failed", *c.Failed)
	}
	return line
}

// verdictLine: the verdict first, then the result and the counts it rests on.
func verdictLine(e testsigma.Event) string {
	verdict := "passed"
	if !e.Passed {
		verdict = "did not pass"
	}
	result := e.Run.Result
	if result == "" {
		result = "no result"
	}
	line := fmt.Sprintf("run %d %s: %s", e.Run.ID, verdict, result)
	if c := countsText(e.Run.Counts); c != "" {
		return line + ", " + c
	}
	return line
}

// followed is the attempt being followed after this event: a new one when the wait starts or a
// re-run does, else the one before.
func followed(e testsigma.Event, prev int64) int64 {
	if e.Kind == testsigma.EventStarted || e.Kind == testsigma.EventRerun {
		return e.Run.ID
	}
	return prev
}
