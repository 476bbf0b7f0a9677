package testsigma

import (
	"context"
	"time"
)

// clockTolerance is how far ahead of this machine's clock a server's time may be and still
// be believed: clocks drift, but a run does not start an hour from now.
const clockTolerance = 5 * time.Minute

// vetted is a decoded answer the client checks against what it knows before using it.
type vetted interface {
	vet(ctx context.Context, c *Client)
}

func (r *rawRun) vet(ctx context.Context, c *Client) { c.saneClocks(ctx, r.run) }

// saneClocks drops a run's times that cannot be facts, so they are neither stored nor
// remembered for the wait schedule: a start or end in the future (beyond clockTolerance),
// an end before the start (which of the two is wrong cannot be told: both go), a negative
// duration. Each is noted at DEBUG.
func (c *Client) saneClocks(ctx context.Context, run *Run) {
	now := time.Now() // the server's times are compared with the real clock (as in Trigger), not the engine's
	var dropped []string
	future := func(t *time.Time) bool { return t != nil && t.After(now.Add(clockTolerance)) }
	backwards := run.StartedAt != nil && run.FinishedAt != nil && run.FinishedAt.Before(*run.StartedAt)
	if backwards {
		run.StartedAt, run.FinishedAt, dropped = nil, nil, append(dropped, "endTime is before startTime")
	}
	if future(run.StartedAt) {
		run.StartedAt, dropped = nil, append(dropped, "startTime is in the future")
	}
	if future(run.FinishedAt) {
		run.FinishedAt, dropped = nil, append(dropped, "endTime is in the future")
	}
	if run.Duration != nil && *run.Duration < 0 {
		run.Duration, dropped = nil, append(dropped, "duration is negative")
	}
	if len(dropped) > 0 && c.opts.Logger != nil {
		c.opts.Logger.Debug(ctx, "Testsigma sent run times that cannot be right; they are left out", map[string]any{"run_id": run.ID, "reasons": dropped})
	}
}
