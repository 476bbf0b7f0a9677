package provider

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// checkSavedConfigName fails the plan when no saved config has the name (suggesting the
// close ones) or several have it (with their ids). An API that cannot be asked right now
// only warns: the trigger will tell. A rejected key fails: the trigger would fail as well.
func checkSavedConfigName(ctx context.Context, client *testsigma.Client, name string, at path.Path, diags *diag.Diagnostics) {
	configs, err := client.SavedConfigs(ctx)
	if err != nil {
		if testsigma.IsUnauthorized(err) {
			diags.Append(diag.WithPath(at, lookupFailedDiag(savedConfigKind, err)))
			return
		}
		diags.Append(configUncheckedWarning(at, "name", err))
		return
	}
	oneConfigNamed(configs, name, at, diags)
}

// oneConfigNamed is the one saved config named exactly name, through the lookup every kind
// shares. The data source, the resource and the action all look a name up through it.
func oneConfigNamed(all []testsigma.SavedConfig, name string, at path.Path, diags *diag.Diagnostics) (testsigma.SavedConfig, bool) {
	return oneNamed(savedConfigKind, at, name, configsNamed(all, name), savedConfigID, diags)
}

func savedConfigID(c testsigma.SavedConfig) int64 { return c.ID }

// checkSavedConfigID fails the plan when no saved config has the id, as a wrong name does:
// otherwise the mistake shows only when the trigger is refused.
func checkSavedConfigID(ctx context.Context, client *testsigma.Client, id int64, at path.Path, diags *diag.Diagnostics) {
	configs, err := client.SavedConfigs(ctx)
	if err != nil {
		diags.Append(configUncheckedWarning(at, "id", err))
		return
	}
	for _, c := range configs {
		if c.ID == id {
			return
		}
	}
	diags.Append(notFoundDiag(savedConfigKind, at, noSuchConfigIDText(id)))
}

// configsNamed is the lookup of name in the whole listing, shaped as the client's lookups by
// name are: the API sends every config at once, so it is always complete.
func configsNamed(configs []testsigma.SavedConfig, name string) testsigma.Lookup[testsigma.SavedConfig] {
	found, seen := testsigma.Lookup[testsigma.SavedConfig]{Complete: true}, map[string]bool{}
	for _, c := range configs {
		if c.Name == name {
			found.Matches = append(found.Matches, c)
		}
		if !seen[c.Name] {
			seen[c.Name] = true
			found.Names = append(found.Names, c.Name)
		}
	}
	sort.SliceStable(found.Matches, func(i, j int) bool { return found.Matches[i].ID < found.Matches[j].ID })
	return found
}
