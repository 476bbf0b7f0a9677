package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"time"
)

// Schedule is a test plan schedule as the emulator holds it (spec 2.9).
type Schedule struct {
	ID           int64
	PlanID       int64 // executionId
	Name         string
	ScheduleType string // ONCE, HOURLY, DAILY, WEEKLY, MONTHLY
	Status       string // ACTIVE (documented) or INACTIVE (a guess)
	// NextInterval is the start time as sent: a wall-clock time in Timezone.
	NextInterval string
	Timezone     string
	ConfigID     *int64 // executionConfig.id
	ConfigName   string // executionConfig.name
}

type scheduleEntry struct {
	Schedule
	created, updated time.Time
}

// scheduleJSON is the documented answer of POST and PUT: nextInterval in epoch ms and
// nextIntervalUTC in ISO with a Z. It carries neither the timezone nor the config.
type scheduleJSON struct {
	ID              int64   `json:"id"`
	ExecutionID     int64   `json:"executionId"`
	Name            string  `json:"name"`
	Comments        *string `json:"comments"`
	ScheduleType    string  `json:"scheduleType"`
	NextInterval    int64   `json:"nextInterval"`
	NextIntervalUTC string  `json:"nextIntervalUTC"`
	CreatedByID     int64   `json:"createdById"`
	CreatedDate     int64   `json:"createdDate"`
	UpdatedByID     int64   `json:"updatedById"`
	UpdatedDate     int64   `json:"updatedDate"`
	Status          string  `json:"status"`
}

var scheduleTypes = []string{"ONCE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY"}

// zoneOffsets are the abbreviations the docs use (EST, PST, IST) and a few more, as fixed
// offsets: the docs' PUT sample turns 15:28 PST into 23:28Z. (Their ONCE sample keeps
// 11:13 EST as 11:13Z, which no zone explains; we follow the PUT.) Other names are
// looked up as IANA zones.
var zoneOffsets = map[string]int{
	"UTC": 0, "GMT": 0, "IST": 5*60 + 30, "EST": -5 * 60, "EDT": -4 * 60, "CST": -6 * 60, "CDT": -5 * 60,
	"MST": -7 * 60, "MDT": -6 * 60, "PST": -8 * 60, "PDT": -7 * 60, "CET": 60, "CEST": 120, "JST": 9 * 60,
}

func scheduleLocation(tz string) (*time.Location, error) {
	if off, ok := zoneOffsets[tz]; ok {
		return time.FixedZone(tz, off*60), nil
	}
	if tz == "" || tz == "Local" {
		return nil, fmt.Errorf("unknown timezone %q", tz)
	}
	return time.LoadLocation(tz)
}

// parseScheduleWrite reads a POST or PUT body; the message says what is wrong. The SaaS
// wording and codes for bad schedules are undocumented: a 400 DTO is our guess.
func parseScheduleWrite(body []byte) (Schedule, string) {
	var b struct {
		Name, ScheduleType, Status, NextInterval, Timezone string
		ExecutionID                                        json.RawMessage `json:"executionId"`
		ExecutionConfig                                    *struct {
			ID   json.RawMessage `json:"id"`
			Name string          `json:"name"`
		} `json:"executionConfig"`
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &b) != nil {
		return Schedule{}, "unreadable body"
	}
	sc := Schedule{Name: b.Name, ScheduleType: b.ScheduleType, Status: b.Status, NextInterval: b.NextInterval, Timezone: b.Timezone}
	plan, err := scalarID(b.ExecutionID)
	switch {
	case err != nil || plan == nil:
		return sc, "executionId must not be null"
	case b.Name == "":
		return sc, "name must not be blank"
	case !slices.Contains(scheduleTypes, b.ScheduleType):
		return sc, fmt.Sprintf("scheduleType %q is not one of %v", b.ScheduleType, scheduleTypes)
	// Only ACTIVE is documented; INACTIVE is accepted as a guess at the switched-off state.
	case b.Status != "ACTIVE" && b.Status != "INACTIVE":
		return sc, fmt.Sprintf("status %q is not ACTIVE or INACTIVE", b.Status)
	}
	sc.PlanID = *plan
	if _, err := nextIntervalTime(sc); err != nil {
		return sc, err.Error()
	}
	if c := b.ExecutionConfig; c != nil {
		if sc.ConfigID, err = scalarID(c.ID); err != nil {
			return sc, "executionConfig.id must be a number"
		}
		sc.ConfigName = c.Name
	}
	return sc, ""
}

func nextIntervalTime(sc Schedule) (time.Time, error) {
	loc, err := scheduleLocation(sc.Timezone)
	if err != nil {
		return time.Time{}, fmt.Errorf("timezone: %v", err)
	}
	for _, layout := range []string{"2006-01-02T15:04:05.000", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, sc.NextInterval, loc); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("nextInterval %q is not yyyy-MM-dd'T'HH:mm:ss.SSS", sc.NextInterval)
}

// scheduleExecutions is POST /api/v1/schedule_executions. The docs give the answer's body
// but no status code; 200 is assumed.
func (s *Server) scheduleExecutions(w http.ResponseWriter, q request) {
	sc, bad := parseScheduleWrite(q.body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.scheduleOK(w, sc, bad) {
		return
	}
	if s.schedules == nil {
		s.schedules = map[int64]*scheduleEntry{}
	}
	sc.ID = int64(len(s.schedules)) + 21 // the docs' sample id is 21
	for s.schedules[sc.ID] != nil {
		sc.ID++
	}
	e := &scheduleEntry{Schedule: sc, created: s.clock.Now()}
	s.schedules[sc.ID] = e
	writeJSON(w, e.object())
}

// scheduleExecution is /api/v1/schedule_executions/{id}: PUT takes the POST's body and
// DELETE answers 202 (both documented). GET is not documented: it answers 405 unless the
// ScheduleGet option is on.
func (s *Server) scheduleExecution(w http.ResponseWriter, q request) {
	methods := []string{http.MethodPut, http.MethodDelete}
	if s.opts.ScheduleGet {
		methods = append(methods, http.MethodGet)
	}
	if !allow(w, q.Request, methods...) {
		return
	}
	id, ok := parseID(w, q.ids[0])
	if !ok {
		return
	}
	sc, bad := parseScheduleWrite(q.body)
	s.mu.Lock()
	defer s.mu.Unlock()
	e, found := s.schedules[id]
	if !found {
		// The SaaS answer for an unknown schedule is undocumented; the OSS 404 DTO is our guess.
		writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", id), strp("0"))
		return
	}
	switch q.Method {
	case http.MethodGet:
		writeJSON(w, e.object())
	case http.MethodDelete:
		delete(s.schedules, id)
		writeRaw(w, http.StatusAccepted, "", "")
	default:
		if !s.scheduleOK(w, sc, bad) {
			return
		}
		sc.ID = id
		e.Schedule, e.updated = sc, s.clock.Now()
		writeJSON(w, e.object())
	}
}

// scheduleOK answers the refusal of a bad body or an unknown plan. Caller holds mu.
func (s *Server) scheduleOK(w http.ResponseWriter, sc Schedule, bad string) bool {
	if bad != "" {
		writeError(w, http.StatusBadRequest, bad, nil)
		return false
	}
	if _, ok := s.plans[sc.PlanID]; !ok {
		// As the trigger answers an unknown plan (E2); for schedules a guess.
		msg := fmt.Sprintf("Could not find resource with id:%d", sc.PlanID)
		writeError(w, http.StatusInternalServerError, msg, &msg)
		return false
	}
	return true
}

func (e *scheduleEntry) object() scheduleJSON {
	next, _ := nextIntervalTime(e.Schedule)
	up := e.created
	if e.updated.After(up) {
		up = e.updated
	}
	return scheduleJSON{
		ID: e.ID, ExecutionID: e.PlanID, Name: e.Name, ScheduleType: e.ScheduleType,
		NextInterval: ms(next), NextIntervalUTC: next.UTC().Format("2006-01-02T15:04:05Z"),
		CreatedByID: executedBy, CreatedDate: ms(e.created), UpdatedByID: executedBy, UpdatedDate: ms(up),
		Status: e.Status,
	}
}

// Schedules returns every schedule, by id.
func (s *Server) Schedules() []Schedule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Schedule, 0, len(s.schedules))
	for _, e := range s.schedules {
		out = append(out, e.Schedule)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// EditSchedule changes a stored schedule as someone in the UI would; false when unknown.
func (s *Server) EditSchedule(id int64, f func(*Schedule)) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.schedules[id]
	if ok {
		f(&e.Schedule)
		e.ID, e.updated = id, s.clock.Now()
	}
	return ok
}
