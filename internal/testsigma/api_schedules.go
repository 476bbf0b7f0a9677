package testsigma

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"
)

// This file is the schedules API (spec 2.9, /schedule_executions). engine_poll_schedule.go
// is something else: when the wait engine polls a run.

// ScheduleTypes are the documented values of scheduleType.
var ScheduleTypes = []string{"ONCE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY"}

// scheduleIntervalLayout is nextInterval as the docs write it: yyyy-MM-dd'T'HH:mm:ss.SSS, a
// wall-clock time in the schedule's timezone.
const scheduleIntervalLayout = "2006-01-02T15:04:05.000"

// ScheduleInput is the body of a create or an update ("PUT takes the same body").
type ScheduleInput struct {
	PlanID       int64
	Name         string
	ScheduleType string
	// NextInterval is a local time, 2006-01-02T15:04:05 with or without .000; the
	// milliseconds the docs show are added when missing.
	NextInterval string
	Timezone     string
	// Status is ACTIVE, the only documented value, or INACTIVE (see the resource's docs).
	Status     string
	ConfigID   *int64 // executionConfig.id
	ConfigName string // executionConfig.name, when ConfigID is nil
}

// Schedule is the API's answer about a schedule. It carries no timezone and no config:
// the documented answer has neither.
type Schedule struct {
	ID, PlanID   int64
	Name         string
	ScheduleType string
	Status       string
	NextRun      *time.Time // nextIntervalUTC, else nextInterval (epoch ms)
}

type wireScheduleConfig struct {
	ID   *int64 `json:"id,omitempty"`
	Name string `json:"name,omitempty"`
}

type wireScheduleIn struct {
	Name            string              `json:"name"`
	ExecutionID     int64               `json:"executionId"`
	ScheduleType    string              `json:"scheduleType"`
	Status          string              `json:"status"`
	NextInterval    string              `json:"nextInterval"`
	Timezone        string              `json:"timezone"`
	ExecutionConfig *wireScheduleConfig `json:"executionConfig,omitempty"`
}

type wireSchedule struct {
	ID              flexInt    `json:"id"`
	ExecutionID     flexInt    `json:"executionId"`
	Name            flexString `json:"name"`
	ScheduleType    flexString `json:"scheduleType"`
	Status          flexString `json:"status"`
	NextInterval    flexTime   `json:"nextInterval"`
	NextIntervalUTC flexTime   `json:"nextIntervalUTC"`
}

func (in ScheduleInput) wire() wireScheduleIn {
	next := in.NextInterval
	if len(next) == len("2006-01-02T15:04:05") {
		next += ".000"
	}
	w := wireScheduleIn{Name: in.Name, ExecutionID: in.PlanID, ScheduleType: in.ScheduleType, Status: in.Status, NextInterval: next, Timezone: in.Timezone}
	if in.ConfigID != nil || in.ConfigName != "" {
		w.ExecutionConfig = &wireScheduleConfig{ID: in.ConfigID}
		if in.ConfigID == nil {
			w.ExecutionConfig.Name = in.ConfigName
		}
	}
	return w
}

func (w wireSchedule) schedule() Schedule {
	s := Schedule{ID: w.ID.Value, PlanID: w.ExecutionID.Value, Name: string(w.Name), ScheduleType: string(w.ScheduleType), Status: string(w.Status), NextRun: w.NextIntervalUTC.ptr()}
	if s.NextRun == nil {
		s.NextRun = w.NextInterval.ptr()
	}
	return s
}

// ParseScheduleInterval checks a local start time; ok is false when it is not one.
func ParseScheduleInterval(s string) (time.Time, bool) {
	for _, layout := range []string{scheduleIntervalLayout, strings.TrimSuffix(scheduleIntervalLayout, ".000")} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// CreateSchedule is POST /schedule_executions. It is sent again only when it provably never
// left: a lost answer may hide a created schedule.
func (c *Client) CreateSchedule(ctx context.Context, in ScheduleInput) (Schedule, error) {
	var w wireSchedule
	if err := c.do(ctx, call{method: http.MethodPost, path: "/schedule_executions", body: in.wire(), retry: retryUnsent, out: &w}); err != nil {
		return Schedule{}, err
	}
	if !w.ID.Valid {
		return Schedule{}, errors.New("the answer to POST /api/v1/schedule_executions names no id for the new schedule")
	}
	return w.schedule(), nil
}

// UpdateSchedule is PUT /schedule_executions/{id} with the full body.
func (c *Client) UpdateSchedule(ctx context.Context, id int64, in ScheduleInput) (Schedule, error) {
	var w wireSchedule
	if err := c.do(ctx, call{method: http.MethodPut, path: schedulePath(id), body: in.wire(), retry: retryIdempotent, out: &w}); err != nil {
		return Schedule{}, err
	}
	s := w.schedule()
	if !w.ID.Valid {
		s.ID = id
	}
	return s, nil
}

// DeleteSchedule is DELETE /schedule_executions/{id} (documented answer: 202).
func (c *Client) DeleteSchedule(ctx context.Context, id int64) error {
	return c.do(ctx, call{method: http.MethodDelete, path: schedulePath(id), retry: retryIdempotent})
}

// Schedule is GET /schedule_executions/{id}, which the docs do NOT list (a guess; see the
// resource's detect_drift). A 404 from it cannot tell a deleted schedule from a missing
// endpoint.
func (c *Client) Schedule(ctx context.Context, id int64) (Schedule, error) {
	var w wireSchedule
	if err := c.do(ctx, call{method: http.MethodGet, path: schedulePath(id), retry: retryIdempotent, out: &w}); err != nil {
		return Schedule{}, err
	}
	s := w.schedule()
	if !w.ID.Valid {
		s.ID = id
	}
	return s, nil
}

// IsMethodNotAllowed reports a 405: the path exists, but not for that method (how a server
// without the GET of one schedule answers it).
func IsMethodNotAllowed(err error) bool { return hasStatus(err, http.StatusMethodNotAllowed) }

func schedulePath(id int64) string { return "/schedule_executions/" + itoa(id) }
