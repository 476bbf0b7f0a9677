#!/usr/bin/env bash
# Applies examples/quickstart against the local Testsigma API emulator, using a provider
# built from this checkout. Needs Go and Terraform; no network, no Testsigma account.
# Everything it creates lives in one temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."

export CHECKPOINT_DISABLE=1
api_key=emulator-key

tmp="$(mktemp -d "${TMPDIR:-/tmp}/testsigma-demo.XXXXXX")"
emulator_pid=""

cleanup() {
	local status=$?
	if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	rm -rf "$tmp"
	exit "$status"
}
trap cleanup EXIT
# Turn Ctrl-C and termination into a normal exit, so the EXIT trap cleans up.
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Building the provider and the emulator"
mkdir -p "$tmp/bin"
go build -o "$tmp/bin/terraform-provider-testsigma" .
# A built binary rather than `go run`: $! is then the emulator itself, not a go command
# whose child would outlive a kill.
go build -o "$tmp/testsigma-emulator" ./internal/cmd/testsigma-emulator

echo "==> Starting the emulator"
"$tmp/testsigma-emulator" -addr 127.0.0.1:0 -api-key "$api_key" -url-file "$tmp/url" \
	>"$tmp/emulator.log" 2>&1 &
emulator_pid=$!

# The emulator picks a free port and writes its URL once it is listening. `read` succeeds
# only on a complete, newline-terminated line, so a half-written file is not taken.
base_url=""
for _ in $(seq 1 200); do
	if [[ -f "$tmp/url" ]] && read -r base_url <"$tmp/url"; then
		break
	fi
	base_url=""
	if ! kill -0 "$emulator_pid" 2>/dev/null; then
		echo "demo: the emulator exited before listening:" >&2
		cat "$tmp/emulator.log" >&2
		exit 1
	fi
	sleep 0.1
done
if [[ -z "$base_url" ]]; then
	echo "demo: the emulator did not report its URL within 20s:" >&2
	cat "$tmp/emulator.log" >&2
	exit 1
fi
echo "    listening on $base_url"

# dev_overrides makes Terraform use the binary built above for testsigma/testsigma, with
# no registry and no `terraform init`. Our own CLI config file, pointed at by
# TF_CLI_CONFIG_FILE, so the user's ~/.terraformrc (or whatever the environment pointed
# at) is neither read nor touched.
cat >"$tmp/cli.tfrc" <<EOF
provider_installation {
  dev_overrides {
    "testsigma/testsigma" = "$tmp/bin"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc"

cp -R examples/quickstart "$tmp/work"
cd "$tmp/work"

export TESTSIGMA_API_KEY="$api_key"
export TF_VAR_base_url="$base_url"

echo "==> terraform apply (Terraform warns about the development override; that is expected)"
terraform apply -auto-approve -input=false

echo "==> terraform output"
terraform output
