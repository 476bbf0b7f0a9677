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

echo "==> terraform apply (Terraform warns about the development override; that is expected)"
terraform apply -auto-approve -input=false

echo "==> terraform output"
terraform output
