package testsigma

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// JUnitReport is the run's JUnit XML with the totals read from it.
type JUnitReport struct {
	XML      string
	Tests    int
	Failures int
}

// ErrReportNotReady: the API answers 200 with plain text until the run is complete.
var ErrReportNotReady = errors.New("the JUnit report is not available until the run is complete")

type junitDoc struct {
	XMLName xml.Name
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Cases []struct {
		Failures []struct{} `xml:"failure"`
		Errors   []struct{} `xml:"error"`
	} `xml:"testcase"`
}

// JUnitReport fetches reports/junit/{id} and checks that what came back is a report.
func (c *Client) JUnitReport(ctx context.Context, runID int64) (JUnitReport, error) {
	var body []byte
	err := c.do(ctx, call{method: http.MethodGet, path: "/reports/junit/" + itoa(runID), accept: "application/xml", retry: retryIdempotent,
		raw: func(_ string, b []byte) { body = b }})
	if err != nil {
		return JUnitReport{}, err
	}
	return c.parseJUnit(ctx, runID, body)
}

// parseJUnit checks and counts the report; its errors quote the body through c.snippet and
// c.redact, so a body that echoes the API key cannot leak it.
func (c *Client) parseJUnit(ctx context.Context, runID int64, body []byte) (JUnitReport, error) {
	trimmed := bytes.TrimSpace(body)
	if !bytes.HasPrefix(trimmed, []byte("<")) {
		if bytes.Contains(bytes.ToLower(trimmed), []byte("not completed")) {
			return JUnitReport{}, fmt.Errorf("run %d: %w (the API said %q)", runID, ErrReportNotReady, c.snippet(ctx, trimmed))
		}
		return JUnitReport{}, fmt.Errorf("the JUnit report of run %d is not XML; it starts with %q", runID, c.snippet(ctx, trimmed))
	}
	var doc junitDoc
	if err := xml.Unmarshal(trimmed, &doc); err != nil {
		return JUnitReport{}, fmt.Errorf("the JUnit report of run %d is not well-formed XML: %s", runID, c.redact(ctx, err.Error()))
	}
	suites := doc.Suites
	if doc.XMLName.Local == "testsuite" {
		var one junitSuite
		_ = xml.Unmarshal(trimmed, &one)
		suites = []junitSuite{one}
	} else if doc.XMLName.Local != "testsuites" {
		return JUnitReport{}, fmt.Errorf("the JUnit report of run %d has root <%s>, not <testsuites>", runID, c.redact(ctx, doc.XMLName.Local))
	}
	rep := JUnitReport{XML: strings.TrimSpace(string(body))}
	for _, s := range suites {
		for _, tc := range s.Cases {
			rep.Tests++
			if len(tc.Failures)+len(tc.Errors) > 0 {
				rep.Failures++
			}
		}
	}
	return rep, nil
}
