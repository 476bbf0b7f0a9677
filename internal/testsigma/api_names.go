package testsigma

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/agext/levenshtein"
)

// maxNearNames caps the suggestions, so that many similar names (Plan 1 .. Plan 99) still
// never turn into a list of everything there is.
const maxNearNames = 5

// NearNames returns the names close to name, closest first: those within an edit distance
// of a third of name's length (at least 1), compared without regard to case, so a typo or
// a wrong case is suggested and an unrelated name never is. name itself is left out.
func NearNames(name string, names []string) []string {
	limit := max(1, utf8.RuneCountInString(name)/3)
	lower := strings.ToLower(name)
	type scored struct {
		name string
		d    int
	}
	var near []scored
	seen := map[string]bool{name: true}
	for _, n := range names {
		if seen[n] {
			continue
		}
		seen[n] = true
		// No MaxCost shortcut: in agext/levenshtein v1.2.3 it can answer less than the real
		// distance (4 for "chrome" and "smoke" is answered 1 with MaxCost(2)).
		if d := levenshtein.Distance(lower, strings.ToLower(n), nil); d <= limit {
			near = append(near, scored{n, d})
		}
	}
	sort.SliceStable(near, func(i, j int) bool {
		if near[i].d != near[j].d {
			return near[i].d < near[j].d
		}
		return near[i].name < near[j].name
	})
	out := make([]string, 0, min(len(near), maxNearNames))
	for _, s := range near[:min(len(near), maxNearNames)] {
		out = append(out, s.name)
	}
	return out
}
