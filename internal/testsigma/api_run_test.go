package testsigma

import (
	"fmt"
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

func TestFailedCases(t *testing.T) {
	cases := []TestCase{
		{Name: "Login", Result: ResultSuccess},
		{Name: "Checkout", Result: ResultFailure, MachineTitle: "Chrome"},
		{Name: "Search", Result: ResultAborted},
		{Name: "Checkout", Result: ResultFailure, MachineTitle: "Firefox"}, // the same case on a second machine
		{Name: "Profile", Result: ResultStopped},
		{Name: " Search ", Result: ResultFailure}, // same name with stray spaces
		{Name: "Null", Result: ""},
		{Name: "Cart", Result: ResultNotExecuted},
	}
	o := Outcome{FailedCases: failedCases(cases)}
	if got, want := o.FailedNames(), []string{"Checkout", "Search", "Profile", "Null", "Cart"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order and dedupe: FailedNames = %q, want %q", got, want)
	}
	if got := len(o.FailedCases); got != 7 {
		t.Errorf("FailedCases has %d entries, want 7 (each machine's failure is its own)", got)
	}
	if fc := o.FailedCases[2]; fc.Name != "Checkout" || fc.Machine != "Firefox" || fc.Result != ResultFailure {
		t.Errorf("third failed case = %+v", fc)
	}
	many := make([]TestCase, MaxFailedCases+10)
	for i := range many {
		many[i] = TestCase{Name: fmt.Sprintf("case %02d", i), Result: ResultFailure}
	}
	if got := len(failedCases(many)); got != MaxFailedCases {
		t.Errorf("limit: %d failed cases, want %d", got, MaxFailedCases)
	}
	if got := (Outcome{FailedCases: failedCases(nil)}).FailedNames(); got == nil || len(got) != 0 {
		t.Errorf("no cases: %#v, want an empty non-nil slice", got)
	}
}
