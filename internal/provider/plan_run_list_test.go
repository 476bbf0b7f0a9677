package provider

import (
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
	"github.com/testsigma/terraform-provider-testsigma/internal/testsigma"
)

// Resource identity and the list resource need Terraform 1.12 and 1.14; the CLI here is
// 1.11, so these tests take Terraform core's place and call the RPCs in process, against
// the emulator over real HTTP, as the action's tests do. plan_run_identity_test.go drives
// them through a CLI that has them.

const listPlan = 7001

// listEmulator has a plan with three finished runs: 1.4.0 passed, 1.4.1 and 1.4.2 failed.
func listEmulator(t *testing.T) (*emulator.Server, []int64) {
	t.Helper()
	emu := planRunEmulator(t, emulator.Options{})
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for i, build := range []string{"1.4.0", "1.4.1", "1.4.2"} {
		// Each run follows the plan as it is when triggered: the first passes.
		result := map[bool]string{true: "SUCCESS", false: "FAILURE"}[i == 0]
		emu.AddPlan(emulator.Plan{ID: listPlan, Name: "Listed", Result: result, Cases: []emulator.Case{{Name: "a", Result: result}}})
		run, err := client.Trigger(t.Context(), testsigma.TriggerRequest{TestPlanID: listPlan, BuildNumber: build})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, run.ID)
	}
	return emu, ids
}

func (h *actionHarness) listServer() tfprotov6.ProviderServerWithListResource { //nolint:staticcheck // the only interface with the list RPCs in plugin-go v0.31
	return h.srv.(tfprotov6.ProviderServerWithListResource) //nolint:staticcheck // see above
}

// list runs the list resource as `terraform query` does and collects every result.
func (h *actionHarness) list(cfg map[string]any, include bool, limit int64) []tfprotov6.ListResourceResult {
	h.t.Helper()
	schemas, err := h.srv.GetProviderSchema(h.t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		h.t.Fatal(err)
	}
	typ := schemas.ListResourceSchemas["testsigma_plan_run"].ValueType().(tftypes.Object)
	stream, err := h.listServer().ListResource(h.ctx(h.t.Context()), &tfprotov6.ListResourceRequest{
		TypeName: "testsigma_plan_run", Config: h.value(typ, cfg), IncludeResource: include, Limit: limit,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	var out []tfprotov6.ListResourceResult
	for r := range stream.Results {
		out = append(out, r)
	}
	return out
}

func identityID(t *testing.T, id *tfprotov6.ResourceIdentityData) int64 {
	t.Helper()
	if id == nil || id.IdentityData == nil {
		t.Fatal("no identity")
	}
	v, err := id.IdentityData.Unmarshal(identityType)
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var n big.Float
	if err := attrs["id"].As(&n); err != nil {
		t.Fatal(err)
	}
	i, _ := n.Int64()
	return i
}

func TestListResource_newestFirstWithIdentities(t *testing.T) {
	t.Parallel()
	emu, ids := listEmulator(t)
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": listPlan}, false, 100)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3: %+v", len(results), results)
	}
	want := []string{
		"run " + itoa64(ids[2]) + " · FAILURE · build 1.4.2",
		"run " + itoa64(ids[1]) + " · FAILURE · build 1.4.1",
		"run " + itoa64(ids[0]) + " · SUCCESS · build 1.4.0",
	}
	for i, r := range results {
		expectNoDiags(t, "ListResource", r.Diagnostics)
		if r.DisplayName != want[i] {
			t.Errorf("result %d is %q, want %q", i, r.DisplayName, want[i])
		}
		if got := identityID(t, r.Identity); got != ids[2-i] {
			t.Errorf("result %d has identity id %d, want %d", i, got, ids[2-i])
		}
	}
	expectTriggers(t, emu, 3)
}

func TestListResource_filtersAndLimits(t *testing.T) {
	t.Parallel()
	emu, ids := listEmulator(t)
	h := configuredHarness(t, emu)
	failed := h.list(map[string]any{"test_plan_id": listPlan, "result": "FAILURE", "limit": 1}, false, 100)
	if len(failed) != 1 || identityID(t, failed[0].Identity) != ids[2] {
		t.Errorf("result = FAILURE, limit = 1 gave %+v, want only run %d", failed, ids[2])
	}
	passed := h.list(map[string]any{"test_plan_id": listPlan, "result": "SUCCESS"}, false, 100)
	if len(passed) != 1 || identityID(t, passed[0].Identity) != ids[0] {
		t.Errorf("result = SUCCESS gave %+v, want only run %d", passed, ids[0])
	}
	// Terraform's own limit (the list block's) caps the results too.
	if got := h.list(map[string]any{"test_plan_id": listPlan}, false, 2); len(got) != 2 {
		t.Errorf("Terraform's limit 2 gave %d results", len(got))
	}
}

// With include_resource, each result carries the run (its id, build and result among the rest).
func TestListResource_includeResource(t *testing.T) {
	t.Parallel()
	emu, ids := listEmulator(t)
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": listPlan, "limit": 1}, true, 100)
	if len(results) != 1 || results[0].Resource == nil {
		t.Fatalf("results = %+v, want one with a resource", results)
	}
	schemas, _ := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	v, err := results[0].Resource.Unmarshal(schemas.ResourceSchemas["testsigma_plan_run"].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	_ = v.As(&attrs)
	var id, build, result string
	_ = attrs["id"].As(&id)
	_ = attrs["build_number"].As(&build)
	_ = attrs["result"].As(&result)
	if id != itoa64(ids[2]) || build != "1.4.2" || result != "FAILURE" {
		t.Errorf("resource id %q, build_number %q, result %q; want %d, 1.4.2, FAILURE", id, build, result, ids[2])
	}
}

// With include_resource, each result is the run exactly as `import` then reads it, so the
// configuration `terraform query -generate-config-out` writes from it plans no change after
// the import: a run with an environment, a saved config, a build number and runtime data too.
func TestListResource_includedResourceIsTheImportedRun(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	client, err := testsigma.New(emu.URL(), emu.APIKey(), testsigma.Options{Clock: testClock})
	if err != nil {
		t.Fatal(err)
	}
	env, config := int64(21), int64(11)
	emu.AddSavedConfig(emulator.SavedConfig{ID: config, Name: "Chrome smoke", Query: "[]"})
	// A finished run, so the listing and the import read the same thing; a failing one, so
	// the failed tests are mapped too.
	emu.AddPlan(emulator.Plan{ID: listPlan, Name: "Listed", Result: "FAILURE", Cases: []emulator.Case{{Name: "a", Result: "FAILURE"}}})
	run, err := client.Trigger(t.Context(), testsigma.TriggerRequest{
		TestPlanID: listPlan, EnvironmentID: &env, BuildNumber: "1.4.2",
		Config: &testsigma.ExecutionConfig{ID: &config}, RuntimeData: map[string]string{"url": "https://staging.example.com"},
	})
	if err != nil {
		t.Fatal(err)
	}
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": listPlan, "limit": 1}, true, 100)
	if len(results) != 1 || results[0].Resource == nil {
		t.Fatalf("results = %+v, want one with a resource", results)
	}
	expectNoDiags(t, "ListResource", results[0].Diagnostics)
	schemas, _ := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	listed, err := results[0].Resource.Unmarshal(schemas.ResourceSchemas["testsigma_plan_run"].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]tftypes.Value
	_ = listed.As(&got)
	imported, _ := h.importAndRead("", identityValue(t, run.ID))
	for name, want := range imported {
		if !got[name].Equal(want) {
			t.Errorf("%s: listed %s, imported %s", name, got[name], want)
		}
	}
}

func TestListResource_badConfig(t *testing.T) {
	t.Parallel()
	emu, _ := listEmulator(t)
	h := configuredHarness(t, emu)
	schemas, _ := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	typ := schemas.ListResourceSchemas["testsigma_plan_run"].ValueType().(tftypes.Object)
	resp, err := h.listServer().ValidateListResourceConfig(h.ctx(t.Context()), &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: "testsigma_plan_run", Config: h.value(typ, map[string]any{"test_plan_id": listPlan, "result": "PASSED"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	onlyDiag(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityError)
}

// On a plan with more runs than one listing reads, the listing (oldest first) leaves out the
// newest: the warning says that runs after the newest shown may be missing, not older ones.
func TestListResource_busyPlanWarnsThatNewerRunsMayBeMissing(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	var last int64
	for range 1100 {
		last = emu.StartRun(planPass)
	}
	h := configuredHarness(t, emu)
	results := h.list(map[string]any{"test_plan_id": planPass, "limit": 3}, false, 100)
	if len(results) != 3 {
		t.Fatalf("%d results, want 3", len(results))
	}
	shown := identityID(t, results[0].Identity)
	if shown == last {
		return // the newest run is shown: nothing is missing that the warning must name
	}
	d := onlyDiag(t, results[0].Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if !words("up to run "+itoa64(shown), "runs started after it may be missing", "import").MatchString(d.Detail) {
		t.Errorf("the warning does not say which runs may be missing: %s: %s", d.Summary, d.Detail)
	}
}
