#!/usr/bin/env bash
# Applies examples/quickstart against the local Testsigma API emulator, using a provider
# built from this checkout. Needs Go and Terraform; no network, no Testsigma account.
# Everything it creates lives in one temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

make_tmp demo

echo "==> Building the provider and the emulator"
build_provider
use_built_provider testsigma/testsigma

echo "==> Starting the emulator"
start_emulator

copy_module examples/quickstart "$tmp/work"
cd "$tmp/work"

export TESTSIGMA_API_KEY="$api_key"
export TF_VAR_base_url="$base_url"

echo "==> terraform apply"
# The outputs are printed once, at the end, on their own.
terraform apply -auto-approve -input=false -no-color >"$tmp/apply.log" 2>&1 || { cat "$tmp/apply.log"; exit 1; }
grep -E '^(testsigma_plan_run|data\.testsigma|Apply complete)' "$tmp/apply.log" || true

echo "==> terraform output"
terraform output
