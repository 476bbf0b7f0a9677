#!/usr/bin/env bash
# go test with a last line that says which Terraform CLI the provider tests ran on and how
# many tests passed, skipped and failed, so a run on a CLI too old for the identity, list or
# action tests cannot pass as one that exercised them.
#
#   bash scripts/go-test.sh [go test arguments...]
#
# The CLI is TF_ACC_TERRAFORM_PATH (terraform-plugin-testing's own variable), else the
# terraform on PATH. Prints the packages' ok/FAIL lines; on a failure, the whole verbose log.
set -euo pipefail

cd "$(dirname "$0")/.."

export CHECKPOINT_DISABLE=1
cli="${TF_ACC_TERRAFORM_PATH:-$(command -v terraform 2>/dev/null || true)}"
[[ -n "$cli" ]] || {
	echo "go-test: no terraform on PATH and TF_ACC_TERRAFORM_PATH is unset" >&2
	exit 1
}
export TF_ACC_TERRAFORM_PATH="$cli"
version="$("$cli" version 2>/dev/null | head -n1)"

log="$(mktemp "${TMPDIR:-/tmp}/go-test.XXXXXX")"
trap 'rm -f "$log"' EXIT

status=0
go test -v "$@" >"$log" 2>&1 || status=$?

# Subtests count too: each is a case that ran (or skipped) on its own.
count() { grep -cE "^ *--- $1: " "$log" || true; }
passed="$(count PASS)" skipped="$(count SKIP)" failed="$(count FAIL)"

if [[ "$status" -ne 0 ]]; then
	cat "$log"
else
	grep -E '^(ok|FAIL|\?) ' "$log" || true
fi
echo "go-test: $version ($cli): $passed passed, $skipped skipped, $failed failed"
exit "$status"
