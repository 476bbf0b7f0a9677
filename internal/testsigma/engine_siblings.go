package testsigma

import (
	"context"
	"reflect"
	"sync"
)

// inflight are the triggers this client is sending or reconciling. Runs that differ only in
// what the API does not show (runtime data, upload versions) cannot be told apart, so while a
// sibling trigger of the same plan has no answer, a run that appears may be the sibling's:
// a lost answer waits for the sibling, and never adopts while one is unresolved.
type inflight struct {
	mu  sync.Mutex
	set map[*pending]bool
}

type pending struct {
	req       TriggerRequest
	ambiguous bool          // its answer was lost and it is looking for its run
	done      chan struct{} // closed when the trigger has returned
}

func (f *inflight) begin(req TriggerRequest) *pending {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.set == nil {
		f.set = map[*pending]bool{}
	}
	p := &pending{req: req, done: make(chan struct{})}
	f.set[p] = true
	return p
}

func (f *inflight) end(p *pending) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.set, p)
	close(p.done)
}

// markAmbiguous: p's answer was lost. It stays so until p returns, since a lost answer is
// never followed by another POST.
func (f *inflight) markAmbiguous(p *pending) {
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ambiguous = true
}

// siblings are the other triggers in flight whose runs the API could not tell from p's:
// those still waiting for their answer, those looking for a lost one with another body, and
// twins, looking with the very same body (any run either made is as good for both).
func (f *inflight) siblings(p *pending) (posting, looking []*pending, twins int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for o := range f.set {
		switch {
		case o == p || !indistinguishable(o.req, p.req):
		case !o.ambiguous:
			posting = append(posting, o)
		case reflect.DeepEqual(o.req, p.req):
			twins++
		default:
			looking = append(looking, o)
		}
	}
	return posting, looking, twins
}

// awaitSiblings waits, while ctx lasts, for the siblings still waiting for their answer: once
// answered, the run each made is claimed and no longer a candidate.
func (f *inflight) awaitSiblings(ctx context.Context, p *pending) {
	posting, _, _ := f.siblings(p)
	for _, o := range posting {
		select {
		case <-o.done:
		case <-ctx.Done():
			return
		}
	}
}

// unresolvedSiblings: blocked when some sibling that is not a twin has not yet claimed its
// run, so any run may be its; twins counts the twins still looking.
func (f *inflight) unresolvedSiblings(p *pending) (blocked bool, twins int) {
	posting, looking, twins := f.siblings(p)
	return len(posting)+len(looking) > 0, twins
}

// indistinguishable: the same plan, and nothing the run object shows (build number,
// environment, saved config) set differently on both.
func indistinguishable(a, b TriggerRequest) bool {
	differ := func(x, y *int64) bool { return x != nil && y != nil && *x != *y }
	switch {
	case a.TestPlanID != b.TestPlanID, a.BuildNumber != b.BuildNumber, differ(a.EnvironmentID, b.EnvironmentID):
		return false
	case a.Config != nil && b.Config != nil:
		ca, cb := a.Config, b.Config
		return !differ(ca.ID, cb.ID) && (ca.Name == "" || cb.Name == "" || ca.Name == cb.Name)
	}
	return true
}
