package testsigma

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// run2024 is shaped like the 2024 private-grid sample: counts null, roll-up fields present,
// many fields the provider does not know.
const run2024 = `{"id":"5001","executionId":"301","execution":null,"startTime":1714564800000,"endTime":null,"duration":null,
"result":"QUEUED","status":"STATUS_CREATED","message":"Test Plan execution is initiated and waiting to be queued",
"buildNo":202401011200,"environmentId":"9","totalCount":null,"failedCount":null,"passedCount":null,"stoppedCount":null,
"notExecutedCount":null,"queuedCount":null,"runningCount":null,"visualTestResult":null,"mobileInspectionId":null,
"environmentResultsDTO":[],"executionResultConfig":{"a":1},"isReRunEnabled":false,"consolidatedResult":null,
"consolidatedStatus":null,"resultType":"ORIGINAL","consolidatedDuration":null,"runTestCasesInParallel":false,
"scheduledId":null,"testPlanHookResults":[],"consolidatedPlanTotalCount":null,"testDevicesNames":["Chrome"],
"latestResult":null,"testPlanResultMetric":{},"activeExecutionResultCount":1,
"executionDetails":{"page_timeout":30,"screenshot_mode":"ALL_TYPES","global_param_name":null}}`

func TestDecodeRun2024(t *testing.T) {
	run, err := decodeRun([]byte(run2024))
	if err != nil {
		t.Fatal(err)
	}
	want := Run{
		ID: 5001, TestPlanID: 301, Status: StatusCreated, Result: ResultQueued,
		Message:     "Test Plan execution is initiated and waiting to be queued",
		BuildNumber: "202401011200", EnvironmentID: ptr(int64(9)),
		StartedAt: ptr(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)),
	}
	if !reflect.DeepEqual(run, want) {
		t.Errorf("run:\n got %+v\nwant %+v", run, want)
	}
	if run.Counts != (Counts{}) {
		t.Errorf("null counts must stay nil, got %+v", run.Counts)
	}
}

// trigger2021 is the 2021 documented trigger answer: counts 0, epoch-ms times, snake_case
// executionDetails inside a camelCase object, execution null.
const trigger2021 = `{"id":5001,"execution":null,"executionId":301,"startTime":1700000000000,"endTime":null,"duration":null,
"result":"QUEUED","status":"STATUS_CREATED","message":"Test Plan execution is initiated and waiting to be queued",
"executedBy":3,"buildNo":null,"environmentId":null,"totalCount":0,"failedCount":0,"passedCount":0,"abortedCount":0,
"stoppedCount":0,"notExecutedCount":0,"preRequisiteFailedCount":0,"queuedCount":0,"isVisuallyPassed":null,
"environment":null,"childResult":null,"reRunParentId":null,"reRunType":null,"triggeredType":"API","totalRunningCount":0,
"executionDetails":{"page_timeout":30,"element_timeout":30,"recovery_action":"Run_Next_Testcase","on_aborted_action":"Reuse_Session",
"screenshot_option":"ALL_TYPES","group_prerequisite_fail":"Abort","test_case_prerequisite_fail":"Abort",
"test_step_prerequisite_fail":"Run_Next_Step","global_param_name":null},"totalQueuedCount":0}`

func TestDecodeTriggerAnswer2021(t *testing.T) {
	run, err := decodeRun([]byte(trigger2021))
	if err != nil {
		t.Fatal(err)
	}
	zero := int64(0)
	want := Run{
		ID: 5001, TestPlanID: 301, Status: StatusCreated, Result: ResultQueued,
		Message:   "Test Plan execution is initiated and waiting to be queued",
		StartedAt: ptr(time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC)),
		Counts:    Counts{Total: &zero, Passed: &zero, Failed: &zero, Aborted: &zero, Stopped: &zero, NotExecuted: &zero, Queued: &zero},
	}
	if !reflect.DeepEqual(run, want) {
		t.Errorf("run:\n got %+v\nwant %+v", run, want)
	}
}

func TestDecodeCompletedRun(t *testing.T) {
	body := `{"id":5001,"executionId":301,"execution":{"id":301,"name":"Smoke plan","reRunType":"NONE","createdDate":1700000000000},
"status":"STATUS_COMPLETED","result":"SUCCESS","message":"Test plan execution completed","buildNo":"b7","environmentId":9,
"startTime":1700000000000,"endTime":1700000065000,"duration":65000,"totalCount":3,"passedCount":3,"failedCount":0,
"stoppedCount":0,"notExecutedCount":0,"queuedCount":0}`
	run, err := decodeRun([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if run.ID != 5001 || run.TestPlanID != 301 || run.TestPlanName != "Smoke plan" || run.Status != StatusCompleted ||
		run.Result != ResultSuccess || !run.Finished || run.BuildNumber != "b7" || run.EnvironmentID == nil || *run.EnvironmentID != 9 {
		t.Errorf("run = %+v", run)
	}
	if run.Duration == nil || *run.Duration != 65*time.Second {
		t.Errorf("Duration = %v", run.Duration)
	}
	if run.FinishedAt == nil || !run.FinishedAt.Equal(time.Date(2023, 11, 14, 22, 14, 25, 0, time.UTC)) {
		t.Errorf("FinishedAt = %v", run.FinishedAt)
	}
	if run.Counts.Total == nil || *run.Counts.Total != 3 || run.Counts.Aborted != nil {
		t.Errorf("Counts = %+v (aborted absent must stay nil)", run.Counts)
	}
	if !Passed(run, []string{ResultSuccess}) {
		t.Error("Passed = false for a completed SUCCESS run")
	}
}

func TestDecodeRunFields(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		check func(t *testing.T, r Run)
	}{
		{"numeric string id", `{"id":"5001"}`, func(t *testing.T, r Run) {
			if r.ID != 5001 {
				t.Errorf("ID = %d", r.ID)
			}
		}},
		{"id with spaces in a string", `{"id":" 42 "}`, func(t *testing.T, r Run) {
			if r.ID != 42 {
				t.Errorf("ID = %d", r.ID)
			}
		}},
		{"whole float id", `{"id":5001.0}`, func(t *testing.T, r Run) {
			if r.ID != 5001 {
				t.Errorf("ID = %d", r.ID)
			}
		}},
		{"numeric buildNo", `{"id":1,"buildNo":202401011200}`, func(t *testing.T, r Run) {
			if r.BuildNumber != "202401011200" {
				t.Errorf("BuildNumber = %q", r.BuildNumber)
			}
		}},
		{"string buildNo", `{"id":1,"buildNo":"v1.2 (main)"}`, func(t *testing.T, r Run) {
			if r.BuildNumber != "v1.2 (main)" {
				t.Errorf("BuildNumber = %q", r.BuildNumber)
			}
		}},
		{"null buildNo", `{"id":1,"buildNo":null}`, func(t *testing.T, r Run) {
			if r.BuildNumber != "" {
				t.Errorf("BuildNumber = %q", r.BuildNumber)
			}
		}},
		{"zero counts are zero, not nil", `{"id":1,"totalCount":0,"passedCount":"0","failedCount":2}`, func(t *testing.T, r Run) {
			if r.Counts.Total == nil || *r.Counts.Total != 0 || r.Counts.Passed == nil || *r.Counts.Passed != 0 || r.Counts.Failed == nil || *r.Counts.Failed != 2 {
				t.Errorf("Counts = %+v", r.Counts)
			}
			if r.Counts.Stopped != nil || r.Counts.Queued != nil {
				t.Errorf("absent counts must be nil: %+v", r.Counts)
			}
		}},
		{"epoch ms", `{"id":1,"startTime":1700000000123,"endTime":"1700000060123"}`, func(t *testing.T, r Run) {
			if r.StartedAt == nil || !r.StartedAt.Equal(time.UnixMilli(1700000000123)) || r.StartedAt.Location() != time.UTC {
				t.Errorf("StartedAt = %v", r.StartedAt)
			}
			if r.FinishedAt == nil || r.FinishedAt.Sub(*r.StartedAt) != time.Minute || r.FinishedAt.Location() != time.UTC {
				t.Errorf("FinishedAt = %v", r.FinishedAt)
			}
		}},
		{"RFC 3339", `{"id":1,"startTime":"2024-05-01T14:00:00+02:00","endTime":"2024-05-01T12:00:30.5Z"}`, func(t *testing.T, r Run) {
			if r.StartedAt == nil || !r.StartedAt.Equal(time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)) || r.StartedAt.Location() != time.UTC {
				t.Errorf("StartedAt = %v", r.StartedAt)
			}
			if r.FinishedAt == nil || !r.FinishedAt.Equal(time.Date(2024, 5, 1, 12, 0, 30, 5e8, time.UTC)) {
				t.Errorf("FinishedAt = %v", r.FinishedAt)
			}
		}},
		{"null and empty times", `{"id":1,"startTime":null,"endTime":""}`, func(t *testing.T, r Run) {
			if r.StartedAt != nil || r.FinishedAt != nil {
				t.Errorf("times = %v %v", r.StartedAt, r.FinishedAt)
			}
		}},
		{"duration ms", `{"id":1,"duration":1500}`, func(t *testing.T, r Run) {
			if r.Duration == nil || *r.Duration != 1500*time.Millisecond {
				t.Errorf("Duration = %v", r.Duration)
			}
		}},
		{"snake_case executionDetails and unknown fields", `{"id":1,"executionDetails":{"page_timeout":30,"recovery_action":"Run_Next_Testcase"},"test_plan_details":{"x":[1,{"y":null}]},"start_time":"whatever","newThing":true}`, func(t *testing.T, r Run) {
			if r.ID != 1 || r.StartedAt != nil {
				t.Errorf("run = %+v", r)
			}
		}},
		{"plan from execution when executionId is absent", `{"id":1,"execution":{"id":"301","name":"Smoke"}}`, func(t *testing.T, r Run) {
			if r.TestPlanID != 301 || r.TestPlanName != "Smoke" {
				t.Errorf("plan = %d %q", r.TestPlanID, r.TestPlanName)
			}
		}},
		{"status and message trimmed", `{"id":1,"status":" STATUS_COMPLETED ","message":"  done \n"}`, func(t *testing.T, r Run) {
			if r.Status != StatusCompleted || r.Message != "done" || !r.Finished {
				t.Errorf("run = %+v", r)
			}
		}},
		{"PASSED is SUCCESS", `{"id":1,"status":"STATUS_COMPLETED","result":"PASSED"}`, func(t *testing.T, r Run) {
			if r.Result != ResultSuccess || !Passed(r, []string{ResultSuccess}) {
				t.Errorf("run = %+v", r)
			}
		}},
		{"FAILED is FAILURE", `{"id":1,"status":"STATUS_COMPLETED","result":"failed"}`, func(t *testing.T, r Run) {
			if r.Result != ResultFailure || Passed(r, []string{ResultSuccess}) {
				t.Errorf("run = %+v", r)
			}
		}},
		{"null result at completion", `{"id":1,"status":"STATUS_COMPLETED","result":null}`, func(t *testing.T, r Run) {
			if r.Result != "" || !r.Finished || Passed(r, KnownResults) || Passed(r, []string{""}) {
				t.Errorf("run = %+v, Passed must be false", r)
			}
		}},
		{"SUCCESS before completion is not a pass", `{"id":1,"status":"STATUS_IN_PROGRESS","result":"SUCCESS"}`, func(t *testing.T, r Run) {
			if r.Finished || Passed(r, []string{ResultSuccess}) {
				t.Errorf("run = %+v", r)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := decodeRun([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, r)
		})
	}
}

func TestDecodeRunErrors(t *testing.T) {
	for _, body := range []string{
		``, `null`, `{}`, `[]`, `"5001"`, `{"id":null}`, `{"id":""}`, `{"id":"abc"}`, `{"id":1.5}`, `{"id":1e300}`,
		`{"id":1,"status":5}`, `{"id":1,"status":"STATUS_COMPLETED","result":{"a":1}}`,
		`{"id":1,"childResult":{"id":"x"}}`, `{"id":1,`, `<html>`,
	} {
		r, err := decodeRun([]byte(body))
		if err == nil {
			t.Errorf("decodeRun(%q) = %+v, want an error", body, r)
			continue
		}
		if !reflect.DeepEqual(r, Run{}) {
			t.Errorf("decodeRun(%q) returned a run with its error: %+v", body, r)
		}
	}
}

func TestDecodeRunRerun(t *testing.T) {
	tests := []struct {
		name         string
		body         string
		wantFinished bool
		wantStatus   string
		wantResult   string
		wantRerun    *int64
	}{
		{
			name:         "a lagging roll-up status holds no completed run: the auto re-run grace waits, bounded",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","isReRunEnabled":true,"consolidatedStatus":"STATUS_IN_PROGRESS","consolidatedResult":"QUEUED"}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultFailure,
		},
		{
			name:         "consolidated completed and result wins on a plan that re-runs by itself",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","execution":{"id":3,"reRunType":"ONLY_FAILED_TESTS"},"consolidatedStatus":"STATUS_COMPLETED","consolidatedResult":"SUCCESS"}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultSuccess,
		},
		{
			name:         "a lagging roll-up is ignored on a completed run of a plan that does not re-run",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"SUCCESS","isReRunEnabled":false,"consolidatedStatus":"STATUS_CREATED","consolidatedResult":"QUEUED"}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultSuccess,
		},
		{
			name:         "child still running",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":{"id":2,"reRunParentId":1,"status":"STATUS_IN_PROGRESS","result":"QUEUED"}}`,
			wantFinished: false, wantStatus: StatusInProgress, wantResult: ResultQueued, wantRerun: ptr(int64(2)),
		},
		{
			name:         "child passed",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":{"id":"2","status":"STATUS_COMPLETED","result":"SUCCESS","childResult":null}}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultSuccess, wantRerun: ptr(int64(2)),
		},
		{
			name: "last of a chain decides",
			body: `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":{"id":2,"status":"STATUS_COMPLETED","result":"FAILURE",
				"childResult":{"id":3,"status":"STATUS_COMPLETED","result":"PASSED"}}}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultSuccess, wantRerun: ptr(int64(3)),
		},
		{
			name:         "child with null result at completion",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":{"id":2,"status":"STATUS_COMPLETED","result":null}}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: "", wantRerun: ptr(int64(2)),
		},
		{
			name:         "consolidatedResult wins over the child",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","consolidatedResult":"FAILURE","childResult":{"id":2,"status":"STATUS_COMPLETED","result":"SUCCESS"}}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultFailure, wantRerun: ptr(int64(2)),
		},
		{
			name:         "child without an id is ignored",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":{"status":"STATUS_IN_PROGRESS"}}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultFailure,
		},
		{
			name:         "empty consolidated fields are ignored",
			body:         `{"id":1,"status":"STATUS_COMPLETED","result":"SUCCESS","consolidatedStatus":"","consolidatedResult":" "}`,
			wantFinished: true, wantStatus: StatusCompleted, wantResult: ResultSuccess,
		},
		{
			name:         "parent still running",
			body:         `{"id":1,"status":"STATUS_IN_PROGRESS","result":"QUEUED","consolidatedStatus":"STATUS_COMPLETED"}`,
			wantFinished: false, wantStatus: StatusInProgress, wantResult: ResultQueued,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := decodeRun([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if r.ID != 1 || r.Finished != tt.wantFinished || r.Status != tt.wantStatus || r.Result != tt.wantResult || !reflect.DeepEqual(r.RerunID, tt.wantRerun) {
				t.Errorf("got Finished=%v Status=%q Result=%q RerunID=%v, want %v %q %q %v",
					r.Finished, r.Status, r.Result, deref64(r.RerunID), tt.wantFinished, tt.wantStatus, tt.wantResult, deref64(tt.wantRerun))
			}
			if tt.wantResult == ResultSuccess && tt.wantFinished != Passed(r, []string{ResultSuccess}) {
				t.Errorf("Passed = %v", !tt.wantFinished)
			}
		})
	}
}

func TestDecodeRunDeepChainIsBounded(t *testing.T) {
	var b strings.Builder
	const depth = 40
	for i := 1; i <= depth; i++ {
		b.WriteString(`{"id":` + itoa(int64(i)) + `,"status":"STATUS_COMPLETED","result":"FAILURE","childResult":`)
	}
	b.WriteString("null")
	b.WriteString(strings.Repeat("}", depth))
	r, err := decodeRun([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if r.RerunID == nil || *r.RerunID <= 1 || *r.RerunID > depth {
		t.Errorf("RerunID = %v", deref64(r.RerunID))
	}
}

func deref64(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestFlexInt(t *testing.T) {
	tests := []struct {
		in    string
		want  flexInt
		isErr bool
	}{
		{`12`, flexInt{12, true}, false},
		{`-3`, flexInt{-3, true}, false},
		{`"12"`, flexInt{12, true}, false},
		{`" 12 "`, flexInt{12, true}, false},
		{`12.0`, flexInt{12, true}, false},
		{`1.2e3`, flexInt{1200, true}, false},
		{`null`, flexInt{}, false},
		{`""`, flexInt{}, false},
		{`"  "`, flexInt{}, false},
		{`12.5`, flexInt{}, true},
		{`"x"`, flexInt{}, true},
		{`true`, flexInt{}, true},
		{`[1]`, flexInt{}, true},
		{`9223372036854775807`, flexInt{9223372036854775807, true}, false},
	}
	for _, tt := range tests {
		var f flexInt
		err := json.Unmarshal([]byte(tt.in), &f)
		if (err != nil) != tt.isErr || (err == nil && f != tt.want) {
			t.Errorf("flexInt(%s) = %+v, %v; want %+v, err %v", tt.in, f, err, tt.want, tt.isErr)
		}
	}
}

func TestFlexString(t *testing.T) {
	for in, want := range map[string]string{`"a b"`: "a b", `null`: "", `12`: "12", `1.5`: "1.5", `true`: "true", `"\u00e9"`: "é"} {
		var f flexString
		if err := json.Unmarshal([]byte(in), &f); err != nil || string(f) != want {
			t.Errorf("flexString(%s) = %q, %v; want %q", in, f, err, want)
		}
	}
}
