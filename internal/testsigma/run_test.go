package testsigma

import (
	"reflect"
	"testing"
)

func TestIsFinishedStatus(t *testing.T) {
	for status, want := range map[string]bool{
		StatusCreated: false, StatusQueued: false, StatusPreFlight: false, StatusInProgress: false, StatusCompleted: true,
		"STATUS_PAUSED": false, "": false, "COMPLETED": false, "status_completed": true, " STATUS_COMPLETED\n": true,
	} {
		if got := IsFinishedStatus(status); got != want {
			t.Errorf("IsFinishedStatus(%q) = %v, want %v", status, got, want)
		}
	}
}

func TestNormalizeResult(t *testing.T) {
	for in, want := range map[string]string{
		"SUCCESS": ResultSuccess, "success": ResultSuccess, "PASSED": ResultSuccess, " passed ": ResultSuccess, "PASS": ResultSuccess,
		"FAILURE": ResultFailure, "FAILED": ResultFailure, "fail": ResultFailure,
		"ABORTED": ResultAborted, "not_executed": ResultNotExecuted, "QUEUED": ResultQueued, "Stopped": ResultStopped,
		"": "", "  ": "", "PRE_REQUISITE_FAILURE": "PRE_REQUISITE_FAILURE", "weird": "WEIRD",
	} {
		if got := NormalizeResult(in); got != want {
			t.Errorf("NormalizeResult(%q) = %q, want %q", in, got, want)
		}
		if got := NormalizeResult(NormalizeResult(in)); got != want {
			t.Errorf("NormalizeResult is not idempotent on %q: %q", in, got)
		}
	}
}

func TestIsKnownResult(t *testing.T) {
	for _, r := range append(KnownResults, "passed", "failed") {
		if !IsKnownResult(r) {
			t.Errorf("IsKnownResult(%q) = false", r)
		}
	}
	for _, r := range []string{"", "PRE_REQUISITE_FAILURE", "GREEN"} {
		if IsKnownResult(r) {
			t.Errorf("IsKnownResult(%q) = true", r)
		}
	}
}

func TestPassed(t *testing.T) {
	done := func(result string) Run { return Run{Status: StatusCompleted, Finished: true, Result: result} }
	tests := []struct {
		name     string
		run      Run
		accepted []string
		want     bool
	}{
		{"success accepted", done(ResultSuccess), []string{ResultSuccess}, true},
		{"failure not accepted", done(ResultFailure), []string{ResultSuccess}, false},
		{"failure accepted", done(ResultFailure), []string{ResultSuccess, ResultFailure}, true},
		{"accepted spelled PASSED", done(ResultSuccess), []string{"passed"}, true},
		{"accepted in lower case", done(ResultStopped), []string{"stopped"}, true},
		{"not finished", Run{Status: StatusInProgress, Result: ResultSuccess}, []string{ResultSuccess}, false},
		{"null result", done(""), []string{ResultSuccess, ""}, false},
		{"nothing accepted", done(ResultSuccess), nil, false},
		{"unknown result accepted verbatim", done("PRE_REQUISITE_FAILURE"), []string{"pre_requisite_failure"}, true},
	}
	for _, tt := range tests {
		if got := Passed(tt.run, tt.accepted); got != tt.want {
			t.Errorf("%s: Passed = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestFailedTestNames(t *testing.T) {
	cases := []TestCase{
		{Name: "Login", Result: ResultSuccess},
		{Name: "Checkout", Result: ResultFailure},
		{Name: "Search", Result: ResultAborted},
		{Name: "Checkout", Result: ResultFailure}, // the same case on a second machine
		{Name: "Profile", Result: ResultStopped},
		{Name: " Search ", Result: ResultFailure}, // same name with stray spaces
		{Name: "Null", Result: ""},
		{Name: "Cart", Result: ResultNotExecuted},
	}
	tests := []struct {
		name     string
		accepted []string
		limit    int
		want     []string
	}{
		{"order and dedupe", []string{ResultSuccess}, 100, []string{"Checkout", "Search", "Profile", "Null", "Cart"}},
		{"limit", []string{ResultSuccess}, 2, []string{"Checkout", "Search"}},
		{"limit one", []string{ResultSuccess}, 1, []string{"Checkout"}},
		{"accepted set", []string{ResultSuccess, ResultStopped, "aborted"}, 100, []string{"Checkout", "Search", "Null", "Cart"}},
		{"everything accepted", KnownResults, 100, []string{"Null"}},
		{"zero limit", []string{ResultSuccess}, 0, []string{}},
	}
	for _, tt := range tests {
		got := FailedTestNames(cases, tt.accepted, tt.limit)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: FailedTestNames = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := FailedTestNames(nil, []string{ResultSuccess}, 10); got == nil || len(got) != 0 {
		t.Errorf("no cases: %#v, want an empty non-nil slice", got)
	}
}
