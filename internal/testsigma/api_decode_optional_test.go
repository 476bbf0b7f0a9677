package testsigma

import (
	"encoding/json"
	"strconv"
	"testing"
)

// A field the verdict does not need that cannot be decoded is unknown: the run still reads,
// and a passing run still passes.
func TestDecodeRunUnreadableOptionalFieldIsUnknown(t *testing.T) {
	const pass = `"id":5002,"status":"STATUS_COMPLETED","result":"SUCCESS"`
	for name, tt := range map[string]struct {
		field string
		check func(Run) bool
	}{
		"count NaN":             {`"totalCount":"NaN","passedCount":3`, func(r Run) bool { return r.Counts.Total == nil && *r.Counts.Passed == 3 }},
		"fractional duration":   {`"duration":4000.5`, func(r Run) bool { return r.Duration == nil }},
		"executionId with text": {`"executionId":"1001abc"`, func(r Run) bool { return r.TestPlanID == 0 }},
		"message as an object":  {`"message":{"text":"done"}`, func(r Run) bool { return r.Message == "" }},
		"startTime as a word":   {`"startTime":"yesterday","endTime":true`, func(r Run) bool { return r.StartedAt == nil && r.FinishedAt == nil }},
		"execution as a string": {`"execution":"Smoke"`, func(r Run) bool { return r.TestPlanName == "" }},
		"execution id as text":  {`"execution":{"id":"x","name":"Smoke"}`, func(r Run) bool { return r.TestPlanName == "Smoke" }},
		"buildNo as an object":  {`"buildNo":{"n":1}`, func(r Run) bool { return r.BuildNumber == "" }},
		"environmentId as text": {`"environmentId":"prod"`, func(r Run) bool { return r.EnvironmentID == nil }},
		"isReRunEnabled as text": {`"isReRunEnabled":"yes","reRunParentId":"none"`, func(r Run) bool {
			return !r.SelfRerun && r.RerunOf == nil
		}},
	} {
		t.Run(name, func(t *testing.T) {
			r, err := decodeRun([]byte("{" + pass + "," + tt.field + "}"))
			if err != nil {
				t.Fatalf("an unreadable optional field failed the read: %v", err)
			}
			if r.ID != 5002 || !Passed(r, DefaultAccepted()) || !tt.check(r) {
				t.Errorf("run = %+v", r)
			}
		})
	}
}

// After Testsigma's automatic re-run passes, everything the run reports is the re-run's:
// its result, status, message, counts and end, never the first attempt's failures beside a
// pass.
func TestDecodeRunAutoRerunDescribesTheDecidingAttempt(t *testing.T) {
	body := `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","message":"Test plan execution failed","endTime":1000,
		"totalCount":3,"passedCount":1,"failedCount":2,"isReRunEnabled":true,"consolidatedStatus":"STATUS_COMPLETED","consolidatedResult":"SUCCESS",
		"childResult":{"id":2,"reRunParentId":1,"status":"STATUS_COMPLETED","result":"SUCCESS","message":"Test plan execution completed","endTime":2000,
		"totalCount":2,"passedCount":2,"failedCount":0}}`
	r, err := decodeRun([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if r.Result != ResultSuccess || !r.Finished || r.Message != "Test plan execution completed" {
		t.Errorf("result %q finished %v message %q", r.Result, r.Finished, r.Message)
	}
	if r.Counts.Failed == nil || *r.Counts.Failed != 0 || *r.Counts.Total != 2 || *r.Counts.Passed != 2 {
		t.Errorf("counts = %s, want the re-run's (2 passed of 2, 0 failed)", countsString(r.Counts))
	}
	if r.FinishedAt == nil || r.FinishedAt.UnixMilli() != 2000 {
		t.Errorf("finished at %v, want the re-run's end", r.FinishedAt)
	}
}

// A roll-up that contradicts the attempt it rolls up decides the result, and then the
// attempt's counts and message are not reported beside it.
func TestDecodeRunRollupAgainstTheAttemptDropsItsCounts(t *testing.T) {
	body := `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","consolidatedResult":"FAILURE","message":"ok",
		"childResult":{"id":2,"status":"STATUS_COMPLETED","result":"SUCCESS","message":"ok","totalCount":1,"passedCount":1,"failedCount":0}}`
	r, err := decodeRun([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if r.Result != ResultFailure || r.Counts.Failed != nil || r.Counts.Total != nil || r.Message != "" {
		t.Errorf("result %q counts %s message %q", r.Result, countsString(r.Counts), r.Message)
	}
}

func countsString(c Counts) string {
	f := func(p *int64) string {
		if p == nil {
			return "null"
		}
		return itoa(*p)
	}
	return "total " + f(c.Total) + " passed " + f(c.Passed) + " failed " + f(c.Failed)
}

// optionalFields are the v1 run fields the verdict does not need.
var optionalFields = []string{"executionId", "execution", "message", "buildNo", "environmentId", "startTime", "endTime", "duration",
	"totalCount", "passedCount", "failedCount", "abortedCount", "stoppedCount", "notExecutedCount", "queuedCount", "reRunParentId", "isReRunEnabled"}

// Any JSON value in one optional field leaves a passing run readable and passing.
func FuzzDecodeRunOptionalField(f *testing.F) {
	for _, v := range []string{`"NaN"`, `4000.5`, `"1001abc"`, `{"a":1}`, `[1,2]`, `true`, `null`, `-1e400`, `"\u0000"`} {
		f.Add(uint8(0), v)
	}
	f.Fuzz(func(t *testing.T, which uint8, value string) {
		if !json.Valid([]byte(value)) {
			return
		}
		field := optionalFields[int(which)%len(optionalFields)]
		body := `{"id":5002,"status":"STATUS_COMPLETED","result":"SUCCESS",` + strconv.Quote(field) + ":" + value + "}"
		r, err := decodeRun([]byte(body))
		if err != nil || !Passed(r, DefaultAccepted()) {
			t.Fatalf("%s: %+v, %v", body, r, err)
		}
	})
}

// While a run of a self re-running plan goes, its own counts are its progress, whatever
// its roll-up result says.
func TestDecodeRunGoingRunKeepsItsCountsBesideItsRollup(t *testing.T) {
	body := `{"id":1,"status":"STATUS_IN_PROGRESS","result":null,"isReRunEnabled":true,"consolidatedStatus":"STATUS_IN_PROGRESS",
		"consolidatedResult":"QUEUED","totalCount":3,"passedCount":1}`
	r, err := decodeRun([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if r.Finished || r.Counts.Total == nil || *r.Counts.Total != 3 || *r.Counts.Passed != 1 {
		t.Errorf("finished %v, counts %s", r.Finished, countsString(r.Counts))
	}
}
