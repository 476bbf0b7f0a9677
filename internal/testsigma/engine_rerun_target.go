package testsigma

import (
	"fmt"
	"strings"
)

// offTarget says why the deciding attempt, a re-run of failed tests asked for with the
// run's target, cannot be shown to have run against it; "" when it can, or when nothing
// was asked. Nothing documents that a re-run applies its body's environment and build
// (the open-source server takes the plan's), so a pass on another target would be a
// false green: only the finished attempt's own read is compared, a null being no proof.
func offTarget(attempts []Run, t Target) string {
	last := attempts[len(attempts)-1]
	if len(attempts) < 2 || !last.Finished {
		return ""
	}
	var off []string
	if t.EnvironmentID != nil && (last.EnvironmentID == nil || *last.EnvironmentID != *t.EnvironmentID) {
		shown := "none"
		if last.EnvironmentID != nil {
			shown = fmt.Sprint(*last.EnvironmentID)
		}
		off = append(off, fmt.Sprintf("environment %d (it shows %s)", *t.EnvironmentID, shown))
	}
	if t.BuildNumber != "" && last.BuildNumber != t.BuildNumber {
		off = append(off, fmt.Sprintf("build %s (it shows %q)", t.BuildNumber, safeText(last.BuildNumber, maxNameChars)))
	}
	if len(off) == 0 {
		return ""
	}
	return fmt.Sprintf("Re-run %d cannot be shown to have run against what it was asked for: %s. Its result does not count as a pass; "+
		"check in Testsigma which environment and build it used, or set rerun_failed_tests = 0 if re-runs on this account do not keep the target",
		last.ID, strings.Join(off, ", "))
}
