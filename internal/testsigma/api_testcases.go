package testsigma

import (
	"context"
	"net/http"
)

// TestCase is one test case's result within a run.
type TestCase struct {
	ID           int64
	ResultID     int64
	Name         string
	Result       string // normalised
	SuiteID      int64
	SuiteName    string
	MachineTitle string
	DataDriven   bool
	Iterations   []Iteration
}

// Iteration is one data set of a data-driven test case.
type Iteration struct {
	SetName string
	Result  string // normalised
}

type wireCaseResults struct {
	TestCases []struct {
		TestCaseID       flexInt    `json:"testCaseId"`
		TestCaseName     flexString `json:"testCaseName"`
		TestCaseResultID flexInt    `json:"testCaseResultId"`
		Result           flexString `json:"result"`
		IsDataDriven     *bool      `json:"isDataDrivenCase"`
		TestSuiteID      flexInt    `json:"testSuiteId"`
		TestSuiteName    flexString `json:"testSuiteName"`
		MachineTitle     flexString `json:"machineTitle"`
		Iterations       []struct {
			SetName flexString `json:"setName"`
			Result  flexString `json:"result"`
		} `json:"iterationResults"`
	} `json:"testCases"`
}

// TestCases lists the test-case results of a run. Their texts are made safe to print and
// to store (safeText), once, here: the resource, the action and the data sources show them.
func (c *Client) TestCases(ctx context.Context, runID int64) ([]TestCase, error) {
	var w wireCaseResults
	if err := c.do(ctx, call{method: http.MethodGet, path: runPath(runID) + "/test_case_results", retry: retryIdempotent, out: &w}); err != nil {
		return nil, err
	}
	cases := make([]TestCase, 0, len(w.TestCases))
	for _, wc := range w.TestCases {
		tc := TestCase{
			ID: wc.TestCaseID.Value, ResultID: wc.TestCaseResultID.Value, Name: safeText(string(wc.TestCaseName), maxNameChars),
			Result: NormalizeResult(string(wc.Result)), SuiteID: wc.TestSuiteID.Value,
			SuiteName: safeText(string(wc.TestSuiteName), maxNameChars), MachineTitle: safeText(string(wc.MachineTitle), maxNameChars),
			DataDriven: wc.IsDataDriven != nil && *wc.IsDataDriven,
		}
		for _, it := range wc.Iterations {
			tc.Iterations = append(tc.Iterations, Iteration{SetName: safeText(string(it.SetName), maxNameChars), Result: NormalizeResult(string(it.Result))})
		}
		cases = append(cases, tc)
	}
	return cases, nil
}
