package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A wait that times out with stop_on_timeout = false (and the default on_timeout =
// "error") leaves the run going without a verdict: the apply FAILS, so what depends on the
// run is not created, and the run stays in state. Terraform marks the failed create
// tainted; the next apply's replacement waits for that same run (no new POST, same id) and
// judges it as a first apply would, and only then creates the dependent.
func TestResume_timedOutWaitFailsTheApplyAndTheNextApplyResumesTheSameRun(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4001, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4001\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}") +
		"resource \"terraform_data\" \"deploy_next\" {\n  depends_on = [testsigma_plan_run.smoke]\n}\n"
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: words("The Testsigma run is still going; the next apply waits for it", "stop_on_timeout = false left it going", "Without a verdict the apply fails"),
			},
			{
				PreConfig: func() { clock.Advance(2 * time.Hour) },
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("terraform_data.deploy_next", plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(runAddr, "id", knownvalue.StringExact("5001")),
					stateAttr(runAddr, "finished", knownvalue.Bool(true)), stateAttr(runAddr, "passed", knownvalue.Bool(true)),
				},
			},
			{Config: cfg, ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}}},
		},
	})
	expectTriggers(t, emu, 1)
	if run := onlyRun(t, emu); run.StopRequests != 0 {
		t.Errorf("%d stops: want the one run never stopped", run.StopRequests)
	}
}

// A resumed wait that times out again fails that apply too, and the apply after it still
// waits for the same run: never a second run while the first has no verdict.
func TestResume_resumedWaitThatTimesOutAgainFailsAndIsResumedAgain(t *testing.T) {
	t.Parallel()
	clock := newManualClock()
	emu := planRunEmulator(t, emulator.Options{Clock: clock})
	hourLong(emu, 4003, "SUCCESS")
	cfg := runConfig(emu, "test_plan_id = 4003\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n update = \"10s\"\n}")
	stillGoing := words("The Testsigma run is still going; the next apply waits for it")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ExpectError: stillGoing},
			{Config: cfg, ExpectError: stillGoing},
			{Config: cfg, ExpectError: stillGoing},
			{
				PreConfig:         func() { clock.Advance(2 * time.Hour) },
				Config:            cfg,
				ConfigStateChecks: []statecheck.StateCheck{stateAttr(runAddr, "id", knownvalue.StringExact("5001")), stateAttr(runAddr, "passed", knownvalue.Bool(true))},
			},
		},
	})
	expectTriggers(t, emu, 1)
}

// A create that failed without a verdict, replaced for an input that changed (here the
// build number): that is a new run, not the old one resumed. The old run is released as a
// destroy releases it (stop_on_destroy, true by default: it is stopped), and a new run
// starts.
func TestResume_failedCreateReplacedForAChangedInputStopsTheOldRunAndStartsANewOne(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	hourLong(emu, 4004, "SUCCESS")
	cfg := func(build string) string {
		return runConfig(emu, "test_plan_id = 4004\nbuild_number = \""+build+"\"\nstop_on_timeout = false\ntimeouts {\n create = \"10s\"\n}")
	}
	stillGoing := words("The Testsigma run is still going; the next apply waits for it")
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("b1"), ExpectError: stillGoing},
			{Config: cfg("b2"), ExpectError: stillGoing},
		},
	})
	expectTriggers(t, emu, 2)
	if old, _ := emu.Run(5001); old.Result != "STOPPED" {
		t.Errorf("the replaced run is %s %s: want it stopped", old.Status, old.Result)
	}
}
