package testsigma

import (
	"testing"
	"time"
)

// checkSchedule decodes the docs' answer to a schedule update (the same shape as a create's)
// through UpdateSchedule and CreateSchedule.
func checkSchedule(t *testing.T, src samples) {
	r := newReplayer(t, src)
	body, v := r.load("schedule.json")
	f := jobject(t, v, "schedule.json")
	f.need(t, "schedule.json", "id", "executionId", "name", "scheduleType", "status", "nextIntervalUTC")
	r.serve("POST /api/v1/schedule_executions", jsonType, body)
	r.serve("PUT /api/v1/schedule_executions/{id}", jsonType, body)
	next, err := time.Parse(time.RFC3339, jstr(f["nextIntervalUTC"]))
	if err != nil {
		t.Fatal(err)
	}
	want := Schedule{ID: val(jint(f["id"])), PlanID: val(jint(f["executionId"])), Name: jstr(f["name"]),
		ScheduleType: jstr(f["scheduleType"]), Status: jstr(f["status"]), NextRun: &next}
	in := ScheduleInput{PlanID: want.PlanID, Name: want.Name, ScheduleType: "WEEKLY", NextInterval: "2022-12-20T15:28:00", Timezone: "PST", Status: "ACTIVE"}
	c := r.client()
	got, err := c.UpdateSchedule(t.Context(), want.ID, in)
	if err != nil {
		t.Fatalf("UpdateSchedule: %v", err)
	}
	sameAs(t, "schedule", got, want)
	if got, err = c.CreateSchedule(t.Context(), in); err != nil {
		t.Fatalf("CreateSchedule: %v", err)
	}
	sameAs(t, "schedule", got, want)
	// nextInterval (epoch ms) and nextIntervalUTC name the same instant in the sample.
	if ms := val(jint(f["nextInterval"])); !time.UnixMilli(ms).Equal(next) {
		t.Errorf("the sample's nextInterval %d is not its nextIntervalUTC %s", ms, next)
	}
}
