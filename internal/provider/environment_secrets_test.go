package provider

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const envSecret = "S3CRET-env-pa55-XYZ"

func envSecretConfig(emu *emulator.Server) string {
	return envConfig(emu, fmt.Sprintf("name = \"Probe env\"\nvariables = { user = \"qa\" }\nsecret_variables_wo = { password = %q }\nsecret_variables_wo_version = 1", envSecret))
}

// A secret_variables_wo value Testsigma echoes in an error, as it is, HTML-escaped or
// base64-encoded, is shown as ***, in the terminal and the log, as the API key and
// runtime_data_wo values are.
func TestEnvironment_secretEchoedInAnErrorIsRedacted(t *testing.T) {
	const secret = `S3CRET&<env>pa55'XYZ`
	emu := newEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	cfg := envConfig(emu, fmt.Sprintf("name = \"Probe env\"\nsecret_variables_wo = { password = %q }\nsecret_variables_wo_version = 1", secret))
	echoes := []string{secret, html.EscapeString(secret), base64.StdEncoding.EncodeToString([]byte(secret))}
	var steps []resource.TestStep
	for _, echo := range echoes {
		body, _ := json.Marshal(map[string]string{"error": "Variable password has an invalid value " + echo})
		steps = append(steps, resource.TestStep{
			PreConfig: func() {
				emu.Fault("POST /api/v1/environments", emulator.StatusBody(400, "application/json", string(body)).Once())
			},
			Config:      cfg,
			ExpectError: words(`Variable password has an invalid value \*\*\*`),
		})
	}
	resource.UnitTest(t, resource.TestCase{ProtoV6ProviderFactories: factories(), Steps: steps})
	assertNowhere(t, tmp, echoes...)
}

// A variable this resource sent as a secret stays a secret when Testsigma answers it
// without isEncrypted (or with false): its value is never read into state or shown in a
// plan, and the refresh plans no change.
func TestEnvironment_secretAnsweredUnflaggedStaysOutOfState(t *testing.T) {
	emu := newEmulator(t, emulator.Options{})
	tmp := traceEverything(t)
	unflagged := func() {
		e := storedEnv(t, emu)
		body, _ := json.Marshal(map[string]any{"id": e.ID, "name": e.Name, "projectId": 1, "variables": []map[string]any{
			{"id": 1, "key": "user", "value": "qa", "isEncrypted": false},
			{"id": 2, "key": "password", "value": envSecret, "isEncrypted": nil},
		}})
		emu.Fault("GET /api/v1/environments/{id}", emulator.Malformed(string(body)))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: envSecretConfig(emu)},
			{
				PreConfig: unflagged, Config: envSecretConfig(emu),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{PreConfig: unflagged, RefreshState: true},
		},
	})
	assertNowhere(t, tmp, envSecret)
}

// An environment without project_id is created with no projectId in the body: the docs
// say it is sent only when set, and 0 is no project.
func TestEnvironment_unsetProjectIsNotSent(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: envSecretConfig(emu)}},
	})
	for _, r := range emu.Requests() {
		if r.Method == "POST" && r.Path == "/api/v1/environments" && strings.Contains(string(r.Body), "projectId") {
			t.Errorf("the create body names a project: %s", r.Body)
		}
	}
}
