package provider

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The catalogue of lookups by name and by id, for saved configs, test plans and
// environments alike, and of listings that failed or stopped short. Every such wording is
// written here, once; TestDiagnostics_summariesWrittenOnce keeps it so.

// lookupKind names what a lookup looks for, in the words its diagnostics use.
type lookupKind struct {
	title    string // starts a summary: "Test plan"
	singular string // "test plan"
	plural   string // "test plans"
	// idSource says where an id comes from; "" when the lookup takes no id.
	idSource string
	// noneYet is what to do when the account has none at all; "" when there is no advice.
	noneYet string
	// pickOne is how to choose among several items that share name.
	pickOne func(name string) string
}

func setIDInstead(string) string {
	return "Set id to one of them instead of name, or rename them in Testsigma so the name is unique."
}

var (
	testPlanKind = lookupKind{
		title: "Test plan", singular: "test plan", plural: "test plans",
		idSource: "A test plan's id is the Test Plan ID on the plan's CI/CD Integration tab in Testsigma",
		pickOne:  setIDInstead,
	}
	environmentKind = lookupKind{
		title: "Environment", singular: "environment", plural: "environments",
		idSource: "An environment's id is the number in its page's URL in Testsigma (…/environments/<id>/details)",
		pickOne:  setIDInstead,
	}
	savedConfigKind = lookupKind{
		title: "Saved config", singular: "saved execution config", plural: "saved execution configs",
		noneYet: "Create one on the test plan in Testsigma (Run > Save as favourite) first.",
		pickOne: func(name string) string {
			return fmt.Sprintf("Use data \"testsigma_saved_configs\" with name = %q and pick one by id from its configs (or set saved_config_id directly), or rename the configs in Testsigma so the name is unique.", name)
		},
	}
)

// notFoundDiag: nothing is what the configuration at `at` names; detail says by what.
func notFoundDiag(k lookupKind, at path.Path, detail string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, k.title+" not found", detail)
}

// noneNamedDiag: no item of the lookup has the name; the names it saw suggest the close ones.
func noneNamedDiag[T any](k lookupKind, at path.Path, name string, found testsigma.Lookup[T]) diag.Diagnostic {
	return notFoundDiag(k, at, noSuchNameText(k, name, found.Names, found.Complete))
}

// notUniqueDiag: several items share the name, so it does not say which one is meant.
func notUniqueDiag(k lookupKind, at path.Path, name string, ids []int64) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(at, k.title+" name is not unique", duplicateNameText(k, name, ids))
}

// noSuchNameText: nothing has the name. Only close names are suggested (a typo, another
// case), never the whole list; complete is false when the listing was too long to see all.
func noSuchNameText(k lookupKind, name string, names []string, complete bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "No %s is named %q", k.singular, name)
	switch near := testsigma.NearNames(name, names); {
	case len(names) == 0 && complete:
		b.WriteString("; this account has none.")
		if k.noneYet != "" {
			b.WriteString(" " + k.noneYet)
		}
	case len(near) > 0:
		quoted := make([]string, len(near))
		for i, n := range near {
			quoted[i] = strconv.Quote(n)
		}
		fmt.Fprintf(&b, " (names are exact and case-sensitive). Closest names: %s.", strings.Join(quoted, ", "))
	default:
		fmt.Fprintf(&b, " (names are exact and case-sensitive), and none of the %d existing names is close to it.", len(names))
	}
	if !complete {
		fmt.Fprintf(&b, " The listing of %s is longer than the provider reads, so only the first %d names were searched.", k.plural, len(names))
	}
	if k.idSource != "" {
		b.WriteString(" " + k.idSource + "; set id instead of name to use one directly.")
	}
	return b.String()
}

// duplicateNameText: several have the name (ids in order), and how to pick one of them.
func duplicateNameText(k lookupKind, name string, ids []int64) string {
	ids = slices.Sorted(slices.Values(ids))
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return fmt.Sprintf("%d %s are named %q (ids %s), so the name does not say which one is meant. %s",
		len(ids), k.plural, name, strings.Join(s, ", "), k.pickOne(name))
}

// lookupFailedDiag: the API did not answer the lookup or the listing.
func lookupFailedDiag(k lookupKind, err error) diag.Diagnostic {
	if testsigma.IsUnauthorized(err) {
		return keyRejectedDiag("Looking up the "+k.singular, err, "read "+k.plural, "")
	}
	return diag.NewErrorDiagnostic("Cannot look up the Testsigma "+k.singular, fmt.Sprintf("Reading the %s failed: %s.", k.plural, errText(err)))
}

// noSuchIDText: a 404 for an id. A data source never turns a wrong id into an empty result.
func noSuchIDText(k lookupKind, id int64, err error) string {
	return fmt.Sprintf("No %s has id %d (%s). %s; check it, and that the API key belongs to the %s's account.", k.singular, id, errText(err), k.idSource, k.singular)
}

// noSuchConfigIDText: saved configs are checked against the whole listing, not read by id.
func noSuchConfigIDText(id int64) string {
	return fmt.Sprintf("No saved execution config has id %d in this account (it may have been deleted, or belong to another account). See the ids with data \"testsigma_saved_configs\", or name the config with saved_config_name instead.", id)
}

// configUncheckedWarning: the plan-time check of saved_config_<what> could not list the
// configs; the trigger will still tell, so the plan goes on.
func configUncheckedWarning(at path.Path, what string, err error) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(at, "Cannot check the saved config "+what,
		"Listing saved configs failed ("+errText(err)+"); the "+what+" is checked when the run is triggered instead.")
}

// sharedConfigNamesWarning: testsigma_saved_configs leaves the names several configs share
// (quoted) out of by_name rather than pick one.
func sharedConfigNamesWarning(quoted []string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Saved config names are not unique",
		"Several configs share the names "+strings.Join(quoted, ", ")+", so by_name leaves them out. Refer to them by id (configs, ids) or rename them in Testsigma.")
}

// listRunsDiag: the list resource could not read the plan's runs.
func listRunsDiag(testPlanID int64, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Cannot list the test plan's runs",
		fmt.Sprintf("Listing the runs of test plan %d failed: %s.", testPlanID, errText(err)))
}

// listIncompleteDiag: the walk stopped at its page bound. Testsigma lists a plan's runs
// oldest first, so what is missing is the newest runs, and the ones shown (the newest of
// those read) may be old: the warning says which ids may be missing, and how to adopt one.
func listIncompleteDiag(testPlanID, newestRead int64) diag.Diagnostic {
	return diag.NewWarningDiagnostic("The newest runs of the test plan may be missing",
		fmt.Sprintf("Test plan %d has more runs than the provider reads in one listing, and Testsigma lists them oldest first: "+
			"the runs shown are the newest of those read, up to run %d, and runs started after it may be missing from this list. "+
			"To adopt a newer run, take its id from the run's page in Testsigma (…/ui/td/runs/<id>) and import it: import { identity = { id = <id> } }.",
			testPlanID, newestRead))
}
