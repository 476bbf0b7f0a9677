package provider

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The state upgrade's shortcut reads stored state exactly as the framework does, and steps
// aside for whatever it does not read the same way.
func TestStateUpgradeShortcutMatchesTheFramework(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	p := newProtocolResource(t, emu, Options{Clock: testClock})
	w := p.srv.(writeOnlyActions)
	stored := map[string]string{}
	for name, cfg := range map[string]map[string]any{
		"passed, defaults": {"test_plan_id": int64(planPass)},
		"failed, with inputs": {"test_plan_id": int64(planFail), "on_failure": "warning", "build_number": "b1",
			"runtime_data": map[string]string{"env": "staging", "url": strings.Repeat("x", 300)}, "triggers": map[string]string{"v": "1"},
			"accepted_results": []string{"FAILURE", "SUCCESS"}},
	} {
		stored[name] = string(p.rawState(p.create(cfg)))
	}
	base := stored["passed, defaults"]
	stored["an attribute this version dropped"] = strings.Replace(base, `{`, `{"legacy":{"a":[1,2]},`, 1)
	stored["an attribute missing"] = strings.Replace(base, `"message":"Test plan execution completed",`, ``, 1)
	stored["a key twice"] = strings.Replace(base, `{`, `{"build_number":"first",`, 1)
	stored["failed cases, a large and a negative number"] = strings.NewReplacer(`"failed_test_cases":[]`,
		`"failed_test_cases":[{"name":"Login","result":"FAILURE","message":"timeout","machine":null,"step":"3","suite":"S"}]`,
		`"test_plan_id":`+itoa64(planPass), `"test_plan_id":9007199254740993`, `"duration_seconds":0`, `"duration_seconds":-40000`).Replace(base)
	for name, raw := range stored {
		req := &tfprotov6.UpgradeResourceStateRequest{TypeName: planRunTypeName, RawState: &tfprotov6.RawState{JSON: []byte(raw)}}
		fast := w.finished.upgrade(p.ctx, req)
		slow, err := w.actionServer.UpgradeResourceState(p.ctx, req)
		if fast == nil || err != nil || len(slow.Diagnostics) != 0 {
			t.Fatalf("%s: shortcut %v; framework error %v, diagnostics %v", name, fast, err, slow.Diagnostics)
		}
		p.sameValue(name, fast.UpgradedState, slow.UpgradedState)
	}

	for name, raw := range map[string]string{
		"a number as a string":  strings.Replace(base, `"duration_seconds":0`, `"duration_seconds":"0"`, 1),
		"a fraction":            strings.Replace(base, `"duration_seconds":0`, `"duration_seconds":1.5`, 1),
		"a boolean as a string": strings.Replace(base, `"finished":true`, `"finished":"true"`, 1),
		"a wrong kind":          strings.Replace(base, `"failed_tests":[]`, `"failed_tests":{}`, 1),
		"null":                  `null`,
		"trailing data":         base + `{}`,
	} {
		req := &tfprotov6.UpgradeResourceStateRequest{TypeName: planRunTypeName, RawState: &tfprotov6.RawState{JSON: []byte(raw)}}
		if w.finished.upgrade(p.ctx, req) != nil {
			t.Errorf("%s: the shortcut answered instead of the framework", name)
		}
	}
	older := &tfprotov6.UpgradeResourceStateRequest{TypeName: planRunTypeName, Version: 7, RawState: &tfprotov6.RawState{JSON: []byte(base)}}
	if w.finished.upgrade(p.ctx, older) != nil {
		t.Error("the shortcut upgraded state of another schema version")
	}
}

// countingValidations counts the validations that reach the framework.
type countingValidations struct {
	tfprotov6.ProviderServer
	calls atomic.Int32
}

func (c *countingValidations) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	c.calls.Add(1)
	return c.ProviderServer.ValidateResourceConfig(ctx, req)
}

// Terraform validates each instance of a counted resource: the same configuration is
// validated once, and each instance gets the framework's answer, errors included.
func TestValidationIsAnsweredOncePerConfiguration(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	p := newProtocolResource(t, emu, Options{Clock: testClock})
	w := p.srv.(writeOnlyActions)
	inner := &countingValidations{ProviderServer: w.actionServer}
	var memo validations
	configs := map[string]*tfprotov6.DynamicValue{
		"valid":              p.value(p.typ, map[string]any{"test_plan_id": int64(planPass)}),
		"poll interval 10ms": p.value(p.typ, map[string]any{"test_plan_id": int64(planPass), "poll_interval": "10ms"}),
		"unknown on_failure": p.value(p.typ, map[string]any{"test_plan_id": int64(planPass), "on_failure": "shrug"}),
	}
	for name, cfg := range configs {
		req := &tfprotov6.ValidateResourceConfigRequest{TypeName: planRunTypeName, Config: cfg}
		want, err := w.actionServer.ValidateResourceConfig(p.ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if (name == "valid") != (len(want.Diagnostics) == 0) {
			t.Fatalf("%s: the framework says %v", name, want.Diagnostics)
		}
		for range 3 {
			got, err := memo.validate(p.ctx, inner, req)
			if err != nil || summaries(got.Diagnostics) != summaries(want.Diagnostics) {
				t.Errorf("%s: %s, want %s (%v)", name, summaries(got.Diagnostics), summaries(want.Diagnostics), err)
			}
		}
	}
	if n := inner.calls.Load(); n != int32(len(configs)) {
		t.Errorf("%d configurations reached the framework %d times, want once each", len(configs), n)
	}
}

func summaries(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + ": " + d.Detail + "\n")
	}
	return b.String()
}
