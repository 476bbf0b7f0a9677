package provider

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
)

// A create that ends without a verdict (a timeout, Ctrl-C, answers that cannot be read)
// fails the apply with the run in state, and Terraform marks a create that failed tainted:
// the next apply replaces it, destroying first, then creating. Terraform hands the create
// half nothing of the tainted object, so the destroy half hands its run over, in this
// process (one apply walk serves both halves), and the create half takes it up instead of
// starting another run: the same run is waited for and judged, as rule "without a verdict
// the gate stays closed, and the next apply resumes the run" wants.
//
// The destroy half knows it is one, and that the create half asks for the same run: the
// create half's plan records the inputs that decide what runs in the planned private state
// (keyCreatePlanned), which Terraform hands to the destroy half of the same replacement.
// When an input changed, the old run is released as before (stop_on_destroy).

// keyCreatePlanned holds, in a create's planned private state, the inputs that decide what
// runs as planned (those known at plan time), as JSON.
const keyCreatePlanned = "create_planned"

// markCreatePlanned records plan's inputs for the destroy half of a replacement.
func markCreatePlanned(ctx context.Context, p privateState, plan planRunModel) {
	known := map[string]string{}
	values := modelValues(plan)
	for _, name := range decidesRun {
		if v := values[name]; v != nil && !v.IsUnknown() {
			known[name] = v.String()
		}
	}
	raw, _ := json.Marshal(known) // a map of strings always marshals
	_ = p.SetKey(ctx, keyCreatePlanned, raw)
}

// replacedForSameRun: this destroy is the first half of a replacement whose create asks
// for the same run as state records (a tainted resource, or -replace), not for a changed
// input.
func replacedForSameRun(ctx context.Context, p privateState, state planRunModel) bool {
	raw, _ := p.GetKey(ctx, keyCreatePlanned)
	var planned map[string]string
	if len(raw) == 0 || json.Unmarshal(raw, &planned) != nil {
		return false
	}
	values := modelValues(state)
	for name, v := range planned {
		if values[name] == nil || values[name].String() != v {
			return false
		}
	}
	return true
}

// handedOver is a run left without a verdict, waiting for the create half of its resource's
// replacement: the API it lives in (base) and its state when the destroy half saw it.
type handedOver struct {
	base  string
	state planRunModel
}

var handovers struct {
	sync.Mutex
	runs []handedOver
}

// handOver keeps state's run for the create that follows in this apply.
func handOver(base string, state planRunModel) {
	handovers.Lock()
	defer handovers.Unlock()
	handovers.runs = append(handovers.runs, handedOver{base: base, state: state})
}

// takeOver is the run handed over for a create of plan against base, if any: the first
// whose every input that decides what runs equals plan's (an input still unknown in the
// plan is not compared). Resources with identical inputs are interchangeable: each takes
// a different run.
func takeOver(base string, plan planRunModel) (planRunModel, bool) {
	handovers.Lock()
	defer handovers.Unlock()
	want := modelValues(plan)
	for i, h := range handovers.runs {
		if h.base == base && sameInputs(modelValues(h.state), want) {
			handovers.runs = append(handovers.runs[:i], handovers.runs[i+1:]...)
			return h.state, true
		}
	}
	return planRunModel{}, false
}

func sameInputs(was, now map[string]attr.Value) bool {
	for _, name := range decidesRun {
		if !now[name].IsUnknown() && !was[name].Equal(now[name]) {
			return false
		}
	}
	return true
}
