package emulator

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// genericSteps are the steps of a case that names none; the third is the one that fails.
var genericSteps = []string{
	"Navigate to https://shop.example.com/checkout",
	"Enter test@example.com in the Email field",
	"Click on Pay now",
	"Verify that the current page displays text Order placed",
}

const defaultFailMessage = "Unable to perform click/check action on element, Element is not displayed."

type stepJSON struct {
	ID               string  `json:"id"`
	StepID           int64   `json:"stepId"`
	TestCaseResultID int64   `json:"testCaseResultId"`
	Type             string  `json:"type"`
	Action           string  `json:"action"`
	Message          string  `json:"message"`
	ErrorCode        *int    `json:"errorCode"`
	ErrorType        *string `json:"errorType"`
	Result           string  `json:"result"`
	StartTime        *string `json:"startTime"`
	EndTime          *string `json:"endTime"`
	Duration         *int64  `json:"duration"`
}

// steps are the texts of c's steps and the index of the one a failure stops at.
func steps(c Case) ([]string, int) {
	if len(c.Steps) == 0 {
		out := append([]string(nil), genericSteps...)
		if c.FailStep != "" {
			out[2] = c.FailStep
		}
		return out, 2
	}
	for i, s := range c.Steps {
		if s == c.FailStep {
			return c.Steps, i
		}
	}
	return c.Steps, len(c.Steps) - 1
}

// stepResults renders case k of r (spec 7.4): nothing before the case is done; for a
// failure, the steps before the failing one passed and the ones after it never ran.
func (r *run) stepResults(k int) []stepJSON {
	state := r.caseState(k)
	out := []stepJSON{}
	if !r.done(k) {
		return out
	}
	c := r.cases[k]
	texts, failAt := steps(c.Case)
	failing := state == "FAILURE" || state == "ABORTED"
	ran := len(texts)
	switch {
	case failing:
		ran = failAt + 1
	case state != "SUCCESS":
		ran = 0
	}
	from, to := r.caseSpan(k)
	per := to.Sub(from) / time.Duration(max(ran, 1))
	for j, text := range texts {
		st := stepJSON{
			ID: stepUUID(c.resultID, j), StepID: c.ID*100 + int64(j) + 1,
			TestCaseResultID: c.resultID, Type: "NLP_TEXT", Action: text, Result: state,
		}
		switch {
		case failing && j == failAt:
			st.Message, st.ErrorCode, st.ErrorType = failure(c.Case, text)
		case failing && j > failAt:
			st.Result = "NOT_EXECUTED"
		case failing || state == "SUCCESS":
			st.Result, st.Message = "SUCCESS", "Step executed successfully"
		}
		if j < ran {
			start, end := iso(from.Add(per*time.Duration(j))), iso(from.Add(per*time.Duration(j+1)))
			d := per.Milliseconds()
			st.StartTime, st.EndTime, st.Duration = &start, &end, &d
		}
		out = append(out, st)
	}
	return out
}

// failure is the failing step's message, error code and error type; an assertion step
// fails as an assertion, any other as an element that is not there.
func failure(c Case, text string) (string, *int, *string) {
	msg := c.FailMessage
	if msg == "" {
		msg = defaultFailMessage
	}
	if strings.HasPrefix(text, "Verify") {
		return msg, intp(2001), strp("ASSERT_ERROR")
	}
	return msg, intp(2002), strp("ELEMENT_ERROR")
}

func intp(n int) *int { return &n }

// stepUUID is a step result's id: a UUID string, as in the docs' sample
// ("3c51e933-…", api/test-results-at-all-levels.md, E30), stable per case result and step.
func stepUUID(resultID int64, j int) string {
	return fmt.Sprintf("%08x-%04x-4000-8000-%012x", resultID>>16, resultID&0xffff, j+1)
}

// stepVersion is the one API version whose step results answer (Options.StepResultsAt).
func (s *Server) stepVersion() string {
	if s.opts.StepResultsAt != "" {
		return s.opts.StepResultsAt
	}
	return "v2"
}

// stepResults is GET /api/{v1,v2,v3}/test_runs/{run}/test_case_results/{caseResult}/step_results.
// Only one version answers, as only one revision of the docs holds at a time.
func (s *Server) stepResults(w http.ResponseWriter, q request, version string) {
	if version != s.stepVersion() {
		notFound(w, q.Request)
		return
	}
	runID, ok := parseID(w, q.ids[0])
	if !ok {
		return
	}
	caseID, ok := parseID(w, q.ids[1])
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advanceAll(s.clock.Now())
	notFoundID := runID
	if r, ok := s.runs[runID]; ok {
		notFoundID = caseID
		for k, c := range r.cases {
			if c.resultID == caseID {
				writeList(w, q, r.stepResults(k), false, 100, 100)
				return
			}
		}
	}
	writeError(w, http.StatusNotFound, fmt.Sprintf("Resource not found for id: %d", notFoundID), strp("0"))
}
