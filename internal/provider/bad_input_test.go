package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Bad input fails at plan time, before anything is sent that could start a run. (More cases
// live in TestPlanRun_planTimeValidation and TestProvider_badConfiguration.)
func TestBadInput_failsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	provider := func(baseURL string) string {
		return providerWith(baseURL, emu.APIKey())
	}
	run := "resource \"testsigma_plan_run\" \"smoke\" {\n  test_plan_id = 1001\n}\n"
	cases := map[string]struct{ config, want string }{
		"base_url with a fragment":     {provider(emu.URL()+"/#runs") + run, `(?s)Invalid Testsigma base URL.*query or\s+fragment`},
		"base_url with ftp scheme":     {provider("ftp://testsigma.example.com") + run, `(?s)Invalid Testsigma base URL.*scheme\s+"ftp".*only\s+https://`},
		"negative test_plan_id":        {runConfig(emu, "test_plan_id = -5"), `(?s)test_plan_id.*value must be at least 1, got: -5`},
		"negative environment_id":      {runConfig(emu, "test_plan_id = 1001\nenvironment_id = -1"), `(?s)environment_id.*value must be at least 1`},
		"empty saved_config_name":      {runConfig(emu, "test_plan_id = 1001\nsaved_config_name = \"\""), `(?s)saved_config_name.*length must be at least 1`},
		"zero create timeout":          {runConfig(emu, "test_plan_id = 1001\ntimeouts {\n create = \"0s\"\n}"), `(?s)Create timeout too short.*timeouts.create is 0s.*at least 10s`},
		"negative create timeout":      {runConfig(emu, "test_plan_id = 1001\ntimeouts {\n create = \"-1s\"\n}"), `(?s)Create timeout too short.*-1s`},
		"nanosecond create timeout":    {runConfig(emu, "test_plan_id = 1001\ntimeouts {\n create = \"1ns\"\n}"), `(?s)Create timeout too short.*1ns`},
		"fractional test_plan_id":      {runConfig(emu, "test_plan_id = 1.5"), `(?s)Invalid Testsigma id.*1\.5 is not a Testsigma id.*whole numbers`},
		"huge test_plan_id":            {runConfig(emu, "test_plan_id = 1e30"), `(?s)Invalid Testsigma id.*1e\+30 is not a Testsigma id`},
		"data source id not a number":  {lookupConfig(emu, "testsigma_test_plan", `id = "smoke"`), `(?s)Invalid Testsigma id.*"smoke" is not a Testsigma id`},
		"data source id padded":        {lookupConfig(emu, "testsigma_test_plan", `id = "01001"`), `(?s)Invalid Testsigma id.*"01001" is not a Testsigma id`},
		"data source id zero":          {lookupConfig(emu, "testsigma_environment", `id = 0`), `(?s)Invalid Testsigma id.*"0" is not a Testsigma id`},
		"poll_interval not a duration": {runConfig(emu, "test_plan_id = 1001\npoll_interval = \"10x\""), `(?s)Invalid duration.*"10x" is not a duration.*such as "10s"`},
		"zero requests per second": {providerWith(emu.URL(), emu.APIKey(), "max_requests_per_second = 0") + run,
			`(?s)max_requests_per_second.*value must be at least 0\.1`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config: tc.config, PlanOnly: true, ExpectError: regexp.MustCompile(tc.want),
				}},
			})
		})
	}
	// After the parallel subtests, which run once this function returns.
	t.Cleanup(func() {
		if n := len(emu.Requests()); n != 0 {
			t.Errorf("bad input still sent %d requests", n)
		}
	})
}

// A base URL copied from the Jenkins plugin (ending in /api/v1) works: the prefix is not doubled.
func TestBadInput_baseURLEndingInAPIv1Works(t *testing.T) {
	t.Parallel()
	emu := savedConfigsEmulator(t)
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerWith(emu.URL()+"/api/v1", emu.APIKey()) +
				`data "testsigma_saved_configs" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.testsigma_saved_configs.all", tfjsonpath.New("ids"), knownvalue.ListSizeExact(3)),
			},
		}},
	})
	for _, r := range emu.Requests() {
		if r.Path != "/api/v1/saved_execution_configs" {
			t.Errorf("request to %s", r.Path)
		}
	}
}

// Importing a run id that does not exist is an error that names the id; nothing is imported.
func TestBadInput_importOfAnUnknownRunID(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			ResourceName: runAddr, Config: runConfig(emu, "test_plan_id = 1001"), ImportState: true, ImportStateId: "999999",
			ExpectError: words("Testsigma run not found", "Run 999999 not found in Testsigma"),
		}},
	})
	if n := emu.Count("GET", "/api/v1/execution_results/999999"); n == 0 {
		t.Error("the import never asked for the run")
	}
	expectTriggers(t, emu, 0)
}

// The other side of the import rule: a run already in state that the API no longer has (purged
// by retention) only warns on refresh and stays in state, so no new run starts by surprise.
func TestBadInput_refreshOfAPurgedRunKeepsIt(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := runConfig(emu, "test_plan_id = 1005\nwait_for_completion = false")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "finished", knownvalue.Bool(false))}},
			{
				PreConfig:    func() { emu.Fault("GET /api/v1/execution_results/{id}", emulator.Fault{Status: 404}) },
				RefreshState: true,
				Check: checkKept(runAddr, func(a map[string]string, _ bool) error {
					if n := statusCount(emu, "GET", "/api/v1/execution_results/"+a["id"], 404); n == 0 {
						return fmt.Errorf("the refresh never met the 404")
					}
					return expectAttrs(a, map[string]string{"test_plan_id": "1005", "finished": "false"})
				}),
			},
		},
	})
	expectTriggers(t, emu, 1)
}
