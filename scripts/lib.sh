# shellcheck shell=bash
# Shared by the scripts in this directory: a temporary directory removed on exit, a provider
# built from this checkout that Terraform uses through dev_overrides, and the local emulator
# of the Testsigma API. Source it from the repository root, after `set -euo pipefail`.
# Nothing here touches the user's Terraform CLI configuration or needs the network.

export CHECKPOINT_DISABLE=1
api_key=emulator-key
tmp=""
emulator_pid=""
base_url=""

# make_tmp NAME creates $tmp and arranges for it (and the emulator) to go on any exit.
make_tmp() {
	tmp="$(mktemp -d "${TMPDIR:-/tmp}/testsigma-$1.XXXXXX")"
	trap cleanup EXIT
	# Turn Ctrl-C and termination into a normal exit, so the EXIT trap cleans up.
	trap 'exit 130' INT
	trap 'exit 143' TERM
}

cleanup() {
	local status=$?
	if [[ -n "$emulator_pid" ]] && kill -0 "$emulator_pid" 2>/dev/null; then
		kill "$emulator_pid" 2>/dev/null || true
		wait "$emulator_pid" 2>/dev/null || true
	fi
	if [[ -n "$tmp" ]]; then
		rm -rf "$tmp"
	fi
	exit "$status"
}

# build_provider puts the provider binary in $tmp/bin.
build_provider() {
	mkdir -p "$tmp/bin"
	go build -o "$tmp/bin/terraform-provider-testsigma" .
}

# use_built_provider ADDRESS... makes Terraform run $tmp/bin's binary for each provider
# address, with no registry and no `terraform init`. It is our own CLI config file, pointed
# at by TF_CLI_CONFIG_FILE, so the user's ~/.terraformrc (or whatever the environment
# pointed at) is neither read nor touched. Terraform warns about the override on every
# command; that is expected.
use_built_provider() {
	{
		echo 'provider_installation {'
		echo '  dev_overrides {'
		local address
		for address in "$@"; do
			echo "    \"$address\" = \"$tmp/bin\""
		done
		echo '  }'
		echo '  direct {}'
		echo '}'
	} >"$tmp/cli.tfrc"
	export TF_CLI_CONFIG_FILE="$tmp/cli.tfrc"
}

# start_emulator builds and starts the emulator, seeded with the demo scenario (plans 1001
# passing and 1002 failing, saved configs 11, 12 and 13), and sets $base_url. It accepts the
# key in $api_key.
start_emulator() {
	# A built binary rather than `go run`: $! is then the emulator itself, not a go command
	# whose child would outlive a kill.
	go build -o "$tmp/testsigma-emulator" ./internal/cmd/testsigma-emulator
	"$tmp/testsigma-emulator" -addr 127.0.0.1:0 -api-key "$api_key" -url-file "$tmp/url" \
		>"$tmp/emulator.log" 2>&1 &
	emulator_pid=$!

	# The emulator picks a free port and writes its URL once it is listening. `read`
	# succeeds only on a complete, newline-terminated line, so a half-written file is not
	# taken.
	base_url=""
	local _
	for _ in $(seq 1 200); do
		if [[ -f "$tmp/url" ]] && read -r base_url <"$tmp/url"; then
			break
		fi
		base_url=""
		if ! kill -0 "$emulator_pid" 2>/dev/null; then
			echo "the emulator exited before listening:" >&2
			cat "$tmp/emulator.log" >&2
			exit 1
		fi
		sleep 0.1
	done
	if [[ -z "$base_url" ]]; then
		echo "the emulator did not report its URL within 20s:" >&2
		cat "$tmp/emulator.log" >&2
		exit 1
	fi
	echo "    emulator listening on $base_url"
}

# copy_module SRC DEST copies a Terraform module without anything a local `terraform init`
# or apply may have left in it.
copy_module() {
	mkdir -p "$2"
	tar -C "$1" -cf - --exclude=.terraform --exclude=.terraform.lock.hcl \
		--exclude='terraform.tfstate*' --exclude='*.tfplan' . | tar -C "$2" -xf -
}
