package provider

import (
	"context"
	"reflect"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/mapplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The lifecycle of testsigma_plan_run, in one place. An apply leaves a run in state and a
// few flags in private state (what it knew that state does not say); recorded is that pair,
// and it alone decides what the next plan does (next), what the apply that waited says and
// leaves behind (after), and what a destroy does to the run (release). ModifyPlan, Create,
// Update and Delete only carry these decisions out.

// Keys of the resource's private state.
const (
	keyImported = "imported" // the run was imported: someone else started it
	keyUnjudged = "unjudged" // a wait ended before the run did, and it was not stopped
	keyFailed   = "failed"   // a resumed wait judged the run red
)

// planningKeys are the keys whose presence changes what the next plan does (next reads
// them): the finished-run shortcut steps aside for any of them.
var planningKeys = []string{keyFailed, keyUnjudged}

// decidesRun are the inputs that decide what runs. A change of any of them replaces the
// resource: the schema's RequiresReplace plan modifiers are made from this list (see
// requiringReplace), and replacing reads it, so the two cannot disagree. Every other
// argument is a wait setting and changes in place.
var decidesRun = []string{
	"test_plan_id", "saved_config_id", "saved_config_name", "environment_id", "build_number",
	"runtime_data", "runtime_data_wo_version", "upload_versions", "triggers",
}

// recorded is the run as the last apply (or import) left it.
type recorded struct {
	state    planRunModel
	imported bool // someone else started the run: it is theirs to stop
	unjudged bool // a wait ended before the run did and left it going, by choice
	failed   bool // a resumed wait judged it red
}

func recordedFrom(ctx context.Context, state planRunModel, p privateState) recorded {
	return recorded{state: state, imported: flag(ctx, p, keyImported), unjudged: flag(ctx, p, keyUnjudged), failed: flag(ctx, p, keyFailed)}
}

// step is what a plan does with the recorded run.
type step int

const (
	keep           step = iota // nothing pending, and passed cannot be worked out yet
	replaceInput               // an input that decides what runs changed: a new run
	replaceRed                 // the last resumed wait judged the run red: a new run, as a taint would
	resumeWait                 // an in-place update that waits for the same run and judges it
	rederivePassed             // an in-place update of wait settings; passed follows accepted_results
)

// next is what the plan does: a changed input wins over everything (the run is replaced
// anyway), then a red verdict, then a wait due, for a run left unjudged, or for one that
// wait_for_completion now asks to wait for (finished or not, it is judged then).
func (r recorded) next(plan planRunModel) step {
	switch {
	case replacing(r.state, plan):
		return replaceInput
	case r.failed:
		return replaceRed
	case plan.WaitForCompl.ValueBool() && (r.unjudged || !r.state.WaitForCompl.ValueBool()):
		return resumeWait
	case !plan.AcceptedResults.IsUnknown() && !plan.Finished.IsUnknown():
		return rederivePassed
	}
	return keep
}

// replacing: an input that decides what runs (decidesRun) changes, or is not known yet.
func replacing(state, plan planRunModel) bool {
	was, now := modelValues(state), modelValues(plan)
	for _, name := range decidesRun {
		if now[name].IsUnknown() || !was[name].Equal(now[name]) {
			return true
		}
	}
	return false
}

// modelValues are a model's attribute values by name, through its embedded parts.
func modelValues(m planRunModel) map[string]attr.Value {
	out := map[string]attr.Value{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			f, fv := v.Type().Field(i), v.Field(i)
			if name := f.Tag.Get("tfsdk"); name != "" {
				if a, ok := fv.Interface().(attr.Value); ok {
					out[name] = a
				}
			} else if f.Anonymous && fv.Kind() == reflect.Struct {
				walk(fv)
			}
		}
	}
	walk(reflect.ValueOf(m))
	return out
}

// requiringReplace is a schema attribute that replaces the resource when it changes; only
// the kinds decidesRun holds are handled (a test checks that every one got its modifier).
func requiringReplace(a schema.Attribute) schema.Attribute {
	switch a := a.(type) {
	case schema.Int64Attribute:
		a.PlanModifiers = append(a.PlanModifiers, int64planmodifier.RequiresReplace())
		return a
	case schema.StringAttribute:
		a.PlanModifiers = append(a.PlanModifiers, stringplanmodifier.RequiresReplace())
		return a
	case schema.MapAttribute:
		a.PlanModifiers = append(a.PlanModifiers, mapplanmodifier.RequiresReplace())
		return a
	}
	return a
}

// release is what destroying (or replacing) the resource does to its run.
type release int

const (
	releaseNone   release = iota // finished, or stop_on_destroy = false: nothing to stop
	releaseTheirs                // imported: someone else (a CI job, a schedule) started it
	releaseOurs                  // ours and perhaps going: the engine stops it if it goes
)

func (r recorded) release() release {
	switch {
	case r.state.Finished.ValueBool() || !r.state.StopOnDestroy.ValueBool():
		return releaseNone
	case r.imported:
		return releaseTheirs
	}
	return releaseOurs
}

// replaceWarning: a replacement stops the old run with the stop_on_destroy it was recorded
// with, so a false set in the same change comes too late for it.
func (r recorded) replaceWarning(plan planRunModel) diag.Diagnostics {
	if r.release() != releaseOurs || plan.StopOnDestroy.IsUnknown() || plan.StopOnDestroy.ValueBool() {
		return nil
	}
	return diag.Diagnostics{stopOnReplaceWarning(r.state.ID.ValueString())}
}

// left is what an apply that waited says, and what it leaves for the next plan.
type left struct {
	diags    diag.Diagnostics
	unjudged bool // the next plan resumes the wait
	failed   bool // the next plan replaces the run
}

// after judges how a wait ended. Without a verdict (a timeout, Ctrl-C, answers that could
// not be read) the apply fails, unless on_timeout = "warning" took a timeout as a warning
// (that ends the apply's interest in the run), and a run that may still go stays unjudged:
// the next apply resumes the wait for it instead of starting another (an in-place update,
// or, after a failed create that Terraform tainted, the replacement: see handOver). A run
// that ended (stopped, or judged) is the verdict, and an error in it marks the run for a
// new one, as a taint would. door says which timeout bounded the wait (create, or update
// for a resumed one).
func after(plan planRunModel, o testsigma.Outcome, we *testsigma.WaitError, door frontDoor) left {
	switch {
	case we != nil && we.Reason == testsigma.WaitTimedOut && plan.warnOnTimeout():
		return left{diags: door.outcomeDiags(o, we, plan.warnOnFailure(), true)}
	case we != nil && we.LeftGoing:
		return left{diags: diag.Diagnostics{resumeError(we, o, door)}, unjudged: true}
	}
	diags := door.outcomeDiags(o, we, plan.warnOnFailure(), plan.warnOnTimeout())
	// A run Testsigma no longer has is not waited for again: it is replaced.
	unjudged := we != nil && !we.Last.Finished && !testsigma.IsNotFound(we.Err)
	return left{diags: diags, unjudged: unjudged, failed: diags.HasError() && !unjudged}
}

// leave records the flags for the next plan and hands back what the apply says.
func (l left) leave(ctx context.Context, p privateState) diag.Diagnostics {
	setFlag(ctx, p, keyUnjudged, l.unjudged)
	setFlag(ctx, p, keyFailed, l.failed)
	return l.diags
}

// privateState is the framework's private state, as Create, Update and ImportState get it.
type privateState interface {
	GetKey(ctx context.Context, key string) ([]byte, diag.Diagnostics)
	SetKey(ctx context.Context, key string, value []byte) diag.Diagnostics
}

func flag(ctx context.Context, p privateState, key string) bool {
	b, _ := p.GetKey(ctx, key)
	return string(b) == "true"
}

func setFlag(ctx context.Context, p privateState, key string, on bool) {
	value := []byte(nil)
	if on {
		value = []byte("true")
	}
	_ = p.SetKey(ctx, key, value) // the keys are valid constants: SetKey cannot fail
}
