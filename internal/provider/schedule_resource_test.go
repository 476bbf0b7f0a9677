package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const schedAddr = "testsigma_schedule.nightly"

func schedConfig(emu *emulator.Server, body string) string {
	return providerBlock(emu) + "resource \"testsigma_schedule\" \"nightly\" {\n" + body + "\n}\n"
}

func onlySchedule(t *testing.T, emu *emulator.Server) emulator.Schedule {
	t.Helper()
	s := emu.Schedules()
	if len(s) != 1 {
		t.Fatalf("the emulator holds %d schedules, want 1", len(s))
	}
	return s[0]
}

// Create, update in place, import, drift and destroy, with the read-back the docs do not
// list switched on (detect_drift, and the emulator's ScheduleGet).
func TestSchedule_lifecycle(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{ScheduleGet: true})
	emu.AddSavedConfig(emulator.SavedConfig{ID: 31, Name: "Nightly", Query: "[]"})
	cfg := func(name, kind string, enabled bool) string {
		return schedConfig(emu, fmt.Sprintf("test_plan_id = %d\nname = %q\nschedule_type = %q\nnext_interval = \"2026-12-24T09:30:00\"\ntimezone = \"PST\"\nsaved_config_name = \"Nightly\"\nenabled = %t\ndetect_drift = true", planPass, name, kind, enabled))
	}
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(emu.Schedules()); n != 0 {
				return fmt.Errorf("%d schedules left after destroy", n)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: cfg("Nightly", "DAILY", true),
				ConfigStateChecks: []statecheck.StateCheck{
					stateAttr(schedAddr, "id", knownvalue.StringExact("21")),
					stateAttr(schedAddr, "next_run_at", knownvalue.StringExact("2026-12-24T17:30:00Z")),
				},
				Check: func(*terraform.State) error {
					s := onlySchedule(t, emu)
					if s.PlanID != planPass || s.ScheduleType != "DAILY" || s.Status != "ACTIVE" || s.NextInterval != "2026-12-24T09:30:00.000" || s.Timezone != "PST" || s.ConfigName != "Nightly" {
						return fmt.Errorf("created %+v", s)
					}
					return nil
				},
			},
			{
				Config: cfg("Nightly (paused)", "WEEKLY", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if s := onlySchedule(t, emu); s.ID != 21 || s.Name != "Nightly (paused)" || s.ScheduleType != "WEEKLY" || s.Status != "INACTIVE" {
						return fmt.Errorf("updated %+v", s)
					}
					return nil
				},
			},
			{
				ResourceName: schedAddr, ImportState: true, ImportStateVerify: true, ImportStateId: "21",
				// The API's answer has no local start time, zone or config to import.
				ImportStateVerifyIgnore: []string{"next_interval", "timezone", "saved_config_name"},
			},
			{
				PreConfig: func() { emu.EditSchedule(21, func(s *emulator.Schedule) { s.Name = "Renamed in the UI" }) },
				Config:    cfg("Nightly (paused)", "WEEKLY", false),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(schedAddr, plancheck.ResourceActionUpdate),
				}},
				Check: func(*terraform.State) error {
					if s := onlySchedule(t, emu); s.Name != "Nightly (paused)" {
						return fmt.Errorf("after the apply the name is %q, want it put back", s.Name)
					}
					return nil
				},
			},
		},
	})
}

// By default only documented endpoints are called: a refresh makes no request, so a change
// made in Testsigma goes unseen (the docs' limit, said in the schema), and no GET is sent.
func TestSchedule_documentedEndpointsOnly(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	cfg := schedConfig(emu, fmt.Sprintf("test_plan_id = %d\nname = \"Once\"\nschedule_type = \"ONCE\"\nnext_interval = \"2026-12-24T09:30:00.000\"\ntimezone = \"IST\"", planPass))
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{
			{Config: cfg, ConfigStateChecks: []statecheck.StateCheck{
				stateAttr(schedAddr, "enabled", knownvalue.Bool(true)), stateAttr(schedAddr, "detect_drift", knownvalue.Bool(false)),
				stateAttr(schedAddr, "next_run_at", knownvalue.StringExact("2026-12-24T04:00:00Z")),
			}},
			{
				PreConfig:        func() { emu.EditSchedule(21, func(s *emulator.Schedule) { s.Name = "Renamed in the UI" }) },
				Config:           cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
		},
	})
	if n := emu.Count("GET", "/api/v1/schedule_executions/{id}"); n != 0 {
		t.Errorf("%d GETs of a schedule; the docs list none", n)
	}
	if n := emu.Count("DELETE", "/api/v1/schedule_executions/{id}"); n != 1 {
		t.Errorf("%d DELETEs, want 1", n)
	}
}

// Bad values fail at plan time, with a sentence that says what is wrong.
func TestSchedule_badInputFailsAtPlanTime(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	base := map[string]string{"test_plan_id": "1001", "name": `"N"`, "schedule_type": `"DAILY"`, "next_interval": `"2026-12-24T09:30:00"`, "timezone": `"EST"`}
	tests := map[string]struct {
		set  map[string]string
		want *regexp.Regexp
	}{
		"month 13":          {map[string]string{"next_interval": `"2026-13-01 10:00"`}, words(`Invalid next_interval`, regexp.QuoteMeta(`next_interval must be like 2026-12-24T09:30:00 (ISO 8601 local time, no zone; the zone goes in timezone), got "2026-13-01 10:00".`))},
		"with a zone":       {map[string]string{"next_interval": `"2026-12-24T09:30:00Z"`}, words(`next_interval must be like 2026-12-24T09:30:00`, `got "2026-12-24T09:30:00Z"`)},
		"february 30":       {map[string]string{"next_interval": `"2026-02-30T09:30:00"`}, words(`got "2026-02-30T09:30:00"`)},
		"unknown type":      {map[string]string{"schedule_type": `"YEARLY"`}, words(`schedule_type`, `value must be one of`, `"ONCE"`, `"MONTHLY"`, `got: "YEARLY"`)},
		"offset timezone":   {map[string]string{"timezone": `"UTC +1"`}, words(`Invalid timezone`, `timezone must be a time zone name such as "EST"`, `got "UTC \+1"`)},
		"config twice":      {map[string]string{"saved_config_id": "11", "saved_config_name": `"Nightly"`}, words(`Invalid Attribute Combination`, `"saved_config_name" cannot be specified when "saved_config_id" is specified`)},
		"plan id not an id": {map[string]string{"test_plan_id": "0"}, words(`test_plan_id`, `must be at least 1`)},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := ""
			for k, v := range base {
				if over, ok := tt.set[k]; ok {
					v = over
				}
				body += k + " = " + v + "\n"
			}
			for k, v := range tt.set {
				if _, ok := base[k]; !ok {
					body += k + " = " + v + "\n"
				}
			}
			resource.UnitTest(t, resource.TestCase{
				ProtoV6ProviderFactories: factories(),
				Steps:                    []resource.TestStep{{Config: schedConfig(emu, body), PlanOnly: true, ExpectError: tt.want}},
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

// A Testsigma that answers ACTIVE to an INACTIVE schedule (only ACTIVE is documented) fails
// the apply, and the schedule just made is deleted again so that it does not run.
func TestSchedule_statusNotTakenFailsAndDeletes(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	emu.Fault("POST /api/v1/schedule_executions", emulator.Fault{AfterHandle: true, MalformedSet: true, Times: 1,
		Malformed: `{"id":21,"executionId":1001,"name":"Off","scheduleType":"DAILY","nextInterval":1798104600000,"nextIntervalUTC":"2026-12-24T14:30:00Z","status":"ACTIVE"}`})
	resource.UnitTest(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:      schedConfig(emu, "test_plan_id = 1001\nname = \"Off\"\nschedule_type = \"DAILY\"\nnext_interval = \"2026-12-24T09:30:00\"\ntimezone = \"EST\"\nenabled = false"),
			ExpectError: words(`Testsigma did not switch the schedule off`, `answered status ACTIVE for schedule 21, which was sent as INACTIVE`, `only ACTIVE`, `It was deleted again`),
		}},
	})
	if n := len(emu.Schedules()); n != 0 {
		t.Errorf("%d schedules left, want the refused one deleted", n)
	}
}

// Import takes the number Testsigma shows, and says so when given anything else.
func TestImport_badIDs(t *testing.T) {
	t.Parallel()
	emu := planRunEmulator(t, emulator.Options{})
	for addr, cfg := range map[string]string{
		envAddr:   envConfig(emu, "name = \"E\""),
		schedAddr: schedConfig(emu, "test_plan_id = 1001\nname = \"N\"\nschedule_type = \"ONCE\"\nnext_interval = \"2026-12-24T09:30:00\"\ntimezone = \"EST\""),
	} {
		resource.UnitTest(t, resource.TestCase{
			ProtoV6ProviderFactories: factories(),
			Steps: []resource.TestStep{{ResourceName: addr, Config: cfg, ImportState: true, ImportStateId: "staging",
				ExpectError: words(`Invalid (environment|schedule) id`, `"staging" is not a Testsigma (environment|schedule) id. Import with`)}},
		})
	}
}
