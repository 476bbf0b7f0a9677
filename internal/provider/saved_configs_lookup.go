package provider

import (
	"context"
	"fmt"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// checkSavedConfigName fails the plan when no saved config has the name (suggesting the
// close ones) or several have it (with their ids). An API that cannot be asked right now
// only warns: the trigger will tell.
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
	oneConfigNamed(configs, name, at, diags)
}

// oneConfigNamed is the one saved config named exactly name, or the error that says why there
// is none: no config has the name (with the close names), or several do (with their ids).
// The data source, the resource and the action all look a name up through it.
func oneConfigNamed(all []testsigma.SavedConfig, name string, at path.Path, diags *diag.Diagnostics) (testsigma.SavedConfig, bool) {
	matched := configsNamed(all, name)
	switch len(matched) {
	case 0:
		diags.AddAttributeError(at, "Saved config not found", noSuchConfigText(name, all))
		return testsigma.SavedConfig{}, false
	case 1:
		return matched[0], true
	}
	sort.SliceStable(matched, func(i, j int) bool { return matched[i].ID < matched[j].ID })
	diags.AddAttributeError(at, "Saved config name is not unique", duplicateConfigNameText(name, matched))
	return testsigma.SavedConfig{}, false
}

// checkSavedConfigID fails the plan when no saved config has the id, as a wrong name does:
// otherwise the mistake shows only when the trigger is refused.
func checkSavedConfigID(ctx context.Context, client *testsigma.Client, id int64, at path.Path, diags *diag.Diagnostics) {
	configs, err := client.SavedConfigs(ctx)
	if err != nil {
		diags.AddAttributeWarning(at, "Cannot check the saved config id", "Listing saved configs failed ("+errText(err)+"); the id is checked when the run is triggered instead.")
		return
	}
	for _, c := range configs {
		if c.ID == id {
			return
		}
	}
	diags.AddAttributeError(at, "Saved config not found",
		fmt.Sprintf("No saved execution config has id %d in this account (it may have been deleted, or belong to another account). See the ids with data \"testsigma_saved_configs\", or name the config with saved_config_name instead.", id))
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

// noSuchConfigText: the shared near-name rule, and what to do when there is no config at all.
func noSuchConfigText(name string, configs []testsigma.SavedConfig) string {
	if len(configs) == 0 {
		return fmt.Sprintf("No saved execution config is named %q; this account has none. Create one on the test plan in Testsigma (Run > Save as favourite) first.", name)
	}
	names := make([]string, len(configs))
	for i, c := range configs {
		names[i] = c.Name
	}
	return noSuchNameText(savedConfigKind, name, names, true) // the API sends every config at once
}
