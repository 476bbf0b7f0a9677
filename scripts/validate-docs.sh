#!/usr/bin/env bash
# The registry's checks of docs/ (layout, front matter, a page for every resource, data
# source, action and list resource), with the generator pinned in tools/go.mod, offline.
# The schema comes from where `make generate` takes it: the provider itself
# (internal/cmd/providerschema, which includes what Terraform before 1.14 leaves out). Its
# output is long, so it is shown only when it fails. Run by .ci/run and the workflow.
set -euo pipefail

cd "$(dirname "$0")/.."

dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

go run ./internal/cmd/providerschema -o "$dir/providers-schema.json" || {
	echo "validate-docs: internal/cmd/providerschema could not write the provider's schema" >&2
	exit 1
}
if (cd tools && go tool tfplugindocs validate --provider-dir .. --provider-name testsigma --providers-schema "$dir/providers-schema.json") >"$dir/validate.log" 2>&1; then
	echo "    docs/ passes tfplugindocs validate"
else
	cat "$dir/validate.log" >&2
	echo "validate-docs: tfplugindocs validate rejects docs/ (see above)" >&2
	exit 1
fi
