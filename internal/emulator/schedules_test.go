package emulator

import "testing"

// The documented round trip: POST answers nextInterval in epoch ms and nextIntervalUTC in
// ISO (15:28 PST is 23:28Z, as in the docs' PUT sample), PUT takes the same body, DELETE
// answers 202; GET of one schedule is undocumented and 405 unless ScheduleGet.
func TestSchedules(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 180, Name: "Nightly"})
	body := `{"name":"New Test Plan Schedule","executionId":180,"scheduleType":"ONCE","status":"ACTIVE","nextInterval":"2022-12-20T15:28:00.000","timezone":"PST"}`
	r := call(t, s, "POST", "/api/v1/schedule_executions", body)
	if r.status != 200 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	m := decode(t, r)
	wantFields(t, m, "id", 21, "executionId", 180, "scheduleType", "ONCE", "status", "ACTIVE",
		"nextInterval", 1671578880000, "nextIntervalUTC", "2022-12-20T23:28:00Z", "comments", nil)
	r = call(t, s, "PUT", "/api/v1/schedule_executions/21", `{"name":"Updated","executionId":"180","scheduleType":"WEEKLY","status":"INACTIVE","nextInterval":"2022-12-20T15:28:00","timezone":"IST","executionConfig":{"id":2}}`)
	if r.status != 200 {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	wantFields(t, decode(t, r), "name", "Updated", "nextIntervalUTC", "2022-12-20T09:58:00Z", "status", "INACTIVE")
	if sc := s.Schedules(); len(sc) != 1 || sc[0].ConfigID == nil || *sc[0].ConfigID != 2 || sc[0].Timezone != "IST" {
		t.Errorf("stored: %+v", sc)
	}
	if r = call(t, s, "GET", "/api/v1/schedule_executions/21", ""); r.status != 405 {
		t.Errorf("GET without ScheduleGet: %d", r.status)
	}
	for _, bad := range []string{
		`{"name":"x","executionId":180,"scheduleType":"YEARLY","status":"ACTIVE","nextInterval":"2022-12-20T15:28:00","timezone":"PST"}`,
		`{"name":"x","executionId":180,"scheduleType":"DAILY","status":"ACTIVE","nextInterval":"2022-13-01 10:00","timezone":"PST"}`,
		`{"name":"x","executionId":180,"scheduleType":"DAILY","status":"ACTIVE","nextInterval":"2022-12-20T15:28:00","timezone":"Mars/Olympus"}`,
	} {
		if r = call(t, s, "POST", "/api/v1/schedule_executions", bad); r.status != 400 {
			t.Errorf("%s: %d %s", bad, r.status, r.body)
		}
	}
	if r = call(t, s, "POST", "/api/v1/schedule_executions", `{"name":"x","executionId":9,"scheduleType":"DAILY","status":"ACTIVE","nextInterval":"2022-12-20T15:28:00","timezone":"PST"}`); r.status != 500 {
		t.Errorf("unknown plan: %d", r.status)
	}
	if r = call(t, s, "DELETE", "/api/v1/schedule_executions/21", ""); r.status != 202 {
		t.Errorf("DELETE: %d", r.status)
	}
	if r = call(t, s, "DELETE", "/api/v1/schedule_executions/21", ""); r.status != 404 {
		t.Errorf("DELETE again: %d", r.status)
	}
}

func TestScheduleGetOption(t *testing.T) {
	s, _ := newTestServer(t, Options{ScheduleGet: true})
	s.AddPlan(Plan{ID: 180})
	call(t, s, "POST", "/api/v1/schedule_executions", `{"name":"n","executionId":180,"scheduleType":"DAILY","status":"ACTIVE","nextInterval":"2022-12-20T15:28:00","timezone":"UTC"}`)
	s.EditSchedule(21, func(sc *Schedule) { sc.Name = "Renamed in the UI" })
	if r := call(t, s, "GET", "/api/v1/schedule_executions/21", ""); r.status != 200 || decode(t, r)["name"] != "Renamed in the UI" {
		t.Errorf("GET: %d %s", r.status, r.body)
	}
}
