package testsigma

import (
	"context"
	"errors"
	"fmt"
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
// first such refusal of a wait's status read of a run is sent anyway (one per run: its final read,
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
	if isPoll(cl) && c.finalReads.reserve(cl.path) {
		return nil
	}
	return fmt.Errorf("%w (%v)", ErrRateLimited, lerr)
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

// isPoll: the call is a wait's own status read of a run (getRunOnce: not retried, the wait
// has its own schedule), not its cases or any other read.
func isPoll(cl call) bool {
	rest, ok := strings.CutPrefix(cl.path, "/execution_results/")
	return cl.method == http.MethodGet && cl.retry == retryNever && ok && rest != "" && !strings.Contains(rest, "/")
}
