package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// A time zone no one knows (Mars/Olympus), the machine's own (Local), a ONCE schedule
// whose only run is in the past, and a local time the clocks skip (a DST gap) fail at plan
// time, before anything is sent; the zone names
// Testsigma's docs use (EST, PST, IST) and IANA names plan.
func TestSchedule_zonesAndPastOnceFailAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := func(kind, at, zone string) string {
		return schedConfig(emu, "test_plan_id = 1001\nname = \"N\"\nschedule_type = \""+kind+"\"\nnext_interval = \""+at+"\"\ntimezone = \""+zone+"\"")
	}
	bad := map[string]struct {
		cfg  string
		want *regexp.Regexp
	}{
		"unknown zone": {cfg("DAILY", "2030-01-01T01:30:00", "Mars/Olympus"), words(`Invalid timezone`, `"Mars/Olympus"`)},
		"local zone":   {cfg("DAILY", "2030-01-01T01:30:00", "Local"), words(`Invalid timezone`, `"Local"`)},
		"once in past": {cfg("ONCE", "2001-01-01T00:00:00", "EST"), words(`ONCE`, `2001-01-01T00:00:00 EST`, `in the past`)},
		"in a DST gap": {cfg("DAILY", "2030-03-10T02:30:00", "America/New_York"), words(`2030-03-10T02:30:00`, `does not exist in America/New_York`)},
	}
	for name, c := range bad {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: c.cfg, PlanOnly: true, ExpectError: c.want}},
			})
		})
	}
	for _, zone := range []string{"EST", "PST", "IST", "America/New_York", "UTC"} {
		t.Run("plans "+zone, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: cfg("ONCE", "2030-01-01T01:30:00", zone), PlanOnly: true, ExpectNonEmptyPlan: true}},
			})
		})
	}
	if n := len(emu.Requests()); n != 0 {
		t.Errorf("%d API requests at plan time, want none", n)
	}
}

// A saved_config_name no saved config has, or a saved_config_id none has, fails the plan
// with the names that are close (as on testsigma_plan_run), and no schedule is created.
func TestSchedule_unknownSavedConfigFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	base := "test_plan_id = 1001\nname = \"N\"\nschedule_type = \"DAILY\"\nnext_interval = \"2030-01-01T01:30:00\"\ntimezone = \"EST\"\n"
	for name, c := range map[string]struct {
		cfg  string
		want *regexp.Regexp
	}{
		"name": {base + `saved_config_name = "Chrome smoek"`, words(`Saved config not found`, `saved_config_name`, `Closest names: "Chrome smoke"`)},
		"id":   {base + `saved_config_id = 99`, words(`saved_config_id`, `No saved execution config has id 99`)},
	} {
		t.Run(name, func(t *testing.T) {
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: schedConfig(emu, c.cfg), ExpectError: c.want}},
			})
		})
	}
	if n := len(emu.Schedules()); n != 0 {
		t.Errorf("the emulator holds %d schedules, want none", n)
	}
}

// Changing saved_config_name to one no config has fails the plan too, and nothing is sent;
// a plan that leaves the config as it is looks nothing up.
func TestSchedule_changedToUnknownSavedConfigFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 11, Name: "Chrome smoke", Query: "[]"})
	cfg := func(config string) string {
		return schedConfig(emu, "test_plan_id = 1001\nname = \"N\"\nschedule_type = \"DAILY\"\nnext_interval = \"2030-01-01T01:30:00\"\ntimezone = \"EST\"\nsaved_config_name = \""+config+"\"")
	}
	lookups := func() int { return emu.Count("GET", "/api/v1/saved_execution_configs") }
	var before int
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg("Chrome smoke")},
			{PreConfig: func() { before = lookups() }, Config: cfg("Chrome smoke"), PlanOnly: true},
			{
				PreConfig: func() {
					if n := lookups() - before; n != 0 {
						t.Errorf("a plan that keeps the config looked the configs up %d times, want none", n)
					}
				},
				Config: cfg("Chrome smoek"), ExpectError: words(`Saved config not found`, `Closest names: "Chrome smoke"`),
			},
		},
	})
	if n := emu.Count("PUT", "/api/v1/schedule_executions/{id}"); n != 0 {
		t.Errorf("%d PUTs of the schedule, want none", n)
	}
}
