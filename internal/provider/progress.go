package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// pollJitter spreads the polls of a large fan-out a little, so they do not arrive in step.
const pollJitter = 0.1

// logEvents turns the engine's progress stream into Terraform log lines, what a user sees
// with TF_LOG_PROVIDER=INFO: one short sentence per event, the same the action shows as
// progress (the link once, when the wait starts and for each re-run), with how long the wait
// has gone on. The only field is run_id, for filtering; Terraform adds its own (the RPC,
// the resource type). Each poll is a DEBUG line; the fields never hold the API key or runtime
// data.
func logEvents(ctx context.Context) func(testsigma.Event) {
	var following int64 // the attempt being followed, to name it before its first read
	return func(e testsigma.Event) {
		following = followed(e, following)
		if e.Run.ID == 0 {
			e.Run.ID = following
		}
		level, line := logLine(e)
		if line == "" {
			return
		}
		f := map[string]any{"run_id": e.Run.ID}
		switch level {
		case "debug":
			tflog.Debug(ctx, line, f)
		case "warn":
			tflog.Warn(ctx, line, f)
		default:
			tflog.Info(ctx, line, f)
		}
	}
}

// logLine is the sentence an event is logged as, and its level.
func logLine(e testsigma.Event) (level, line string) {
	switch e.Kind {
	case testsigma.EventPolled:
		return "debug", fmt.Sprintf("Testsigma run %d: polled, %s (poll %d%s)", e.Run.ID, orUnknown(e.Run.Status), e.Poll, waited(e))
	case testsigma.EventRetrying:
		line := fmt.Sprintf("Testsigma run %d: reading its status failed (%d in a row), retrying: %s", e.Run.ID, e.Failures, errText(e.Err))
		return "warn", line
	case testsigma.EventStarted, testsigma.EventRerun:
		return "info", "Testsigma " + progressMessage(e)
	}
	msg := progressMessage(e)
	if msg == "" {
		return "", ""
	}
	line = "Testsigma " + strings.TrimSuffix(msg, ".")
	if w := waited(e); w != "" {
		line += " (" + strings.TrimPrefix(w, ", ") + ")"
	}
	return "info", line
}

// waited is ", waited 1m5s", or "" before any time has passed.
func waited(e testsigma.Event) string {
	if e.Elapsed < time.Second {
		return ""
	}
	return ", waited " + e.Elapsed.Round(time.Second).String()
}
