package provider

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// The wording of lookups by name and by id, for saved configs, test plans and
// environments alike, written once.

// lookupKind names what a lookup looks for, in the words its diagnostics use.
type lookupKind struct {
	title    string // starts a summary: "Test plan"
	singular string // "test plan"
	plural   string // "test plans"
	// idSource says where an id comes from; "" when the lookup takes no id.
	idSource string
}

var (
	testPlanKind = lookupKind{
		title: "Test plan", singular: "test plan", plural: "test plans",
		idSource: "A test plan's id is the Test Plan ID on the plan's CI/CD Integration tab in Testsigma",
	}
	environmentKind = lookupKind{
		title: "Environment", singular: "environment", plural: "environments",
		idSource: "An environment's id is the number in its page's URL in Testsigma (…/environments/<id>/details)",
	}
	savedConfigKind = lookupKind{title: "Saved config", singular: "saved execution config", plural: "saved execution configs"}
)

// noSuchNameText: nothing has the name. Only close names are suggested (a typo, another
// case), never the whole list; complete is false when the listing was too long to see all.
func noSuchNameText(k lookupKind, name string, names []string, complete bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "No %s is named %q", k.singular, name)
	switch near := testsigma.NearNames(name, names); {
	case len(names) == 0 && complete:
		b.WriteString("; this account has none.")
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

// duplicateNameText: several have the name, so it does not say which one is meant.
func duplicateNameText(k lookupKind, name string, ids []int64, advice string) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = strconv.FormatInt(id, 10)
	}
	return fmt.Sprintf("%d %s are named %q (ids %s), so the name does not say which one is meant. %s",
		len(ids), k.plural, name, strings.Join(s, ", "), advice)
}

// lookupFailedDiag: the API did not answer the lookup.
func lookupFailedDiag(k lookupKind, err error) diag.Diagnostic {
	if testsigma.IsUnauthorized(err) {
		return diag.NewErrorDiagnostic("Testsigma rejected the API key",
			fmt.Sprintf("Looking up the %s failed: %s. Check api_key / TESTSIGMA_API_KEY, and that the key may read %s.", k.singular, errText(err), k.plural))
	}
	return diag.NewErrorDiagnostic("Cannot look up the Testsigma "+k.singular, fmt.Sprintf("Reading the %s failed: %s.", k.plural, errText(err)))
}

// noSuchIDText: a 404 for an id. A data source never turns a wrong id into an empty result.
func noSuchIDText(k lookupKind, id int64, err error) string {
	return fmt.Sprintf("No %s has id %d (%s). %s; check it, and that the API key belongs to the %s's account.", k.singular, id, errText(err), k.idSource, k.singular)
}
