package provider

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The shortcut for finished runs (finishedRuns) answers what the framework answers, and
// steps aside whenever it might not.
func TestFinishedRunShortcutMatchesTheFramework(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	for name, cfg := range map[string]map[string]any{
		"passed, defaults":           {"test_plan_id": int64(planPass)},
		"failed, on_failure warning": {"test_plan_id": int64(planFail), "on_failure": "warning", "build_number": "b1"},
		"accepted results set":       {"test_plan_id": int64(planFail), "on_failure": "warning", "accepted_results": []string{"FAILURE", "SUCCESS"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := newProtocolResource(t, emu, Options{Clock: testClock})
			state := p.create(cfg)
			w := p.srv.(writeOnlyActions)
			fast := w.finished.read(p.ctx, &tfprotov6.ReadResourceRequest{TypeName: planRunTypeName, CurrentState: state})
			slow, err := w.actionServer.ReadResource(p.ctx, &tfprotov6.ReadResourceRequest{TypeName: planRunTypeName, CurrentState: state})
			if err != nil || fast == nil {
				t.Fatalf("read: shortcut %v, framework error %v", fast, err)
			}
			p.sameValue("refreshed state", fast.NewState, slow.NewState)
			sameIdentity(t, "refresh", fast.NewIdentity, slow.NewIdentity)
			if len(slow.Diagnostics) != 0 || !samePrivate(fast.Private, slow.Private) {
				t.Errorf("read: framework diagnostics %v, private %q vs %q", slow.Diagnostics, slow.Private, fast.Private)
			}
			req := &tfprotov6.PlanResourceChangeRequest{TypeName: planRunTypeName, PriorState: state, ProposedNewState: state, Config: p.config}
			fp := w.finished.plan(p.ctx, req)
			sp, err := w.actionServer.PlanResourceChange(p.ctx, req)
			if err != nil || fp == nil {
				t.Fatalf("plan: shortcut %v, framework error %v", fp, err)
			}
			p.sameValue("planned state", fp.PlannedState, sp.PlannedState)
			sameIdentity(t, "plan", fp.PlannedIdentity, sp.PlannedIdentity)
			withIdentity := *req
			withIdentity.PriorIdentity = slow.NewIdentity // as Terraform 1.12+ sends it after the refresh
			fp, sp = w.finished.plan(p.ctx, &withIdentity), nil
			if sp, err = w.actionServer.PlanResourceChange(p.ctx, &withIdentity); err != nil || fp == nil {
				t.Fatalf("plan with identity: shortcut %v, framework error %v", fp, err)
			}
			sameIdentity(t, "plan with identity", fp.PlannedIdentity, sp.PlannedIdentity)
			if len(sp.Diagnostics) != 0 || len(sp.RequiresReplace) != 0 || !samePrivate(fp.PlannedPrivate, sp.PlannedPrivate) {
				t.Errorf("plan: framework diagnostics %v, replace %v, private %q vs %q", sp.Diagnostics, sp.RequiresReplace, sp.PlannedPrivate, fp.PlannedPrivate)
			}

			// A changed configuration, a flag in the private state, a run still going: the
			// framework decides.
			changed := p.value(p.typ, map[string]any{"test_plan_id": cfg["test_plan_id"], "on_failure": "error", "triggers": map[string]string{"v": "2"}})
			if w.finished.plan(p.ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: planRunTypeName, PriorState: state, ProposedNewState: changed, Config: changed}) != nil {
				t.Error("the shortcut planned a changed configuration")
			}
			for _, private := range []string{`{"failed":"dHJ1ZQ=="}`, `{"unjudged":"dHJ1ZQ=="}`, `not json`} {
				flaggedReq := *req
				flaggedReq.PriorPrivate = []byte(private)
				if w.finished.plan(p.ctx, &flaggedReq) != nil {
					t.Errorf("the shortcut planned over private state %s", private)
				}
			}
		})
	}
	t.Run("run still going", func(t *testing.T) {
		p := newProtocolResource(t, emu, Options{Clock: testClock})
		state := p.create(map[string]any{"test_plan_id": int64(planLong), "wait_for_completion": false})
		w := p.srv.(writeOnlyActions)
		if w.finished.read(p.ctx, &tfprotov6.ReadResourceRequest{TypeName: planRunTypeName, CurrentState: state}) != nil {
			t.Error("the shortcut refreshed a run still going")
		}
	})
}

func (p *protocolResource) sameValue(what string, a, b *tfprotov6.DynamicValue) {
	p.tb.Helper()
	va, err1 := a.Unmarshal(p.typ)
	vb, err2 := b.Unmarshal(p.typ)
	if err1 != nil || err2 != nil || !va.Equal(vb) {
		p.tb.Errorf("%s: shortcut %v, framework %v (%v, %v)", what, va, vb, err1, err2)
	}
}

// samePrivate compares private states as JSON (nil and empty are the same: no keys).
func samePrivate(a, b []byte) bool {
	var ma, mb map[string]any
	_ = json.Unmarshal(a, &ma)
	_ = json.Unmarshal(b, &mb)
	return len(ma) == 0 && len(mb) == 0 || reflect.DeepEqual(ma, mb)
}

// sameIdentity: the shortcut hands Terraform (1.12+) the identity the framework would.
func sameIdentity(t *testing.T, what string, fast, slow *tfprotov6.ResourceIdentityData) {
	t.Helper()
	typ := identityType
	decode := func(d *tfprotov6.ResourceIdentityData) string {
		if d == nil || d.IdentityData == nil {
			return "none"
		}
		v, err := d.IdentityData.Unmarshal(typ)
		if err != nil {
			return err.Error()
		}
		return v.String()
	}
	if f, s := decode(fast), decode(slow); f != s {
		t.Errorf("%s identity: shortcut %s, framework %s", what, f, s)
	}
}
