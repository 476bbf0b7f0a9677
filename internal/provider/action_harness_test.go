package provider

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/hashicorp/terraform-plugin-log/tfsdklogtest"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The Terraform CLI here (1.11) cannot run an action, so these tests take Terraform core's
// place: they build the provider server in process and call the action RPCs with config
// values made with tftypes, against the emulator over real HTTP through the real client.

const actionName = "testsigma_run_test_plan"

// unknown marks a config value as not known until apply.
type unknownValue struct{}

var unknown = unknownValue{}

// actionHarness is one provider server, configured or not, as Terraform sees it.
type actionHarness struct {
	t        *testing.T
	srv      tfprotov6.ProviderServerWithActions //nolint:staticcheck // the only interface with the action RPCs in plugin-go v0.31
	provider tftypes.Object
	action   tftypes.Object
	logs     *lockedBuffer
}

// lockedBuffer collects the provider's and the framework's log lines, written from the
// invocation's goroutine while the test reads progress.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newActionHarness(t *testing.T, opts Options) *actionHarness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = testClock
	}
	srv, err := NewServer("test", opts)(), error(nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &actionHarness{t: t, srv: srv.(tfprotov6.ProviderServerWithActions), logs: &lockedBuffer{}} //nolint:staticcheck // see actionHarness
	resp, err := h.srv.GetProviderSchema(h.ctx(t.Context()), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	expectNoDiags(t, "GetProviderSchema", resp.Diagnostics)
	s, ok := resp.ActionSchemas[actionName]
	if !ok {
		t.Fatalf("the provider has no action %s", actionName)
	}
	h.provider = resp.Provider.ValueType().(tftypes.Object)
	h.action = s.Schema.ValueType().(tftypes.Object)
	return h
}

// ctx carries loggers that write every provider and framework log line, at every level,
// into h.logs, as TF_LOG=trace would.
func (h *actionHarness) ctx(ctx context.Context) context.Context {
	return tflogtest.RootLogger(tfsdklogtest.RootLogger(ctx, h.logs), h.logs)
}

// configure points the provider at the emulator with the given key.
func (h *actionHarness) configure(baseURL, apiKey string) {
	h.t.Helper()
	resp, err := h.srv.ConfigureProvider(h.ctx(h.t.Context()), &tfprotov6.ConfigureProviderRequest{
		Config: h.value(h.provider, map[string]any{"base_url": baseURL, "api_key": apiKey}),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	expectNoDiags(h.t, "ConfigureProvider", resp.Diagnostics)
}

func (h *actionHarness) validate(cfg map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.srv.ValidateActionConfig(h.ctx(h.t.Context()), &tfprotov6.ValidateActionConfigRequest{ActionType: actionName, Config: h.value(h.action, cfg)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

func (h *actionHarness) plan(cfg map[string]any) []*tfprotov6.Diagnostic {
	h.t.Helper()
	resp, err := h.srv.PlanAction(h.ctx(h.t.Context()), &tfprotov6.PlanActionRequest{ActionType: actionName, Config: h.value(h.action, cfg)})
	if err != nil {
		h.t.Fatal(err)
	}
	return resp.Diagnostics
}

// invoked is what Terraform receives from one invocation: the progress lines in order, and
// the diagnostics of the completed event.
type invoked struct {
	messages []string
	diags    []*tfprotov6.Diagnostic
}

// invoke runs the action to completion, reading the stream as Terraform does. onMessage,
// if set, sees each progress line as it arrives.
func (h *actionHarness) invoke(ctx context.Context, cfg map[string]any, onMessage func(string)) invoked {
	h.t.Helper()
	stream, err := h.srv.InvokeAction(h.ctx(ctx), &tfprotov6.InvokeActionRequest{ActionType: actionName, Config: h.value(h.action, cfg)})
	if err != nil {
		h.t.Fatal(err)
	}
	var out invoked
	completed := 0
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			out.messages = append(out.messages, e.Message)
			if onMessage != nil {
				onMessage(e.Message)
			}
		case tfprotov6.CompletedInvokeActionEventType:
			out.diags = e.Diagnostics
			completed++
		default:
			h.t.Fatalf("unexpected event %T", ev.Type)
		}
	}
	if completed != 1 {
		h.t.Fatalf("%d completed events, want 1", completed)
	}
	return out
}

// value builds an object of typ from Go values: int, string, bool, map[string]string,
// []string, unknown, and for nested objects (the timeouts block) map[string]any. Attributes
// not given are null, as Terraform sends them.
func (h *actionHarness) value(typ tftypes.Object, set map[string]any) *tfprotov6.DynamicValue {
	h.t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, h.object(typ, set))
	if err != nil {
		h.t.Fatal(err)
	}
	return &dv
}

func (h *actionHarness) object(typ tftypes.Object, set map[string]any) tftypes.Value {
	h.t.Helper()
	vals := map[string]tftypes.Value{}
	for name, at := range typ.AttributeTypes {
		vals[name] = tftypes.NewValue(at, nil)
	}
	for name, v := range set {
		at, ok := typ.AttributeTypes[name]
		if !ok {
			h.t.Fatalf("the schema has no attribute %q", name)
		}
		vals[name] = h.toValue(at, v)
	}
	return tftypes.NewValue(typ, vals)
}

func (h *actionHarness) toValue(typ tftypes.Type, v any) tftypes.Value {
	h.t.Helper()
	switch v := v.(type) {
	case unknownValue:
		return tftypes.NewValue(typ, tftypes.UnknownValue)
	case nil:
		return tftypes.NewValue(typ, nil)
	case map[string]any:
		return h.object(typ.(tftypes.Object), v)
	case map[string]string:
		elems := map[string]tftypes.Value{}
		for k, s := range v {
			elems[k] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(typ, elems)
	case map[string]*string: // a map with null values
		elems := map[string]tftypes.Value{}
		for k, s := range v {
			elems[k] = tftypes.NewValue(tftypes.String, s)
		}
		return tftypes.NewValue(typ, elems)
	case []string:
		elems := []tftypes.Value{}
		for _, s := range v {
			elems = append(elems, tftypes.NewValue(tftypes.String, s))
		}
		return tftypes.NewValue(typ, elems)
	}
	return tftypes.NewValue(typ, v)
}

func expectNoDiags(t *testing.T, what string, diags []*tfprotov6.Diagnostic) {
	t.Helper()
	for _, d := range diags {
		t.Errorf("%s: unexpected %s diagnostic: %s: %s", what, severity(d), d.Summary, d.Detail)
	}
}

func severity(d *tfprotov6.Diagnostic) string {
	if d.Severity == tfprotov6.DiagnosticSeverityError {
		return "error"
	}
	return "warning"
}

// onlyDiag returns the one diagnostic of the wanted severity, failing on any other.
func onlyDiag(t *testing.T, diags []*tfprotov6.Diagnostic, sev tfprotov6.DiagnosticSeverity) *tfprotov6.Diagnostic {
	t.Helper()
	if len(diags) != 1 || diags[0].Severity != sev {
		for _, d := range diags {
			t.Logf("%s: %s: %s", severity(d), d.Summary, d.Detail)
		}
		t.Fatalf("got %d diagnostics, want exactly one of severity %v", len(diags), sev)
	}
	return diags[0]
}

// diagText is every diagnostic as one text, for searching.
func diagText(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + "\n" + d.Detail + "\n")
	}
	return b.String()
}

// configuredHarness is a harness whose provider talks to emu with its key.
func configuredHarness(t *testing.T, emu *emulator.Server) *actionHarness {
	h := newActionHarness(t, Options{})
	h.configure(emu.URL(), emu.APIKey())
	return h
}
