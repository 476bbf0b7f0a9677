package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// fakePrivate is private state as a map, for the plan-time rules that read it.
type fakePrivate map[string][]byte

func (p fakePrivate) GetKey(_ context.Context, k string) ([]byte, diag.Diagnostics) { return p[k], nil }
func (p fakePrivate) SetKey(_ context.Context, k string, v []byte) diag.Diagnostics {
	p[k] = v
	return nil
}

// A replacement stops the old run with the stop_on_destroy it was recorded with: when the
// configuration now says false, the plan warns that the new value comes too late for it.
// Terraform's test harness does not show warnings, so the rule is checked here directly.
func TestPlanWarning_stopOnDestroyChangedInAReplacement(t *testing.T) {
	t.Parallel()
	running := func(stop bool) planRunModel {
		var m planRunModel
		m.ID, m.StopOnDestroy, m.Finished = types.StringValue("5001"), types.BoolValue(stop), types.BoolValue(false)
		return m
	}
	ctx := context.Background()
	if d := recordedFrom(ctx, running(true), fakePrivate{}).replaceWarning(running(false)); len(d) != 1 || !strings.Contains(d[0].Detail(), "run 5001 is still going") || !strings.Contains(d[0].Detail(), "apply stop_on_destroy = false on its own first") {
		t.Errorf("no warning, or the wrong one: %v", d)
	}
	finished := running(true)
	finished.Finished = types.BoolValue(true)
	for name, tc := range map[string]struct {
		state, plan planRunModel
		private     fakePrivate
	}{
		"unchanged":            {running(true), running(true), fakePrivate{}},
		"already false":        {running(false), running(false), fakePrivate{}},
		"finished run":         {finished, running(false), fakePrivate{}},
		"imported, never ours": {running(true), running(false), fakePrivate{keyImported: []byte("true")}},
	} {
		if d := recordedFrom(ctx, tc.state, tc.private).replaceWarning(tc.plan); len(d) != 0 {
			t.Errorf("%s: unexpected warning %v", name, d)
		}
	}
}
