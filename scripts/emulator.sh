#!/usr/bin/env bash
# `make emulator`: builds the provider from this checkout and starts the local Testsigma API
# emulator, then prints the shell lines that point your own Terraform configuration at both:
# the emulator's URL and API key, and a CLI configuration file whose dev_overrides make
# Terraform use the provider just built. It runs until Ctrl-C, which stops the emulator and
# removes the temporary directory holding the binary and that file. Your ~/.terraformrc is
# neither read nor written. Needs Go; no network, no Testsigma account.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

make_tmp emulator

echo "==> Building the provider and the emulator"
build_provider
use_built_provider testsigma/testsigma
start_emulator

# The export lines are what scripts/test-guides.sh reads back, so what it tests is exactly
# what this prints.
cat <<EOF

The Testsigma API emulator is running. In another shell, run these lines, then
\`terraform plan\` or \`terraform apply\` in your configuration (no \`terraform init\` needed
for the testsigma provider; Terraform warns that a dev override is active):

export TESTSIGMA_BASE_URL=$(printf '%q' "$base_url")
export TESTSIGMA_API_KEY=$(printf '%q' "$api_key")
export TF_CLI_CONFIG_FILE=$(printf '%q' "$TF_CLI_CONFIG_FILE")

Your configuration needs \`source = "testsigma/testsigma"\` in required_providers. The
emulator holds test plans 1001 "Smoke - checkout" (passes) and 1002 "Regression -
payments" (fails), saved configs "Chrome smoke", "Firefox nightly" and "Safari - staging",
and environments "Staging" and "Production". It forgets everything when stopped.
Ctrl-C stops it and removes $tmp.
EOF

# Waiting on the emulator, not sleeping: Ctrl-C or a TERM interrupts `wait`, and the EXIT
# trap of lib.sh stops the emulator and removes the directory.
wait "$emulator_pid"
