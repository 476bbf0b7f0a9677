package testsigma

import (
	"context"
	"testing"
	"time"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The documented round trip: the body the docs show (milliseconds added, the config by id
// only), nextIntervalUTC read as the next run, 202 on delete; the undocumented GET only
// where the emulator is told to serve it.
func TestSchedule_roundTrip(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{ScheduleGet: true})
	ctx := context.Background()
	cfg := int64(11)
	in := ScheduleInput{PlanID: 1001, Name: "Nightly", ScheduleType: "DAILY", NextInterval: "2022-12-20T15:28:00", Timezone: "PST", Status: "ACTIVE", ConfigID: &cfg, ConfigName: "ignored"}
	s, err := c.CreateSchedule(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2022, 12, 20, 23, 28, 0, 0, time.UTC)
	if s.ID == 0 || s.PlanID != 1001 || s.NextRun == nil || !s.NextRun.Equal(want) {
		t.Fatalf("created %+v", s)
	}
	body := lastBody(t, emu, "POST")
	if body["nextInterval"] != "2022-12-20T15:28:00.000" || body["executionConfig"].(map[string]any)["name"] != nil {
		t.Errorf("POST body %v", body)
	}
	in.Status, in.Name = "INACTIVE", "Nightly (paused)"
	if s, err = c.UpdateSchedule(ctx, s.ID, in); err != nil || s.Status != "INACTIVE" {
		t.Fatalf("update: %+v, %v", s, err)
	}
	if got, err := c.Schedule(ctx, s.ID); err != nil || got.Name != "Nightly (paused)" {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if err := c.DeleteSchedule(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteSchedule(ctx, s.ID); !IsNotFound(err) {
		t.Errorf("second delete: %v, want a 404", err)
	}
}

func TestParseScheduleInterval(t *testing.T) {
	for in, ok := range map[string]bool{"2026-12-24T09:30:00": true, "2026-12-24T09:30:00.000": true,
		"2026-13-01 10:00": false, "2026-12-24T09:30:00Z": false, "2026-02-30T09:30:00": false} {
		if _, got := ParseScheduleInterval(in); got != ok {
			t.Errorf("ParseScheduleInterval(%q) ok = %v, want %v", in, got, ok)
		}
	}
}
