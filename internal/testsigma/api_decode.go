package testsigma

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// flexInt decodes a JSON number, a numeric string, or null (Valid false). The API sends ids
// both ways, and counts as numbers or null.
type flexInt struct {
	Value int64
	Valid bool
}

func (f *flexInt) UnmarshalJSON(b []byte) error {
	*f = flexInt{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	s := string(b)
	if b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt{Value: n, Valid: true}
		return nil
	}
	// Some serialisers write whole numbers as 12.0.
	if x, err := strconv.ParseFloat(s, 64); err == nil && x == float64(int64(x)) {
		*f = flexInt{Value: int64(x), Valid: true}
		return nil
	}
	return fmt.Errorf("%s is not a whole number", snippet(b))
}

func (f flexInt) ptr() *int64 {
	if !f.Valid {
		return nil
	}
	v := f.Value
	return &v
}

// flexString decodes a string, a number (buildNo is sent unquoted by some scripts) or null.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case string(b) == "null":
		*f = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
	default:
		*f = flexString(b)
	}
	return nil
}

// flexTime decodes epoch milliseconds (v1), a numeric string of them, or RFC 3339 (v2).
type flexTime struct {
	Time  time.Time
	Valid bool
}

func (f *flexTime) UnmarshalJSON(b []byte) error {
	*f = flexTime{}
	var n flexInt
	if err := n.UnmarshalJSON(b); err == nil {
		if n.Valid {
			*f = flexTime{Time: time.UnixMilli(n.Value).UTC(), Valid: true}
		}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%s is neither epoch milliseconds nor a timestamp", snippet(b))
	}
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is neither epoch milliseconds nor an RFC 3339 timestamp", s)
	}
	*f = flexTime{Time: t.UTC(), Valid: true}
	return nil
}

func (f flexTime) ptr() *time.Time {
	if !f.Valid {
		return nil
	}
	t := f.Time
	return &t
}

// wireRun is the run object of POST/GET /execution_results. Only what the provider uses is
// declared; everything else is ignored.
type wireRun struct {
	ID                 flexInt  `json:"id"`
	ExecutionID        optInt   `json:"executionId"`
	Execution          optPlan  `json:"execution"`
	Status             string   `json:"status"`
	Result             *string  `json:"result"`
	Message            optText  `json:"message"`
	BuildNo            optText  `json:"buildNo"`
	EnvironmentID      optInt   `json:"environmentId"`
	StartTime          optTime  `json:"startTime"`
	EndTime            optTime  `json:"endTime"`
	Duration           optInt   `json:"duration"`
	ConsolidatedStatus optText  `json:"consolidatedStatus"`
	ConsolidatedResult optText  `json:"consolidatedResult"`
	ChildResult        *wireRun `json:"childResult"`
	ReRunParentID      optInt   `json:"reRunParentId"`
	IsReRunEnabled     optBool  `json:"isReRunEnabled"`
	wireCounts
}

// wireCounts are a run's own test-case counts.
type wireCounts struct {
	TotalCount       optInt `json:"totalCount"`
	PassedCount      optInt `json:"passedCount"`
	FailedCount      optInt `json:"failedCount"`
	AbortedCount     optInt `json:"abortedCount"`
	StoppedCount     optInt `json:"stoppedCount"`
	NotExecutedCount optInt `json:"notExecutedCount"`
	QueuedCount      optInt `json:"queuedCount"`
}

func (c wireCounts) counts() Counts {
	return Counts{
		Total: c.TotalCount.ptr(), Passed: c.PassedCount.ptr(), Failed: c.FailedCount.ptr(),
		Aborted: c.AbortedCount.ptr(), Stopped: c.StoppedCount.ptr(),
		NotExecuted: c.NotExecutedCount.ptr(), Queued: c.QueuedCount.ptr(),
	}
}

type wirePlan struct {
	ID        optInt  `json:"id"`
	Name      optText `json:"name"`
	ReRunType optText `json:"reRunType"` // the plan's automatic re-run setting; NONE when off
}

// decodeRun parses a run body; exported through the fuzz target and the client calls.
func decodeRun(body []byte) (Run, error) {
	var w wireRun
	if err := json.Unmarshal(body, &w); err != nil {
		return Run{}, describeJSONError(err)
	}
	if !w.ID.Valid {
		return Run{}, fmt.Errorf("the run object has no id")
	}
	return w.toRun(), nil
}
