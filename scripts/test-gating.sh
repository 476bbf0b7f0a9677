#!/usr/bin/env bash
# Runs `terraform test` on examples/gating against the local Testsigma API emulator, with a
# provider built from this checkout: the test file users can copy, proven to work. Needs Go
# and Terraform; no network, no Testsigma account. Everything it creates lives in one
# temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

make_tmp gating

echo "==> Building the provider and the emulator"
build_provider
use_built_provider testsigma/testsigma
start_emulator

# A copy, so nothing `terraform test` writes lands in examples/.
copy_module examples/gating "$tmp/work"
cd "$tmp/work"

export TESTSIGMA_API_KEY="$api_key"
export TF_VAR_base_url="$base_url"

# No `terraform init`: with dev_overrides Terraform 1.11 needs none for a module that uses
# only overridden and built-in providers. The timeout (where coreutils has one) is a
# backstop for a hung run; each plan of the emulator's demo scenario finishes in seconds.
echo "==> terraform test examples/gating"
backstop=()
if command -v timeout >/dev/null 2>&1; then
	backstop=(timeout 600)
fi
${backstop[@]+"${backstop[@]}"} terraform test -no-color
