package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// envCreateFailedText explains a failed create. When the answer was lost (the environment
// may exist) or Testsigma refused the name as taken, one lookup by name through the
// documented listing finds the environment to import: the create is never sent again, and
// names are unique in Testsigma, so that lookup is what settles it.
func envCreateFailedText(ctx context.Context, client *testsigma.Client, name string, err error) string {
	lost, taken := testsigma.MayHaveBeenMade(err), strings.Contains(err.Error(), "same name")
	if !lost && !taken {
		return envWriteText("Creating", name, err)
	}
	where := namedEnvironment(ctx, client, name)
	if taken {
		return failedText(fmt.Sprintf("Creating environment %q", name), err) + " Another environment has this name: " + where + " Or choose another name."
	}
	return fmt.Sprintf("The answer to creating it was lost (%s), so environment %q may have been created. %s", errText(err), name, where)
}

// namedEnvironment says which environment has name now, and how to adopt it.
func namedEnvironment(ctx context.Context, client *testsigma.Client, name string) string {
	found, err := client.Environments(ctx, name)
	switch {
	case err != nil:
		return fmt.Sprintf("Looking it up by name failed too (%s): find it in Testsigma, and import it with terraform import <address> <id> to manage it.", errText(err))
	case len(found.Matches) == 1:
		id := found.Matches[0].ID
		return fmt.Sprintf("Environment %d has that name: if it is the one this configuration describes, import it with terraform import <address> %d to manage it.", id, id)
	case len(found.Matches) == 0 && found.Complete:
		return "No environment has that name now, so none was created: apply again."
	}
	return "Find it in Testsigma, and import it with terraform import <address> <id> to manage it."
}

// unplannedVariables are the keys Testsigma holds now that the state the plan was made
// from did not (added in Testsigma after `plan -out`): the PUT sends the whole list, so
// it would delete them although the plan showed no such change.
func unplannedVariables(ctx context.Context, prior environmentResourceModel, current []testsigma.EnvironmentVariable) []string {
	known, _ := stringMap(ctx, prior.Variables)
	if known == nil {
		known = map[string]string{}
	}
	for _, k := range prior.SecretVariableKeys.Elements() {
		if s, ok := k.(types.String); ok {
			known[s.ValueString()] = ""
		}
	}
	var added []string
	for _, v := range current {
		if _, ok := known[v.Key]; !ok {
			added = append(added, v.Key)
		}
	}
	return added
}
