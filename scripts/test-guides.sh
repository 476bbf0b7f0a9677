#!/usr/bin/env bash
# Runs the configuration of every guide in templates/guides, as the guide shows it (the
# files under examples/ that it embeds), against the local Testsigma API emulator with a
# provider built from this checkout, and checks that each does what its guide says: applied
# and destroyed, or, where the guide's point is a gate that stops the apply, that the apply
# stops there with the guide's message. The emulator and the environment come from
# scripts/emulator.sh (`make emulator`), read back from what it prints, so the README's
# instructions are tested too. Needs Go and Terraform; no network, no Testsigma account.
# Everything lives in one temporary directory, removed on exit.
set -euo pipefail

cd "$(dirname "$0")/.."
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
# shellcheck source=scripts/guides.sh
source scripts/guides.sh

make_tmp guides
start_make_emulator

export TF_VAR_release=2026.12.1
password="guide-canary-$RANDOM$RANDOM"
export TF_VAR_test_user_password="$password"

echo "==> point-tests-at-deployment"
stage point examples/guides/point-tests-at-deployment
expect_applied point
[[ "$(tf point output -raw tested_url)" == "https://2026-12-1.preview.example.com" ]] ||
	fail "tested_url is $(tf point output -raw tested_url)"
[[ "$(tf point output -raw smoke_result)" == "SUCCESS" ]] || fail "smoke_result is $(tf point output -raw smoke_result)"
env_id="$(tf point state show -no-color testsigma_environment.preview | sed -n 's/^ *id *= *"\{0,1\}\([0-9][0-9]*\)"\{0,1\}$/\1/p')"
[[ -n "$env_id" ]] || fail "no environment id in state"
if command -v curl >/dev/null 2>&1; then
	curl -fsS -H "Authorization: Bearer $TESTSIGMA_API_KEY" "$TESTSIGMA_BASE_URL/api/v1/environments/$env_id" >"$tmp/env.json"
	grep -q '"key":"password","value":"'"$password"'","isEncrypted":true' "$tmp/env.json" ||
		fail "the password did not reach the environment encrypted: $(cat "$tmp/env.json")"
else
	echo "    (curl is not installed: not checking what the emulator received)"
fi
expect_no_secret point "$password"
expect_destroyed point
grep -q "leaves it in Testsigma" "$tmp/point.destroy.log" || fail "destroy did not warn that the environment stays in Testsigma"

echo "==> secrets-in-runtime-data"
stage secrets examples/guides/secrets-in-runtime-data
expect_applied secrets
expect_no_secret secrets "$password"
expect_destroyed secrets

echo "==> gate-a-deployment: main.tf passes and promotes"
stage gate examples/guides/gate-a-deployment/main.tf
expect_applied gate
expect_in_state gate terraform_data.promote_to_production
echo "==> gate-a-deployment: with tolerant.tf, two failed cases of Regression - payments stop the release notes"
cp examples/guides/gate-a-deployment/tolerant.tf "$tmp/gate/"
expect_stopped gate 'Regression run [0-9]+: 2 of 6 test cases did not pass, and at most 1 may'
expect_not_in_state gate terraform_data.release_notes
expect_destroyed gate

echo "==> flaky-tests"
stage flaky examples/guides/flaky-tests
expect_applied flaky
expect_destroyed flaky

echo "==> fire-and-forget: the apply returns before the run ends"
stage forget examples/guides/fire-and-forget
expect_applied forget
[[ "$(tf forget state show -no-color testsigma_plan_run.regression | sed -n 's/^ *finished *= *//p')" == false ]] ||
	fail "the fire-and-forget apply waited for the run"
echo "==> fire-and-forget-promote: the latest run of Regression - payments failed, so nothing is promoted"
stage promote examples/guides/fire-and-forget-promote
expect_stopped promote 'The latest regression run, [0-9]+, did not pass \(FAILURE\)'
expect_not_in_state promote terraform_data.promote
echo "==> fire-and-forget: the next plan warns that the run failed"
tf forget plan -input=false -no-color >"$tmp/forget.plan.log" 2>&1 || { cat "$tmp/forget.plan.log"; fail "plan failed"; }
grep -Eq 'Regression run [0-9]+ finished with FAILURE' "$tmp/forget.plan.log" ||
	{ cat "$tmp/forget.plan.log"; fail "the check block did not warn about the failed run"; }
expect_destroyed forget
# The promote configuration holds no resource, and its data source's postcondition fails
# every plan, destroy's too, while the latest run is red: nothing to destroy.

echo "==> saved-configs-by-name: four runs; the one of Regression - payments fails"
stage configs examples/guides/saved-configs-by-name
expect_stopped configs 'Run [0-9]+ of test plan 1002 \(Regression - payments\) finished with FAILURE'
for addr in testsigma_plan_run.checkout_chrome 'testsigma_plan_run.cross_browser["checkout"]' testsigma_plan_run.staging; do
	expect_in_state configs "$addr"
done
expect_destroyed configs
echo "==> saved-configs-by-name: the name_regex lookup"
stage regex examples/data-sources/testsigma_saved_configs/data-source.tf
expect_applied regex
[[ "$(tf regex output -json nightly_config_ids)" == '[12]' ]] || fail "nightly_config_ids is $(tf regex output -json nightly_config_ids)"
expect_destroyed regex

echo "==> remote-runners"
stage remote examples/guides/remote-runners
expect_applied remote
[[ "$(tf remote output -raw smoke_junit_xml)" == *"<testsuite"* ]] || fail "smoke_junit_xml is not a JUnit report"
expect_destroyed remote
echo "==> remote-runners-workspace: not run (needs hashicorp/tfe from the registry and an HCP Terraform organization)"

echo "==> resource-or-action: the resource"
stage resource examples/resources/testsigma_plan_run/resource.tf
expect_applied resource
expect_in_state resource terraform_data.promote
expect_destroyed resource
echo "==> resource-or-action: the action"
if use_actions_cli; then
	stage action examples/actions/testsigma_run_test_plan/action.tf
	expect_applied action
	grep -Eq 'run [0-9]+ of test plan 1001 started' "$tmp/action.apply.log" ||
		{ cat "$tmp/action.apply.log"; fail "the action printed no progress"; }
	expect_destroyed action
fi
echo "    every guide ran as its guide says"
