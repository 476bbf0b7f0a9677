package provider

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// checkSavedConfigName fails the plan when no saved config has the name, listing the closest
// ones. An API that cannot be asked right now only warns: the trigger will tell.
func checkSavedConfigName(ctx context.Context, client *testsigma.Client, name string, at path.Path, diags *diag.Diagnostics) {
	configs, err := client.SavedConfigs(ctx)
	if err != nil {
		if testsigma.IsUnauthorized(err) {
			diags.AddAttributeError(at, "Cannot list Testsigma saved configs", errText(err)+". Check api_key / TESTSIGMA_API_KEY.")
			return
		}
		diags.AddAttributeWarning(at, "Cannot check the saved config name", "Listing saved configs failed ("+errText(err)+"); the name is checked when the run is triggered instead.")
		return
	}
	if len(configsNamed(configs, name)) == 0 {
		diags.AddAttributeError(at, "Saved config not found", noSuchConfigText(name, configs))
	}
}

func configsNamed(configs []testsigma.SavedConfig, name string) []testsigma.SavedConfig {
	var out []testsigma.SavedConfig
	for _, c := range configs {
		if c.Name == name {
			out = append(out, c)
		}
	}
	return out
}

func noSuchConfigText(name string, configs []testsigma.SavedConfig) string {
	if len(configs) == 0 {
		return fmt.Sprintf("No saved execution config is named %q; this account has none. Create one on the test plan in Testsigma (Run > Save as favourite) first.", name)
	}
	return fmt.Sprintf("No saved execution config is named %q (names are exact and case-sensitive). Closest names: %s.", name, strings.Join(closestNames(name, configs, 5), ", "))
}

// closestNames ranks existing names by edit distance to name, case-insensitively.
func closestNames(name string, configs []testsigma.SavedConfig, limit int) []string {
	type scored struct {
		name string
		d    int
	}
	seen := map[string]bool{}
	var all []scored
	for _, c := range configs {
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		all = append(all, scored{c.Name, editDistance(strings.ToLower(name), strings.ToLower(c.Name))})
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].d != all[j].d {
			return all[i].d < all[j].d
		}
		return all[i].name < all[j].name
	})
	var out []string
	for _, s := range all[:min(limit, len(all))] {
		out = append(out, fmt.Sprintf("%q", s.name))
	}
	return out
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}
