package testsigma

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
)

// ErrRateLimited is a request this provider did not send: its own rate limit
// (max_requests_per_second) had no slot for it before the deadline. Testsigma never saw it.
var ErrRateLimited = errors.New("not sent: the provider's own rate limit (max_requests_per_second) had no slot for it before the deadline")

// limit waits for the client's rate limiter. A limiter that refuses because its next slot is
// after ctx's deadline (rate.Limiter says "would exceed context deadline" at once) would
// leave a wait with no last status read, so a run that finished would not be judged: the
// first such refusal of a run's status read is sent anyway (one per run: its final read,
// since no later slot comes before the deadline either). Other refusals are ErrRateLimited.
func (c *Client) limit(ctx context.Context, cl call) error {
	if c.opts.Limiter == nil {
		return nil
	}
	lerr := c.opts.Limiter.Wait(ctx)
	if lerr == nil {
		return nil
	}
	if cause := context.Cause(ctx); cause != nil {
		return cause
	}
	if cl.method == http.MethodGet && isRunPath(cl.path) && c.finalReads.reserve(cl.path) {
		return nil
	}
	return ErrRateLimited
}

// finalReads are the status reads already sent past the rate limit, by path.
type finalReads struct {
	mu   sync.Mutex
	sent map[string]bool
}

func (f *finalReads) reserve(path string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sent[path] {
		return false
	}
	if f.sent == nil {
		f.sent = map[string]bool{}
	}
	f.sent[path] = true
	return true
}

// isRunPath: the path reads a run's status (not its cases or anything else).
func isRunPath(p string) bool {
	rest, ok := strings.CutPrefix(p, "/execution_results/")
	return ok && rest != "" && !strings.Contains(rest, "/")
}
