package emulator

import (
	"encoding/json"
	"time"
)

// runJSON is the v1 run object (spec 2.1/2.2). Fields are never omitted: the real API
// serialises nulls, and clients must cope with them.
type runJSON struct {
	ID                         int64            `json:"id"`
	Execution                  *planJSON        `json:"execution"`
	ExecutionID                int64            `json:"executionId"`
	StartTime                  int64            `json:"startTime"`
	EndTime                    *int64           `json:"endTime"`
	Duration                   *int64           `json:"duration"`
	Result                     *string          `json:"result"`
	Status                     string           `json:"status"`
	Message                    string           `json:"message"`
	ExecutedBy                 int64            `json:"executedBy"`
	BuildNo                    *string          `json:"buildNo"`
	EnvironmentID              *int64           `json:"environmentId"`
	TotalCount                 *int             `json:"totalCount"`
	FailedCount                *int             `json:"failedCount"`
	PassedCount                *int             `json:"passedCount"`
	AbortedCount               *int             `json:"abortedCount"`
	StoppedCount               *int             `json:"stoppedCount"`
	NotExecutedCount           *int             `json:"notExecutedCount"`
	PreRequisiteFailedCount    *int             `json:"preRequisiteFailedCount"`
	QueuedCount                *int             `json:"queuedCount"`
	RunningCount               *int             `json:"runningCount"`
	IsVisuallyPassed           *bool            `json:"isVisuallyPassed"`
	Environment                any              `json:"environment"`
	ChildResult                any              `json:"childResult"`
	ReRunParentID              *int64           `json:"reRunParentId"`
	ReRunType                  *string          `json:"reRunType"`
	TriggeredType              string           `json:"triggeredType"`
	TotalRunningCount          *int             `json:"totalRunningCount"`
	ExecutionDetails           executionDetails `json:"executionDetails"`
	TotalQueuedCount           *int             `json:"totalQueuedCount"`
	ActiveExecutionResultCount int              `json:"activeExecutionResultCount"`
	ConsolidatedResult         *string          `json:"consolidatedResult"`
	rollupJSON
}

// executionDetails really is snake_case inside the camelCase run object.
type executionDetails struct {
	PageTimeout              int     `json:"page_timeout"`
	ElementTimeout           int     `json:"element_timeout"`
	RecoveryAction           string  `json:"recovery_action"`
	OnAbortedAction          string  `json:"on_aborted_action"`
	ScreenshotOption         string  `json:"screenshot_option"`
	GroupPrerequisiteFail    string  `json:"group_prerequisite_fail"`
	TestCasePrerequisiteFail string  `json:"test_case_prerequisite_fail"`
	TestStepPrerequisiteFail string  `json:"test_step_prerequisite_fail"`
	GlobalParamName          *string `json:"global_param_name"`
}

type planJSON struct {
	ID                         int64   `json:"id"`
	ApplicationVersionID       int64   `json:"applicationVersionId"`
	Name                       string  `json:"name"`
	Description                string  `json:"description"`
	MailList                   any     `json:"mailList"`
	ElementTimeOut             int     `json:"elementTimeOut"`
	PageTimeOut                int     `json:"pageTimeOut"`
	EnvironmentID              *int64  `json:"environmentId"`
	Screenshot                 string  `json:"screenshot"`
	RecoveryAction             string  `json:"recoveryAction"`
	OnAbortedAction            string  `json:"onAbortedAction"`
	OnSuitePreRequisiteFail    string  `json:"onSuitePreRequisiteFail"`
	OnStepPreRequisiteFail     string  `json:"onStepPreRequisiteFail"`
	OnTestCasePreRequisiteFail string  `json:"onTestCasePreRequisiteFail"`
	ReRunType                  string  `json:"reRunType"`
	ExecutionLabType           string  `json:"executionLabType"`
	ExecutionType              string  `json:"executionType"`
	IsManual                   bool    `json:"isManual"`
	LastRunID                  *int64  `json:"lastRunId"`
	EntityType                 string  `json:"entityType"`
	Environments               []any   `json:"environments"`
	CreatedDate                int64   `json:"createdDate"`
	UpdatedDate                int64   `json:"updatedDate"`
	Slack                      *string `json:"slack"`
}

const executedBy = 31 // the emulator's only user

func ms(t time.Time) int64 { return t.UnixMilli() }

// runObject renders r as of now. withPlan fills `execution`, which the trigger answer
// leaves null. Caller holds mu.
func (s *Server) runObject(r *run, withPlan bool) runJSON {
	j := runJSON{
		ID: r.id, ExecutionID: r.plan.ID, StartTime: ms(r.start), Result: r.result(),
		Status: statusNames[r.phase], Message: r.message(), ExecutedBy: executedBy,
		BuildNo: r.buildNo, EnvironmentID: r.envID, TriggeredType: r.triggeredType,
		ExecutionDetails: executionDetails{
			PageTimeout: 30, ElementTimeout: 30, RecoveryAction: "Run_Next_Testcase",
			OnAbortedAction: "Reuse_Session", ScreenshotOption: "ALL_TYPES",
			GroupPrerequisiteFail: "Abort", TestCasePrerequisiteFail: "Abort",
			TestStepPrerequisiteFail: "Run_Next_Testcase",
		},
	}
	if r.completed() {
		end, dur := ms(r.end), r.end.Sub(r.start).Milliseconds()
		j.EndTime, j.Duration = &end, &dur
	}
	// The field exists (0 at creation in the docs); counting the plan's going runs is a
	// guess at its meaning (E33).
	for _, o := range s.runs {
		if o.plan.ID == r.plan.ID && !o.completed() {
			j.ActiveExecutionResultCount++
		}
	}
	if r.v1Counts() {
		c := r.counts()
		zero := 0
		j.TotalCount, j.PassedCount, j.FailedCount = &c.total, &c.passed, &c.failed
		j.AbortedCount, j.StoppedCount, j.NotExecutedCount = &c.aborted, &c.stopped, &c.notExecuted
		j.PreRequisiteFailedCount, j.QueuedCount, j.RunningCount = &zero, &c.queued, &c.running
		j.TotalRunningCount, j.TotalQueuedCount = &c.running, &c.queued
	}
	if withPlan {
		j.Execution = s.planObject(r.plan)
	}
	if r.parent != nil {
		j.ReRunParentID, j.ReRunType = &r.parent.id, &r.rerunType
	}
	if r.child != nil {
		j.ChildResult = s.runObject(r.child, false)
	}
	s.rollups(&j, r)
	return j
}

// errorJSON is the APIErrorDTO (spec 1.3). code nil is JSON null.
func errorJSON(msg string, code *string) string {
	return errorJSONFields(msg, code, nil)
}

func errorJSONFields(msg string, code *string, fieldErrors []any) string {
	b, _ := json.Marshal(struct {
		TimeStamp    any     `json:"timeStamp"`
		Error        string  `json:"error"`
		Code         *string `json:"code"`
		FieldErrors  []any   `json:"fieldErrors"`
		ObjectErrors []any   `json:"objectErrors"`
	}{Error: msg, Code: code, FieldErrors: fieldErrors})
	return string(b)
}
