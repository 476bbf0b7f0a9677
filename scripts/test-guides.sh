#!/usr/bin/env bash
# Applies examples/guides/point-tests-at-deployment against the local Testsigma API
# emulator with a provider built from this checkout, checks that the deployment's URL
# reached the environment and the password reached it encrypted and nowhere else, then
# destroys. Needs Go and Terraform; no network, no Testsigma account. Everything it creates
# lives in one temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

make_tmp guides

echo "==> Building the provider and the emulator"
build_provider
use_built_provider testsigma/testsigma
start_emulator

copy_module examples/guides/point-tests-at-deployment "$tmp/work"
cd "$tmp/work"

export TESTSIGMA_API_KEY="$api_key"
export TESTSIGMA_BASE_URL="$base_url"
password="guide-canary-$RANDOM$RANDOM"
export TF_VAR_test_user_password="$password"

echo "==> terraform apply (point-tests-at-deployment)"
terraform apply -auto-approve -input=false -no-color >"$tmp/apply.log" 2>&1 || { cat "$tmp/apply.log"; exit 1; }
grep -E '^(testsigma_|terraform_data|Apply complete)' "$tmp/apply.log" || true

fail() {
	echo "test-guides: $*" >&2
	exit 1
}
[[ "$(terraform output -raw tested_url)" == "https://v1-4-2.preview.example.com" ]] || fail "tested_url is $(terraform output -raw tested_url)"
[[ "$(terraform output -raw smoke_result)" == "SUCCESS" ]] || fail "smoke_result is $(terraform output -raw smoke_result)"
env_id="$(terraform state show -no-color testsigma_environment.preview | sed -n 's/^ *id *= *\([0-9]*\)$/\1/p')"
[[ -n "$env_id" ]] || fail "no environment id in state"
if command -v curl >/dev/null 2>&1; then
	curl -fsS -H "Authorization: Bearer $api_key" "$base_url/api/v1/environments/$env_id" >"$tmp/env.json"
	grep -q '"key":"password","value":"'"$password"'","isEncrypted":true' "$tmp/env.json" ||
		fail "the password did not reach the environment encrypted: $(cat "$tmp/env.json")"
else
	echo "    (curl is not installed: not checking what the emulator received)"
fi
if grep -rqF "$password" terraform.tfstate "$tmp/apply.log"; then
	fail "the password is in the state or the output"
fi

echo "==> terraform destroy"
terraform destroy -auto-approve -input=false -no-color >"$tmp/destroy.log" 2>&1 || { cat "$tmp/destroy.log"; exit 1; }
grep -q "leaves it in Testsigma" "$tmp/destroy.log" || fail "destroy did not warn that the environment stays in Testsigma"
echo "    applied and destroyed cleanly"
