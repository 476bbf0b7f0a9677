package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// betweenPlanAndApply runs f after the plan is made and before it is applied (plan checks
// run there), as a colleague's edit in Testsigma would land between `plan -out` and `apply`.
type betweenPlanAndApply func()

func (f betweenPlanAndApply) CheckPlan(context.Context, plancheck.CheckPlanRequest, *plancheck.CheckPlanResponse) {
	f()
}

// A variable added in Testsigma after the plan was made is not deleted by an apply whose
// plan did not show that: the update fails naming it and sends nothing, and a fresh plan
// shows its removal (or the configuration adds it).
func TestEnvironment_variableAddedAfterThePlanIsNotDeletedSilently(t *testing.T) {
	t.Parallel()
	emu := newEmulator(t, emulator.Options{})
	cfg := func(url string) string {
		return envConfig(emu, fmt.Sprintf("name = \"Preview\"\nvariables = { base_url = %q }", url))
	}
	colleague := betweenPlanAndApply(func() {
		e := storedEnv(t, emu)
		e.Variables = append(e.Variables, emulator.Variable{ID: 9901, Key: "feature_flag", Value: "on"})
		emu.AddEnvironment(e)
	})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("https://a.example")},
			{
				Config:           cfg("https://b.example"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{colleague}},
				ExpectError:      words(`plan did not show: feature_flag`, `plan again`),
			},
		},
	})
	if v := varsOf(storedEnv(t, emu)); v["feature_flag"].Value != "on" || v["base_url"].Value != "https://a.example" {
		t.Errorf("variables now %+v, want feature_flag kept and nothing sent", v)
	}
	if n := emu.Count("PUT", "/api/v1/environments/{id}"); n != 0 {
		t.Errorf("%d PUTs, want none", n)
	}
}
