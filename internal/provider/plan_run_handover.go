package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// A create that ends without a verdict (a timeout, Ctrl-C, answers that cannot be read)
// fails the apply with the run in state, and Terraform marks a create that failed tainted:
// the next apply replaces it, destroying first, then creating. Terraform hands the create
// half nothing of the tainted object, so the destroy half hands its run over, in this
// process (one apply walk serves both halves), and the create half takes it up instead of
// starting another run: the same run is waited for and judged, as rule "without a verdict
// the gate stays closed, and the next apply resumes the run" wants.
//
// The destroy half knows it is one (keyCreatePlanned: the create half's plan marks the
// replacement) and that no input changed (keyInputChanged, set when a plan against the
// recorded run replaces it for a changed input: then the old run is released as before).

// Keys of the planned private state that tell a replacement's destroy half what it is.
const (
	keyCreatePlanned = "create_planned" // a create is planned after this destroy
	keyInputChanged  = "input_changed"  // the replacement is for an input that changed
)

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

// replacementOfTainted: this destroy is the first half of a replacement that no changed
// input asked for (a tainted resource, or -replace).
func replacementOfTainted(ctx context.Context, req resource.DeleteRequest) bool {
	return req.Private != nil && flag(ctx, req.Private, keyCreatePlanned) && !flag(ctx, req.Private, keyInputChanged)
}
