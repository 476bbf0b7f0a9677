package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const envAddr = "testsigma_environment.preview"

func envConfig(emu *emulator.Server, body string) string {
	return providerBlock(emu) + "resource \"testsigma_environment\" \"preview\" {\n" + body + "\n}\n"
}

// storedEnv is what the emulator holds for the one environment the test created.
func storedEnv(t *testing.T, emu *emulator.Server) emulator.Environment {
	t.Helper()
	for id := int64(1); id < 10; id++ {
		if e, ok := emu.StoredEnvironment(id); ok {
			return e
		}
	}
	t.Fatal("the emulator holds no environment")
	return emulator.Environment{}
}

func varsOf(e emulator.Environment) map[string]emulator.Variable {
	out := map[string]emulator.Variable{}
	for _, v := range e.Variables {
		out[v.Key] = v
	}
	return out
}

// Create, update in place, import, drift, destroy: the usual life of a resource, through
// the CLI against the emulator. Destroy leaves the environment in Testsigma.
func TestEnvironment_lifecycle(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	cfg := func(url, desc string) string {
		return envConfig(emu, fmt.Sprintf("name = \"Preview\"\ndescription = %q\nvariables = { base_url = %q, user = \"qa\" }\nsecret_variables_wo = { password = \"pw-1\" }\nsecret_variables_wo_version = 1", desc, url))
	}
	var firstIDs map[string]emulator.Variable
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: func(*terraform.State) error {
			if e := storedEnv(t, emu); e.Name != "Preview" {
				return fmt.Errorf("after destroy the emulator holds %+v, want the environment left in place", e)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("https://pr-1.example.com", "PR 1"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(envAddr, "id", knownvalue.StringExact("1")),
					stateAttr(envAddr, "variables", knownvalue.MapExact(map[string]knownvalue.Check{
						"base_url": knownvalue.StringExact("https://pr-1.example.com"), "user": knownvalue.StringExact("qa")})),
					stateAttr(envAddr, "secret_variable_keys", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("password")})),
					stateAttr(envAddr, "secret_variables_wo", knownvalue.Null()),
					stateAttr(envAddr, "project_id", knownvalue.Int64Exact(1)),
				},
				Check: func(*terraform.State) error {
					firstIDs = varsOf(storedEnv(t, emu))
					if pw := firstIDs["password"]; !pw.Encrypted || pw.Value != "pw-1" {
						return fmt.Errorf("password stored as %+v, want encrypted pw-1", pw)
					}
					return nil
				},
			},
			{
				Config: cfg("https://pr-2.example.com", "PR 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(envAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					now := varsOf(storedEnv(t, emu))
					if now["base_url"].Value != "https://pr-2.example.com" || now["base_url"].ID != firstIDs["base_url"].ID || now["password"].ID != firstIDs["password"].ID || now["password"].Value != "pw-1" {
						return fmt.Errorf("after the update: %+v, want base_url changed in place and the secret kept (ids %+v)", now, firstIDs)
					}
					return nil
				},
			},
			{
				ResourceName: envAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "1",
				// The version is the configuration's own counter; Testsigma has no such thing.
				ImportStateVerifyIgnore: []string{"secret_variables_wo_version"},
			},
			{
				// Someone edits the URL in Testsigma: the plan shows it, the apply puts it back.
				PreConfig: func() {
					e := storedEnv(t, emu)
					for i := range e.Variables {
						if e.Variables[i].Key == "base_url" {
							e.Variables[i].Value = "https://edited-in-the-ui.example.com"
						}
					}
					emu.AddEnvironment(e)
				},
				Config: cfg("https://pr-2.example.com", "PR 2"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(envAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if got := varsOf(storedEnv(t, emu))["base_url"].Value; got != "https://pr-2.example.com" {
						return fmt.Errorf("base_url = %s after the apply, want it put back", got)
					}
					return nil
				},
			},
		},
	})
	if n := emu.Count("DELETE", "/api/v1/environments/{id}"); n != 0 {
		t.Errorf("%d DELETEs sent; the API has none", n)
	}
}

// The 2023 shape (parameters and passwords) reads back the same state.
func TestEnvironment_2023Shape(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{Environments2023: true})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config: envConfig(emu, "name = \"Old\"\nvariables = { url = \"https://a.example.com\" }\nsecret_variables_wo = { token = \"t\" }\nsecret_variables_wo_version = 1"),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(envAddr, "secret_variable_keys", knownvalue.SetExact([]knownvalue.Check{knownvalue.StringExact("token")})),
				},
			},
			{ResourceName: envAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "1",
				ImportStateVerifyIgnore: []string{"secret_variables_wo_version"}}, // see TestEnvironment_lifecycle
		},
	})
}

// Secret values reach Testsigma and nothing else: not the state, not the plan (its JSON
// included), not a log line at TRACE. The same version with a new value plans nothing; a
// new version sends the new value.
func TestEnvironment_secretsReachOnlyTestsigma(t *testing.T) {
	emu := newEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := func(secret string, version int) string {
		return envConfig(emu, fmt.Sprintf("name = \"Preview\"\nvariables = { user = \"qa\" }\nsecret_variables_wo = { password = %q }\nsecret_variables_wo_version = %d", secret, version))
	}
	sent := func(want string) func() {
		return func() {
			if got := varsOf(storedEnv(t, emu))["password"].Value; got != want {
				t.Errorf("Testsigma holds password %q, want %q", got, want)
			}
		}
	}
	noCanary := noneInPlan(woCanary1, woCanary2)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg(woCanary1, 1), ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{noCanary}}},
			{
				PreConfig: sent(woCanary1), Config: cfg(woCanary2, 1),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan(), noCanary}},
			},
			{
				PreConfig: sent(woCanary1), Config: cfg(woCanary2, 2),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(envAddr, plancheck.ResourceActionUpdate), noCanary,
				}},
			},
		},
	})
	sent(woCanary2)()
	assertNowhere(t, tmp, woCanary1, woCanary2)
}

// noneInPlan fails when a secret is anywhere in the plan's JSON but its "configuration",
// which is the .tf text again (literal values included).
func noneInPlan(secrets ...string) plancheck.PlanCheck { return planWithout(secrets) }

type planWithout []string

func (p planWithout) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	plan := *req.Plan
	plan.Config = nil
	b, err := json.Marshal(plan)
	if err != nil {
		resp.Error = err
		return
	}
	for _, s := range p {
		if strings.Contains(string(b), s) {
			resp.Error = fmt.Errorf("the plan JSON contains %s", s)
		}
	}
}

// Bad keys fail at plan time, before any request, with a sentence that says what to fix.
func TestEnvironment_badKeysFailAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	tests := map[string]struct {
		body string
		want *regexp.Regexp
	}{
		"empty key": {"variables = { \"\" = \"x\" }",
			words(`Empty variable key`, `variables has the key "", which is empty or only white space`)},
		"blank secret key": {"secret_variables_wo = { \" \" = \"x\" }\nsecret_variables_wo_version = 1",
			words(`Empty variable key`, `secret_variables_wo has the key " "`)},
		"key in both": {"variables = { password = \"a\" }\nsecret_variables_wo = { password = \"b\" }\nsecret_variables_wo_version = 1",
			words(`Variable key set twice`, `The key "password" is in both variables and secret_variables_wo`)},
		"no version": {"secret_variables_wo = { password = \"b\" }",
			words(`secret_variables_wo needs secret_variables_wo_version`, `Set secret_variables_wo_version = 1`)},
		"null value": {"variables = { a = null }", words(`Null value in a map`, `variables\["a"\] is null`)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: envConfig(emu, "name = \"E\"\n"+tt.body), PlanOnly: true, ExpectError: tt.want}},
			})
		})
	}
	// After the parallel subtests, which run once this function returns.
	t.Cleanup(func() {
		if n := len(emu.Requests()); n != 0 {
			t.Errorf("%d API requests, want none", n)
		}
	})
}

// envHarness is the provider server in process, configured against emu, with the
// environment resource's type: Terraform core's side of the protocol, for the warnings the
// CLI tests cannot see.
func envHarness(t *testing.T, emu *emulator.Server) (*actionHarness, tftypes.Object) {
	t.Helper()
	h := newActionHarness(t, Options{})
	h.configure(emu.URL(), emu.APIKey())
	schemas, err := h.srv.GetProviderSchema(h.ctx(t.Context()), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	return h, schemas.ResourceSchemas["testsigma_environment"].Block.ValueType().(tftypes.Object)
}

// The plan of a destroy warns, before anything is applied, that the environment stays in
// Testsigma (the API has no DELETE). Terraform core's PlanResourceChange, in process: the
// CLI tests cannot see warnings.
func TestEnvironment_destroyWarnsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	h, typ := envHarness(t, emu)
	prior := h.value(typ, map[string]any{"id": "7", "name": "Preview"})
	null, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.srv.PlanResourceChange(h.ctx(t.Context()), &tfprotov6.PlanResourceChangeRequest{
		TypeName: "testsigma_environment", PriorState: prior, ProposedNewState: &null, Config: &null,
	})
	if err != nil {
		t.Fatal(err)
	}
	d := onlyDiag(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Destroying testsigma_environment leaves it in Testsigma" ||
		!strings.Contains(d.Detail, `Environment "Preview" (id 7)`) || !strings.Contains(d.Detail, "stay in Testsigma") {
		t.Errorf("warning = %s: %s", d.Summary, d.Detail)
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("%d API requests during the plan, want none", n)
	}
}

// A Testsigma that keeps a variable the PUT left out (the docs do not say a PUT removes it):
// the update warns and names it.
func TestEnvironment_keptVariableWarns(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{KeepOmittedVariables: true})
	emu.AddEnvironment(emulator.Environment{ID: 7, Name: "E", Variables: []emulator.Variable{{Key: "a", Value: "1"}, {Key: "old", Value: "2"}}})
	h, typ := envHarness(t, emu)
	prior := h.value(typ, map[string]any{"id": "7", "name": "E", "project_id": 1, "variables": map[string]string{"a": "1", "old": "2"}, "secret_variable_keys": []string{}})
	planned := h.value(typ, map[string]any{"id": "7", "name": "E", "project_id": 1, "variables": map[string]string{"a": "1"}, "secret_variable_keys": []string{}})
	cfg := h.value(typ, map[string]any{"name": "E", "variables": map[string]string{"a": "1"}})
	resp, err := h.srv.ApplyResourceChange(h.ctx(t.Context()), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "testsigma_environment", PriorState: prior, PlannedState: planned, Config: cfg,
	})
	if err != nil {
		t.Fatal(err)
	}
	d := onlyDiag(t, resp.Diagnostics, tfprotov6.DiagnosticSeverityWarning)
	if d.Summary != "Testsigma kept variables the configuration removed" || !strings.Contains(d.Detail, "Environment 7 still has old after the update") {
		t.Errorf("warning = %s: %s", d.Summary, d.Detail)
	}
	if n := emu.Count("PUT", "/api/v1/environments/{id}"); n != 1 {
		t.Errorf("%d PUTs, want 1", n)
	}
}
