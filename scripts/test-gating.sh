#!/usr/bin/env bash
# Runs the tests of examples/gating, the test files users can copy, with a provider built
# from this checkout: first the mocked one, offline and without an API key, then
# gating.tftest.hcl against the local Testsigma API emulator. Needs Go and Terraform (or
# OpenTofu: TERRAFORM_CLI=tofu); no network, no Testsigma account. Everything it creates
# lives in one temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

# The CLI to test with: terraform, or tofu for OpenTofu.
tf="${TERRAFORM_CLI:-terraform}"
command -v "$tf" >/dev/null 2>&1 || {
	echo "test-gating: $tf is not on PATH; install Terraform >= 1.11 (or OpenTofu >= 1.11 and set TERRAFORM_CLI=tofu)" >&2
	exit 1
}
# OpenTofu reads gating_mock.tofutest.hcl in place of gating_mock.tftest.hcl (the two
# mock in different phases; see the .tofutest.hcl file).
mock_test=gating_mock.tftest.hcl
if "$tf" version 2>/dev/null | grep -q '^OpenTofu'; then
	mock_test=gating_mock.tofutest.hcl
fi

make_tmp gating

echo "==> Building the provider"
build_provider
# A mocked provider still has to be found: Terraform reads its schema from the binary.
use_built_provider testsigma/testsigma

# A copy, so nothing `terraform test` writes lands in examples/.
copy_module examples/gating "$tmp/work"

# No `terraform init`: with dev_overrides Terraform 1.11 (and OpenTofu) needs none for a
# module that uses only overridden and built-in providers. The timeout (where coreutils has
# one) is a backstop for a hung run; each plan of the emulator's demo scenario finishes in
# seconds.
backstop=()
if command -v timeout >/dev/null 2>&1; then
	backstop=(timeout 600)
fi

# Before the emulator starts, and with no key and no URL: the mocked test needs neither.
echo "==> $tf test $mock_test (mocked provider, no API key)"
(
	cd "$tmp/work"
	unset TESTSIGMA_API_KEY TESTSIGMA_BASE_URL TF_VAR_base_url
	${backstop[@]+"${backstop[@]}"} "$tf" test -no-color -filter="$mock_test"
)

echo "==> Building and starting the emulator"
start_emulator

export TESTSIGMA_API_KEY="$api_key"
export TF_VAR_base_url="$base_url"

echo "==> $tf test gating.tftest.hcl (against the emulator)"
cd "$tmp/work"
${backstop[@]+"${backstop[@]}"} "$tf" test -no-color -filter=gating.tftest.hcl
