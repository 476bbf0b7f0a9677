package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer is the provider's protocol 6 server: the framework's, with one correction.
// terraform-plugin-framework v1.19 validates every action configuration as if the client
// could not send write-only values, so any value in the action's runtime_data_wo is
// refused with "WriteOnly Attribute Not Allowed". Every client that can invoke an action
// (Terraform 1.14+) supports write-only arguments (1.11+), so that one diagnostic is dropped
// from ValidateActionConfig; everything else is the framework's, unchanged.
func NewServer(version string, opts Options) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		inner := providerserver.NewProtocol6(NewWithOptions(version, opts)())()
		// The provider declares actions and list resources, so the framework's server serves
		// both; the wrapper must pass both on, or Terraform would see neither.
		if actions, ok := inner.(actionServer); ok {
			return writeOnlyActions{actionServer: actions, finished: &finishedRuns{inner: actions}, invoking: &invocations{}}
		}
		return inner
	}
}

// writeOnlyNotAllowed is the framework's summary for a write-only value it thinks the client
// cannot send.
const writeOnlyNotAllowed = "WriteOnly Attribute Not Allowed"

// actionServer is a protocol server with actions and list resources.
type actionServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ActionServer
	tfprotov6.ListResourceServer
}

// writeOnlyActions serves actions, list resources and everything else the provider has (no
// state stores) through the framework.
// Refreshing and planning a finished run take a shortcut (finishedRuns), and so do the
// state upgrade and the validation that Terraform sends with each run in state. A stop
// waits for interrupted actions to report (server_stop.go).
type writeOnlyActions struct {
	actionServer
	finished *finishedRuns
	invoking *invocations // see server_stop.go
}

func (s writeOnlyActions) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	if resp := s.finished.read(ctx, req); resp != nil {
		return resp, nil
	}
	return s.actionServer.ReadResource(ctx, req)
}

func (s writeOnlyActions) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if resp := s.finished.plan(ctx, req); resp != nil {
		return resp, nil
	}
	return s.actionServer.PlanResourceChange(ctx, req)
}

func (s writeOnlyActions) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	if resp := s.finished.upgrade(ctx, req); resp != nil {
		return resp, nil
	}
	return s.actionServer.UpgradeResourceState(ctx, req)
}

func (s writeOnlyActions) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return s.finished.validate(ctx, s.actionServer, req)
}

func (s writeOnlyActions) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	resp, err := s.actionServer.ValidateActionConfig(ctx, req)
	if resp != nil {
		kept := resp.Diagnostics[:0]
		for _, d := range resp.Diagnostics {
			if d.Summary != writeOnlyNotAllowed {
				kept = append(kept, d)
			}
		}
		resp.Diagnostics = kept
	}
	return resp, err
}
