#!/usr/bin/env bash
# Runs `terraform validate` on every directory under examples/ that holds .tf files, against
# a provider built from this checkout, so an example that names an attribute the schema does
# not have fails here and not in a user's editor. Offline: Terraform finds the provider
# through dev_overrides, with no registry and no `terraform init`. An example that also
# needs another provider (which could only come from the registry) is skipped with a note.
# TERRAFORM_CLI=tofu validates with OpenTofu instead.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

# The CLI to validate with: terraform, or tofu for OpenTofu.
tf="${TERRAFORM_CLI:-terraform}"
command -v "$tf" >/dev/null 2>&1 || {
	echo "validate-examples: $tf is not on PATH; install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_CLI=tofu)" >&2
	exit 1
}

# Actions (`action` blocks, `action_trigger`) need Terraform 1.14 or later; OpenTofu has none.
# Examples that use them are skipped, with a note, where the CLI cannot read them.
cli_version="$("$tf" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p')"
actions=yes
if "$tf" version 2>/dev/null | grep -q '^OpenTofu'; then
	actions="no: OpenTofu has no actions"
elif [[ -z "$cli_version" || "$(printf '%s\n' 1.14.0 "$cli_version" | sort -V | head -n 1)" != 1.14.0 ]]; then
	actions="no: actions need Terraform 1.14 or later, this is ${cli_version:-an unknown version}"
fi

# Import by identity (`import { identity = … }`) needs Terraform 1.12 or later.
identity=yes
if "$tf" version 2>/dev/null | grep -q '^OpenTofu'; then
	identity="no: this OpenTofu is not known to read import by identity"
elif [[ -z "$cli_version" || "$(printf '%s\n' 1.12.0 "$cli_version" | sort -V | head -n 1)" != 1.12.0 ]]; then
	identity="no: import by identity needs Terraform 1.12 or later, this is ${cli_version:-an unknown version}"
fi

make_tmp validate

echo "==> Building the provider"
build_provider
# Most documentation snippets have no required_providers block (tfplugindocs embeds them
# as they are), so Terraform takes `testsigma` there to mean hashicorp/testsigma.
use_built_provider testsigma/testsigma hashicorp/testsigma

# Providers an example may use: ours, under either address (in Terraform's registry or,
# for OpenTofu, in OpenTofu's), and the built-in one (terraform_data).
ours='^(registry\.(terraform\.io|opentofu\.org)/(testsigma|hashicorp)/testsigma|terraform\.io/builtin/terraform)$'

echo "==> $tf validate"
failed=0
validated=0
skipped=0
while IFS= read -r dir; do
	if [[ "$actions" != yes ]] &&
		grep -Eqs '^[[:space:]]*(action[[:space:]]+"|action_trigger[[:space:]]*\{)' "$dir"/*.tf; then
		echo "skip $dir: uses an action (${actions#no: })"
		skipped=$((skipped + 1))
		continue
	fi
	work="$tmp/work/$dir"
	copy_module "$dir" "$work"
	# import-by-identity.tf is the other way to write import-by-string-id.tf (both in one
	# module would import the resource twice): where the CLI reads it, it is validated in
	# that file's place.
	if [[ -f "$work/import-by-identity.tf" ]]; then
		if [[ "$identity" == yes ]]; then
			mv "$work/import-by-identity.tf" "$work/import-by-string-id.tf"
		else
			rm "$work/import-by-identity.tf"
			echo "note $dir: import-by-identity.tf not validated (${identity#no: })"
		fi
	fi
	if ! providers="$(cd "$work" && "$tf" providers -no-color 2>"$tmp/providers.log")"; then
		echo "FAIL $dir: $tf providers failed:" >&2
		cat "$tmp/providers.log" >&2
		failed=1
		continue
	fi
	others="$(grep -o 'provider\[[^]]*\]' <<<"$providers" | sed 's/^provider\[//; s/\]$//' |
		sort -u | grep -Ev "$ours" || true)"
	if [[ -n "$others" ]]; then
		echo "skip $dir: also needs $(paste -sd ' ' - <<<"$others"), which cannot be installed offline"
		skipped=$((skipped + 1))
		continue
	fi
	# Terraform leaves a provider that nothing uses out of the graph, so a provider block
	# alone (examples/provider) would go unchecked. Something that uses it keeps it in.
	echo 'data "testsigma_saved_configs" "validate_examples_uses_the_provider" {}' \
		>"$work/zz_validate_examples.tf"
	# validate also checks the module's test files (*.tftest.hcl; OpenTofu's *.tofutest.hcl).
	if (cd "$work" && "$tf" validate -no-color) >"$tmp/validate.log" 2>&1; then
		echo "ok   $dir"
		validated=$((validated + 1))
	else
		echo "FAIL $dir:" >&2
		cat "$tmp/validate.log" >&2
		failed=1
	fi
done < <(find examples -name '*.tf' -not -path '*/.terraform/*' -exec dirname {} \; | sort -u)

echo "    $validated valid, $skipped skipped"
if [[ "$failed" -ne 0 ]]; then
	echo "validate-examples: some examples are not valid" >&2
	exit 1
fi
