package provider

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The catalogue of bad input, caught at plan time (or at import): what was wrong and how to
// write it instead. Every such wording is written here, once;
// TestDiagnostics_summariesWrittenOnce keeps it so.

func invalidDurationDiag(at path.Path, raw string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid duration",
		fmt.Sprintf("%q is not a duration. Write it as a number with a unit, such as \"10s\", \"1m\" or \"1m30s\".", raw))
}

func durationTooShortDiag(at path.Path, raw string, least time.Duration) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Duration too short",
		fmt.Sprintf("%q is shorter than %s; use %s or more, so polling does not hammer the Testsigma API.", raw, least, least))
}

// unknownResultDiag points the docs' spellings (PASSED, FAILED) to the values the API sends.
func unknownResultDiag(at path.Path, got string) diag.Diagnostic {
	detail := fmt.Sprintf("%q is not a Testsigma result. Use one of: %s.", got, strings.Join(testsigma.KnownResults, ", "))
	if norm := testsigma.NormalizeResult(got); norm != got && testsigma.IsKnownResult(norm) {
		detail = fmt.Sprintf("%q is how parts of Testsigma's documentation spell it, but the API sends %q; write %q.", got, norm, norm)
	}
	return diag.NewAttributeErrorDiagnostic(at, "Unknown result in accepted_results", detail)
}

// checkPollIntervalFits: a poll_interval longer than the whole wait could never be used.
// timeout names the timeouts block's attribute: create for the resource, invoke for the action.
func checkPollIntervalFits(interval, limit time.Duration, timeout string, diags *diag.Diagnostics) {
	if interval <= limit || limit <= 0 {
		return
	}
	diags.AddAttributeError(path.Root("poll_interval"), "poll_interval is longer than the "+timeout+" timeout",
		fmt.Sprintf("poll_interval is %s but timeouts.%s is %s, so the run could never be checked before the wait ends. Use a poll_interval well below %s.", interval, timeout, limit, limit.Round(time.Second)))
}

// minWaitTimeout: a wait shorter than this could not see even a run that fails at once, so
// the run it starts (or resumes waiting for) would be wasted.
const minWaitTimeout = 10 * time.Second

// checkWaitTimeouts checks timeouts.create and timeouts.update, both of which bound a wait.
func checkWaitTimeouts(ctx context.Context, t timeouts.Value, diags *diag.Diagnostics) {
	if d, td := timeoutOr(ctx, t.Object, "create", defaultCreateTimeout, t.Create); !td.HasError() {
		checkWaitTimeout("create", d, defaultCreateTimeout, "the run it starts would be wasted. Use at least %s (the default is %s), or set wait_for_completion = false to start the run without waiting.", diags)
	}
	if d, td := timeoutOr(ctx, t.Object, "update", defaultCreateTimeout, t.Update); !td.HasError() {
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

// woNeedsVersionDiag: a write-only map (runtime_data_wo, secret_variables_wo) without its
// version, which is how Terraform learns that new values must be sent. what names the
// values; after ends the sentence ("" or a parenthesis).
func woNeedsVersionDiag(attr, what, after string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr+"_version"), attr+" needs "+attr+"_version",
		attr+" is write-only: Terraform never stores it, so it cannot see when its values change. Set "+attr+"_version = 1, and raise it whenever "+what+" should be sent again"+after+".")
}

func runtimeKeyTwiceDiag(k string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("runtime_data_wo").AtMapKey(k), "Runtime data key set twice",
		fmt.Sprintf("The key %q is in both runtime_data and runtime_data_wo, so it is not clear which value the tests should get. Keep it in one of them: runtime_data_wo for secrets (never stored), runtime_data for the rest.", k))
}

func variableKeyTwiceDiag(k string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("secret_variables_wo").AtMapKey(k), "Variable key set twice",
		fmt.Sprintf("The key %q is in both variables and secret_variables_wo, and an environment has one variable per key. Keep it in one of them: secret_variables_wo for secrets (encrypted, never stored), variables for the rest.", k))
}

// emptyVariableKeyDiag: attr is the map (variables or secret_variables_wo) that has key k.
func emptyVariableKeyDiag(attr, k string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attr).AtMapKey(k), "Empty variable key",
		fmt.Sprintf("%s has the key %q, which is empty or only white space. Every environment variable needs a name the tests refer to it by; give it one or remove the entry.", attr, k))
}

// nullValueDiag: the map at `at` has a null value under k, which the trigger could not send.
func nullValueDiag(at path.Path, k string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at.AtMapKey(k), "Null value in a map",
		fmt.Sprintf("%s[%q] is null, and every value must be a string. Give it a value (\"\" for an empty one) or remove the key.", strings.TrimPrefix(at.String(), "."), k))
}

// invalidIDDiag: an id attribute holds a number that is not a whole one in range; text is
// the number as written.
func invalidIDDiag(at path.Path, text string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid Testsigma id",
		fmt.Sprintf("%s is not a Testsigma id: ids are whole numbers from 1 to %d, such as the number in the item's URL in Testsigma. Write the id without a fraction or an exponent, or look the item up by name (data \"testsigma_test_plan\", \"testsigma_environment\", \"testsigma_saved_config\") and use its id.",
			text, int64(math.MaxInt64)))
}

// invalidRunIDDiag: a run id in state or an import that is not a positive whole number.
func invalidRunIDDiag(at path.Path, raw string) diag.Diagnostic {
	return runIDDiag(at, "\""+raw+"\" is not a run id. A run id is a positive whole number, the number at the end of the run's URL in Testsigma (…/ui/td/runs/<id>), e.g. 5001.")
}

func runIDDiag(at path.Path, detail string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid Testsigma run id", detail)
}

// identityWithoutIDDiag: `import { identity = { id = null } }`.
func identityWithoutIDDiag() diag.Diagnostic {
	return runIDDiag(path.Root("id"),
		"The import identity has no id. Set id to the run id: a positive whole number, the number at the end of the run's URL in Testsigma (…/ui/td/runs/<id>), e.g. import { identity = { id = 5001 } }.")
}

// importIDDiag: what is the kind of id ("environment"), example how to import one.
func importIDDiag(raw, what, example string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid "+what+" id",
		fmt.Sprintf("%q is not a Testsigma %s id. Import with %s.", raw, what, example))
}

func invalidNextIntervalDiag(at path.Path, got string) diag.Diagnostic {
	return nextIntervalDiag(at, fmt.Sprintf("next_interval must be like 2026-12-24T09:30:00 (ISO 8601 local time, no zone; the zone goes in timezone), got %q.", got))
}

func invalidTimezoneDiag(at path.Path, got string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid timezone",
		fmt.Sprintf("timezone must be a time zone name such as \"EST\", \"PST\" or \"IST\" (the names Testsigma's docs use) or an IANA name such as \"America/New_York\", with no spaces or offsets, got %q.", got))
}

// oncePastDiag: a ONCE schedule's only run is already past, so it would never run.
func oncePastDiag(at path.Path, when, now string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "ONCE schedule in the past",
		fmt.Sprintf("A ONCE schedule runs only at next_interval, %s, which is in the past (it is now %s there): it would never run. Set a time to come.", when, now))
}

// skippedLocalTimeDiag: next_interval falls in the hour the clocks skip in its zone.
func skippedLocalTimeDiag(at path.Path, local, zone string) diag.Diagnostic {
	return nextIntervalDiag(at, fmt.Sprintf("next_interval %s does not exist in %s: the clocks skip that time there (daylight saving time starts). Set a time outside the skipped hour.", local, zone))
}

func nextIntervalDiag(at path.Path, detail string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid next_interval", detail)
}

func invalidRegexDiag(at path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, "Invalid regular expression",
		"name_regex is not a valid RE2 expression: "+err.Error()+". See https://github.com/google/re2/wiki/Syntax.")
}
