package emulator

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"strings"
	"time"
)

type iterationJSON struct {
	IterationResultID int64  `json:"iterationResultId"`
	SetName           string `json:"setName"`
	Result            string `json:"result"`
}

type caseJSON struct {
	TestCaseID        int64           `json:"testCaseId"`
	TestCaseName      string          `json:"testCaseName"`
	TestCaseResultID  int64           `json:"testCaseResultId"`
	Result            string          `json:"result"`
	IsDataDrivenCase  bool            `json:"isDataDrivenCase"`
	IterationResults  []iterationJSON `json:"iterationResults"`
	TestSuiteID       int64           `json:"testSuiteId"`
	TestSuiteName     string          `json:"testSuiteName"`
	TestSuiteResultID int64           `json:"testSuiteResultId"`
	MachineID         int64           `json:"machineId"`
	MachineTitle      string          `json:"machineTitle"`
	MachineResultID   int64           `json:"machineResultId"`
}

type caseResultsJSON struct {
	ExecutionID       int64      `json:"executionId"`
	ExecutionResultID int64      `json:"executionResultId"`
	Result            *string    `json:"result"`
	Status            string     `json:"status"`
	TestCases         []caseJSON `json:"testCases"`
}

// machines lists the cases' machine titles in first-seen order. Over the plan's cases, a
// machine's id is its index + 1, which keeps result ids stable across calls and re-runs.
func machines(cases []Case) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range cases {
		if !seen[c.Machine] {
			seen[c.Machine] = true
			out = append(out, c.Machine)
		}
	}
	return out
}

func indexOf(xs []string, x string) int64 {
	for i, v := range xs {
		if v == x {
			return int64(i)
		}
	}
	return -1
}

// caseResults is GET .../test_case_results (spec 2.5). Caller holds mu.
func (s *Server) caseResults(r *run) caseResultsJSON {
	ms := machines(r.plan.Cases)
	out := caseResultsJSON{
		ExecutionID: r.plan.ID, ExecutionResultID: r.id, Result: r.result(),
		Status: statusNames[r.phase], TestCases: []caseJSON{},
	}
	for i, c := range r.cases {
		m := indexOf(ms, c.Machine)
		cj := caseJSON{
			TestCaseID: c.ID, TestCaseName: c.Name, TestCaseResultID: c.resultID,
			Result: r.caseState(i), IsDataDrivenCase: c.DataDriven,
			IterationResults: []iterationJSON{}, TestSuiteID: c.SuiteID, TestSuiteName: c.SuiteName,
			TestSuiteResultID: (r.id*100+m)*1000 + c.SuiteID, MachineID: m + 1,
			MachineTitle: c.Machine, MachineResultID: r.id*100 + m + 1,
		}
		for k, it := range c.Iterations {
			cj.IterationResults = append(cj.IterationResults, iterationJSON{
				IterationResultID: cj.TestCaseResultID*100 + int64(k) + 1,
				SetName:           it.SetName, Result: r.iterationState(i, it),
			})
		}
		out.TestCases = append(out.TestCases, cj)
	}
	return out
}

type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
	SystemOut  string          `xml:"system-out"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string  `xml:"name,attr"`
	ClassName string  `xml:"classname,attr"`
	Time      string  `xml:"time,attr"`
	Failure   *string `xml:"failure"`
}

// junit is GET /api/v1/reports/junit/{id} (spec 2.4), shaped like the OSS
// JunitReportService: one testsuite per machine. Caller holds mu.
func (s *Server) junit(w http.ResponseWriter, req *http.Request, r *run) {
	if !r.completed() {
		// The OSS endpoint produces application/xml, whatever it says (E32b).
		writeRaw(w, http.StatusOK, "application/xml", "Report generation failed, Test plan run is not completed")
		return
	}
	base := s.opts.PublicURL
	if base == "" {
		base = "http://" + req.Host
	}
	url := fmt.Sprintf("%s/ui/td/runs/%d", strings.TrimSuffix(base, "/"), r.id)
	own := make([]Case, len(r.cases))
	for k, c := range r.cases {
		own[k] = c.Case
	}
	doc := junitSuites{Suites: []junitSuite{}}
	for _, m := range machines(own) {
		suite := junitSuite{
			Name: r.plan.Name + " || " + m, Timestamp: javaTimestamp(r.start),
			Properties: []junitProperty{{Name: "Testsigma reports URL", Value: url}},
			SystemOut:  "For More info on results, visit " + url,
		}
		var total time.Duration
		for k, c := range r.cases {
			if c.Machine != m {
				continue
			}
			from, to := r.caseSpan(k)
			jc := junitCase{Name: c.Name, ClassName: c.SuiteName, Time: seconds(to.Sub(from))}
			if res := r.caseState(k); res != "SUCCESS" {
				msg := fmt.Sprintf("Test failed with message:%q.please visit below URL for more details.\n %s", caseMessage(res), url)
				jc.Failure = &msg
				suite.Failures++
			}
			suite.Tests++
			total += to.Sub(from)
			suite.Cases = append(suite.Cases, jc)
		}
		suite.Errors, suite.Time = suite.Failures, seconds(total)
		doc.Suites = append(doc.Suites, suite)
	}
	b, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err) // our own types always marshal
	}
	writeRaw(w, http.StatusOK, "application/xml", xml.Header+string(b))
}

func caseMessage(result string) string {
	switch result {
	case "FAILURE":
		return "Test case failed"
	case "ABORTED":
		return "Test case execution aborted"
	case "NOT_EXECUTED":
		return "Test case not executed"
	case "STOPPED":
		return "Test case execution stopped by user"
	}
	return "Test case result: " + result
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

// javaTimestamp mimics java.sql.Timestamp.toString(): trailing zeros of the fraction
// dropped, but at least one digit kept.
func javaTimestamp(t time.Time) string {
	t = t.UTC()
	frac := strings.TrimRight(fmt.Sprintf("%03d", t.Nanosecond()/int(time.Millisecond)), "0")
	if frac == "" {
		frac = "0"
	}
	return t.Format("2006-01-02 15:04:05") + "." + frac
}
