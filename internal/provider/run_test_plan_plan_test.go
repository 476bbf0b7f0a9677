package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Invalid configuration fails at validate time, before anything reaches Testsigma, with the
// resource's wording (the validators and messages are the resource's own).
func TestAction_invalidConfigFailsAtValidate(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	h := configuredHarness(t, emu)
	null := (*string)(nil)
	cases := map[string]struct {
		cfg           map[string]any
		summary, text string
	}{
		"test plan id 0":         {map[string]any{"test_plan_id": 0}, "Invalid Attribute Value", "test_plan_id value must be at least 1"},
		"environment id -1":      {map[string]any{"test_plan_id": planPass, "environment_id": -1}, "Invalid Attribute Value", "environment_id value must be at least 1"},
		"config id and name":     {map[string]any{"test_plan_id": planPass, "saved_config_id": 11, "saved_config_name": "Chrome smoke"}, "Invalid Attribute Combination", "saved_config_name"},
		"empty config name":      {map[string]any{"test_plan_id": planPass, "saved_config_name": ""}, "Invalid Attribute Value Length", "saved_config_name"},
		"poll interval too fast": {map[string]any{"test_plan_id": planPass, "poll_interval": "100ms"}, "Duration too short", `"100ms" is shorter than 1s`},
		"expected duration typo": {map[string]any{"test_plan_id": planPass, "expected_duration": "12 minutes"}, "Invalid duration", `"12 minutes" is not a duration`},
		"poll interval > invoke": {map[string]any{"test_plan_id": planPass, "poll_interval": "10m", "timeouts": map[string]any{"invoke": "1m"}},
			"poll_interval is longer than the invoke timeout", "timeouts.invoke is 1m0s"},
		"docs spelling":        {map[string]any{"test_plan_id": planPass, "accepted_results": []string{"PASSED"}}, "Unknown result in accepted_results", `the API sends "SUCCESS"`},
		"no accepted result":   {map[string]any{"test_plan_id": planPass, "accepted_results": []string{}}, "Invalid Attribute Value", "at least 1 elements"},
		"on_failure typo":      {map[string]any{"test_plan_id": planPass, "on_failure": "warn"}, "Invalid Attribute Value Match", `"warning"`},
		"null runtime value":   {map[string]any{"test_plan_id": planPass, "runtime_data": map[string]*string{"user": null}}, "Null value in a map", `runtime_data["user"] is null`},
		"runtime key in both":  {map[string]any{"test_plan_id": planPass, "runtime_data": map[string]string{"user": "a"}, "runtime_data_wo": map[string]string{"user": "b"}}, "Runtime data key set twice", `The key "user" is in both`},
		"bad invoke timeout":   {map[string]any{"test_plan_id": planPass, "timeouts": map[string]any{"invoke": "soon"}}, "Invalid Attribute Value Time Duration", `"soon" must be`},
		"null upload versions": {map[string]any{"test_plan_id": planPass, "upload_versions": map[string]*string{"device": null}}, "Null value in a map", `upload_versions["device"] is null`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			diags := h.validate(tc.cfg)
			var found bool
			for _, d := range diags {
				if d.Severity == tfprotov6.DiagnosticSeverityError && d.Summary == tc.summary && strings.Contains(d.Detail, tc.text) {
					found = true
				}
			}
			if !found {
				t.Errorf("no error %q containing %q among:\n%s", tc.summary, tc.text, diagText(diags))
			}
		})
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("validation sent %d requests to Testsigma", n)
	}
}

// Values known only at apply (another resource's output) are deferred without a
// diagnostic, at validate time and at plan time alike.
func TestAction_unknownValuesAreDeferred(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	h := configuredHarness(t, emu)
	cfg := map[string]any{
		"test_plan_id": unknown, "saved_config_name": unknown, "environment_id": unknown, "build_number": unknown,
		// runtime_data_wo is left out: see TestAction_writeOnlyIsAcceptedAtValidation.
		"runtime_data": unknown, "upload_versions": unknown,
		"wait_for_completion": unknown, "poll_interval": unknown, "expected_duration": unknown,
		"accepted_results": unknown, "on_failure": unknown, "stop_on_timeout": unknown, "stop_on_interrupt": unknown,
		"timeouts": map[string]any{"invoke": unknown},
	}
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	expectNoDiags(t, "PlanAction", h.plan(cfg))
	// A known poll_interval against an unknown timeout is not compared either.
	cfg["poll_interval"] = "10m"
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	cfg["timeouts"] = unknown
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("validate and plan with unknown values sent %d requests", n)
	}
}

// A saved config name that does not exist fails at plan time with the names that do; one
// that exists plans cleanly. Either way nothing is triggered.
func TestAction_savedConfigNameCheckedAtPlan(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 12, Name: "Firefox full", Query: "[]"})
	h := configuredHarness(t, emu)
	expectNoDiags(t, "PlanAction", h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "Chrome smoke"}))
	d := onlyDiag(t, h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "chrome smoke"}), tfprotov6.DiagnosticSeverityError)
	if d.Summary != "Saved config not found" || !strings.Contains(d.Detail, `Closest names: "Chrome smoke"`) {
		t.Errorf("error:\n%s\n%s", d.Summary, d.Detail)
	}
	expectTriggers(t, emu, 0)
}

// Before the provider is configured (its settings unknown until apply), planning skips the
// lookups, and invoking says the provider is not configured instead of panicking.
func TestAction_unconfiguredProvider(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	expectNoDiags(t, "PlanAction", h.plan(map[string]any{"test_plan_id": planPass, "saved_config_name": "Chrome smoke"}))
	got := h.invoke(t.Context(), map[string]any{"test_plan_id": planPass}, nil)
	if d := onlyDiag(t, got.diags, tfprotov6.DiagnosticSeverityError); d.Summary != "Testsigma provider not configured" {
		t.Errorf("error %q", d.Summary)
	}
}

// Write-only runtime data reaches the action: the framework (v1.19) alone refuses any value
// at validation, as if the client could not send one; the provider's server drops that one
// diagnostic, since every client that can invoke an action supports write-only arguments.
// When a framework upgrade fixes this, the first check fails, and server.go can go.
func TestAction_writeOnlyIsAcceptedAtValidation(t *testing.T) {
	t.Parallel()
	cfg := map[string]any{"test_plan_id": planPass, "runtime_data_wo": map[string]string{"password": "x"}}
	raw, err := providerserver.NewProtocol6WithError(NewWithOptions("test", Options{})())()
	if err != nil {
		t.Fatal(err)
	}
	h := newActionHarness(t, Options{})
	resp, err := raw.(actionServer).ValidateActionConfig(t.Context(), &tfprotov6.ValidateActionConfigRequest{ActionType: actionName, Config: h.value(h.action, cfg)})
	if err != nil || len(resp.Diagnostics) != 1 || resp.Diagnostics[0].Summary != writeOnlyNotAllowed {
		t.Errorf("the framework's handling of write-only action values changed (%v): drop the correction in server.go", resp.Diagnostics)
	}
	expectNoDiags(t, "ValidateActionConfig", h.validate(cfg))
	cfg["runtime_data"] = map[string]string{"password": "y"}
	if d := onlyDiag(t, h.validate(cfg), tfprotov6.DiagnosticSeverityError); d.Summary != "Runtime data key set twice" {
		t.Errorf("a key in both halves: %s", d.Summary)
	}
}

// docs/ is generated from the schema: every argument of the action is described, and
// runtime_data_wo is write-only in the schema Terraform receives.
func TestAction_schemaIsDescribedAndWriteOnly(t *testing.T) {
	t.Parallel()
	h := newActionHarness(t, Options{})
	resp, err := h.srv.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	s := resp.ActionSchemas[actionName].Schema
	if s.Block.Description == "" {
		t.Error("the action has no description")
	}
	checkBlockDescribed(t, actionName, s.Block)
	for _, a := range s.Block.Attributes {
		if a.WriteOnly != (a.Name == "runtime_data_wo") {
			t.Errorf("%s: write-only %v", a.Name, a.WriteOnly)
		}
	}
}
