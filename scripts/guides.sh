# shellcheck shell=bash
# The steps of scripts/test-guides.sh: each guide's configuration lives in $tmp/<name>, and
# every Terraform command's output in $tmp/<name>.<command>.log. Source it after lib.sh.

# The CLI the guides run on; use_actions_cli switches it to one that has actions.
tf_cli=terraform

fail() {
	echo "test-guides: $*" >&2
	exit 1
}

# start_make_emulator runs scripts/emulator.sh (`make emulator`) in the background and takes
# the environment from the export lines it prints, as the README tells users to.
start_make_emulator() {
	echo "==> make emulator (scripts/emulator.sh)"
	bash scripts/emulator.sh >"$tmp/make-emulator.log" 2>&1 &
	# lib.sh's cleanup stops it on exit; its own exit then stops the emulator.
	emulator_pid=$!
	# It builds two binaries first: minutes on a cold cache and a busy machine.
	local deadline=$((SECONDS + 900))
	until grep -q '^export TF_CLI_CONFIG_FILE=' "$tmp/make-emulator.log"; do
		if ! kill -0 "$emulator_pid" 2>/dev/null || ((SECONDS > deadline)); then
			cat "$tmp/make-emulator.log" >&2
			fail "make emulator printed no environment"
		fi
		sleep 0.2
	done
	eval "$(grep '^export ' "$tmp/make-emulator.log")"
	[[ -n "${TESTSIGMA_BASE_URL:-}" && -n "${TESTSIGMA_API_KEY:-}" && -f "$TF_CLI_CONFIG_FILE" ]] ||
		fail "make emulator printed an incomplete environment: $(grep '^export ' "$tmp/make-emulator.log")"
	echo "    $TESTSIGMA_BASE_URL"
}

# use_actions_cli picks a Terraform with actions (1.14+): ../shared/tools/terraform 1.16 when
# it is beside the repository, else the terraform on PATH if new enough. Without one, it
# says so and returns 1.
use_actions_cli() {
	if [[ -x ../shared/tools/terraform ]]; then
		tf_cli="$(../shared/tools/terraform 1.16 --path)"
	fi
	local version
	version="$("$tf_cli" version -json 2>/dev/null | sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p')"
	if [[ -z "$version" || "$(printf '%s\n' 1.14.0 "$version" | sort -V | head -n 1)" != 1.14.0 ]]; then
		echo "    skipped: actions need Terraform 1.14 or later, this is ${version:-unknown} ($tf_cli)"
		return 1
	fi
	echo "    on Terraform $version ($tf_cli)"
}

# stage NAME SRC... copies directories' modules and single files into $tmp/NAME.
stage() {
	local name=$1 src
	shift
	mkdir -p "$tmp/$name"
	for src in "$@"; do
		if [[ -d "$src" ]]; then
			copy_module "$src" "$tmp/$name"
		else
			cp "$src" "$tmp/$name/"
		fi
	done
}

# tf NAME ARGS... runs the CLI in $tmp/NAME.
tf() {
	local name=$1
	shift
	(cd "$tmp/$name" && "$tf_cli" "$@")
}

# log_has FILE REGEX matches the log with its lines joined: Terraform wraps messages. Joined
# first, then matched: see in_state for why grep -q reads no pipe.
log_has() {
	local joined
	joined="$(tr '\n' ' ' <"$1" | tr -s ' ')"
	grep -Eq "$2" <<<"$joined"
}

expect_applied() {
	tf "$1" apply -auto-approve -input=false -no-color >"$tmp/$1.apply.log" 2>&1 ||
		{ cat "$tmp/$1.apply.log"; fail "$1: apply failed"; }
	grep -E '^Apply complete' "$tmp/$1.apply.log" | sed 's/^/    /'
}

# expect_stopped NAME REGEX: the guide's gate stops the apply, with its message.
expect_stopped() {
	if tf "$1" apply -auto-approve -input=false -no-color >"$tmp/$1.apply.log" 2>&1; then
		cat "$tmp/$1.apply.log"
		fail "$1: the apply went through; the guide's gate should have stopped it"
	fi
	log_has "$tmp/$1.apply.log" "$2" || { cat "$tmp/$1.apply.log"; fail "$1: the apply failed, but not with /$2/"; }
	echo "    stopped, as the guide says: /$2/"
}

expect_destroyed() {
	tf "$1" destroy -auto-approve -input=false -no-color >"$tmp/$1.destroy.log" 2>&1 ||
		{ cat "$tmp/$1.destroy.log"; fail "$1: destroy failed"; }
	[[ -z "$(tf "$1" state list)" ]] || fail "$1: destroy left $(tf "$1" state list)"
	echo "    destroyed"
}

# The list is read whole before grep looks at it: grep -q stops at the first match, and
# under pipefail the writer's SIGPIPE would fail the pipeline that found it. An apply stopped
# before it created anything leaves no state file, hence no list.
in_state() {
	local list
	list="$(tf "$1" state list 2>/dev/null || true)"
	grep -qxF "$2" <<<"$list"
}

expect_in_state() {
	in_state "$1" "$2" || fail "$1: $2 is not in state"
}

expect_not_in_state() {
	if in_state "$1" "$2"; then
		fail "$1: $2 was applied; the gate should have held it back"
	fi
}

# expect_no_secret NAME SECRET: the secret is in neither the state nor any output.
expect_no_secret() {
	if grep -rqF "$2" "$tmp/$1"/terraform.tfstate "$tmp/$1".*.log; then
		fail "$1: the secret is in the state or the output"
	fi
}
