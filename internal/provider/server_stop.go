package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// On Ctrl-C Terraform sends StopProvider. terraform-plugin-go answers it by first calling
// the provider's StopProvider (the framework cancels the action's context there), then
// closing its own contexts, after which it drops whatever an action's stream still sends,
// its final diagnostics too. An interrupted action stops its run and reports so a moment
// after its context ends, which is after that close: Terraform then saw the stream end
// with no error and printed "Apply complete!". So StopProvider waits here, bounded, until
// every action being invoked has delivered its last event.

// stopDeliveryBound bounds that wait. The action's own stop on interrupt has a grace of a
// few seconds; this is a backstop for one that hangs, not a schedule, so it is wall time.
const stopDeliveryBound = 10 * time.Second

// invocations counts the action invocations whose events are still being delivered.
type invocations struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0
}

func (f *invocations) start() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n == 0 {
		f.idle = make(chan struct{})
	}
	f.n++
}

func (f *invocations) end() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n--; f.n == 0 {
		close(f.idle)
	}
}

// wait returns when no invocation is delivering events, or after bound.
func (f *invocations) wait(bound time.Duration) {
	f.mu.Lock()
	idle, n := f.idle, f.n
	f.mu.Unlock()
	if n == 0 {
		return
	}
	t := time.NewTimer(bound)
	defer t.Stop()
	select {
	case <-idle:
	case <-t.C:
	}
}

// InvokeAction counts the invocation until its stream has delivered its last event: the
// caller sends each event before asking for the next, so when the events end, all were sent.
func (s writeOnlyActions) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	resp, err := s.actionServer.InvokeAction(ctx, req)
	if err != nil || resp == nil || resp.Events == nil {
		return resp, err
	}
	events := resp.Events
	resp.Events = func(push func(tfprotov6.InvokeActionEvent) bool) {
		s.invoking.start()
		defer s.invoking.end()
		events(push)
	}
	return resp, nil
}

// StopProvider cancels what runs (the framework's part), then holds the answer until the
// interrupted actions have reported, so their errors reach Terraform.
func (s writeOnlyActions) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	resp, err := s.actionServer.StopProvider(ctx, req)
	s.invoking.wait(stopDeliveryBound)
	return resp, err
}
