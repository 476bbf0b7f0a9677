package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// pollJitter spreads the polls of a large fan-out a little, so they do not arrive in step.
const pollJitter = 0.1

// logEvents turns the engine's progress stream into Terraform log lines: what a user sees
// with TF_LOG_PROVIDER=INFO (the link, every status change, progress, the verdict), and each
// poll at DEBUG. The fields never hold the API key or runtime data.
func logEvents(ctx context.Context) func(testsigma.Event) {
	return func(e testsigma.Event) {
		f := progressFields(e)
		switch e.Kind {
		case testsigma.EventStarted:
			tflog.Info(ctx, "Waiting for the Testsigma run to finish", f)
		case testsigma.EventPolled:
			tflog.Debug(ctx, "Polled Testsigma run", f)
		case testsigma.EventStatus:
			tflog.Info(ctx, "Testsigma run status", f)
		case testsigma.EventProgress:
			tflog.Info(ctx, "Testsigma run progress", f)
		case testsigma.EventRetrying:
			f["error"], f["failures"], f["retry_after_s"] = errText(e.Err), e.Failures, e.RetryAfter.Seconds()
			tflog.Warn(ctx, "Polling the Testsigma run failed; retrying", f)
		case testsigma.EventRerun:
			tflog.Info(ctx, "Re-running the failed tests of the Testsigma run", f)
		case testsigma.EventFinished:
			f["passed"] = e.Passed
			tflog.Info(ctx, "Testsigma run finished", f)
		}
	}
}

func progressFields(e testsigma.Event) map[string]any {
	run := e.Run
	f := map[string]any{"elapsed_s": int(e.Elapsed.Seconds())}
	// Before the first good poll (a retry of it) nothing is known of the run: the context's
	// run_id stays, rather than a run_id=0 and an empty status.
	if run.ID != 0 {
		f["run_id"], f["status"], f["result"] = run.ID, run.Status, run.Result
	}
	if e.URL != "" {
		f["url"] = e.URL
	}
	if e.Poll > 0 {
		f["poll"] = e.Poll
	}
	if c := run.Counts; c.Total != nil {
		f["total"] = *c.Total
		for name, v := range map[string]*int64{"passed": c.Passed, "failed": c.Failed} {
			if v != nil {
				f[name] = *v
			}
		}
	}
	return f
}
