package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// minWaitTimeout: a wait shorter than this could not see even a run that fails at once, so
// the run it starts (or resumes waiting for) would be wasted.
const minWaitTimeout = 10 * time.Second

// checkWaitTimeouts checks timeouts.create and timeouts.update, both of which bound a wait.
func checkWaitTimeouts(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) {
	if d, td := t.Create(ctx, defaultCreateTimeout); !td.HasError() {
		checkWaitTimeout("create", d, defaultCreateTimeout, "the run it starts would be wasted. Use at least %s (the default is %s), or set wait_for_completion = false to start the run without waiting.", diags)
	}
	if d, td := t.Update(ctx, defaultCreateTimeout); !td.HasError() {
		checkWaitTimeout("update", d, defaultCreateTimeout, "a run whose wait an update resumes would be cut off (and stopped) at once. Use at least %s (the default is %s).", diags)
	}
}

// checkWaitTimeout is the one wording of a timeouts.<name> too short; wasted ends the
// sentence, with the minimum and the default to fill in.
func checkWaitTimeout(name string, d, def time.Duration, wasted string, diags *diag.Diagnostics) {
	if d >= minWaitTimeout {
		return
	}
	diags.AddAttributeError(path.Root("timeouts").AtName(name), strings.ToUpper(name[:1])+name[1:]+" timeout too short",
		fmt.Sprintf("timeouts.%s is %s, too short to see a run end, so "+wasted, name, d, minWaitTimeout, def))
}
