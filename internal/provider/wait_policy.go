package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// newWaitPolicy is the one mapping of wait settings onto the engine, shared by
// testsigma_plan_run (which started its run, so may stop it) and testsigma_run_result (which
// did not, so never does). Progress goes to Terraform's log.
func newWaitPolicy(ctx context.Context, interval time.Duration, stopOnTimeout, stopOnInterrupt bool) testsigma.WaitPolicy {
	return testsigma.WaitPolicy{
		Interval:        interval,
		StopOnTimeout:   stopOnTimeout,
		StopOnInterrupt: stopOnInterrupt,
		Jitter:          0.1,
		OnChange: func(run testsigma.Run, elapsed time.Duration) {
			tflog.Info(ctx, "Testsigma run status", progressFields(run, elapsed))
		},
		OnPoll: func(run testsigma.Run, attempt int, elapsed time.Duration) {
			f := progressFields(run, elapsed)
			f["poll"] = attempt
			tflog.Debug(ctx, "Polled Testsigma run", f)
		},
		OnRetry: func(err error, failures int, retryAfter time.Duration) {
			tflog.Warn(ctx, "Polling the Testsigma run failed; retrying", map[string]any{"error": errText(err), "failures": failures, "retry_after_s": retryAfter.Seconds()})
		},
	}
}

func progressFields(run testsigma.Run, elapsed time.Duration) map[string]any {
	f := map[string]any{"status": run.Status, "result": run.Result, "elapsed_s": int(elapsed.Seconds())}
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
