package testsigma

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// D14 (reliability-probe.md R60): a run whose startTime is a day ahead, whose endTime is an
// hour ago and whose duration is negative keeps none of them: no nonsense is stored as a fact
// or remembered for the next run's schedule, and a DEBUG line says why.
func TestD14_nonsenseClocksAreNotFacts(t *testing.T) {
	now := time.Now()
	body := fmt.Sprintf(`{"id":5001,"executionId":301,"status":"STATUS_COMPLETED","result":"SUCCESS","startTime":%d,"endTime":%d,"duration":-5000000}`,
		now.Add(24*time.Hour).UnixMilli(), now.Add(-time.Hour).UnixMilli())
	srv := newScriptServer(t, jsonStep(body))
	log := &recordingLogger{}
	c := newClient(t, srv.URL, Options{Logger: log})
	o, we := c.Follow(context.Background(), Run{ID: 5001, TestPlanID: 301}, Policy{})
	if we != nil {
		t.Fatal(we)
	}
	if r := o.Final; r.StartedAt != nil || r.FinishedAt != nil || r.Duration != nil {
		t.Fatalf("started %v, finished %v, duration %v: want all null", r.StartedAt, r.FinishedAt, r.Duration)
	}
	if d, _ := c.memory.recall(301); d != 0 {
		t.Errorf("%v was remembered as what a run of the plan takes", d)
	}
	noted := false
	for _, l := range log.all() {
		noted = noted || (strings.Contains(l.msg, "cannot be right") && strings.Contains(fmt.Sprint(l.fields["reasons"]), "endTime is before startTime"))
	}
	if !noted {
		t.Errorf("no DEBUG line about the dropped times: %v", log.all())
	}
}

// A finish before a start (both plausible on their own) drops both; sane times are kept,
// and so is a start a little ahead (clock drift).
func TestD14_endBeforeStartDropsBoth(t *testing.T) {
	c := newClient(t, "https://ts.example.com", Options{})
	now := time.Now()
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	dur := 90 * time.Second
	r := Run{StartedAt: at(-time.Minute), FinishedAt: at(-2 * time.Minute), Duration: &dur}
	c.saneClocks(context.Background(), &r)
	if r.StartedAt != nil || r.FinishedAt != nil || r.Duration == nil {
		t.Errorf("end before start: %+v", r)
	}
	r = Run{StartedAt: at(time.Minute), FinishedAt: at(2 * time.Minute), Duration: &dur}
	c.saneClocks(context.Background(), &r)
	if r.StartedAt == nil || r.FinishedAt == nil || r.Duration == nil {
		t.Errorf("times a minute ahead (drift) were dropped: %+v", r)
	}
}
