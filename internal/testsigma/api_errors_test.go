package testsigma

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

const currentlyRunning = "The specified Test Plan is currently running. Please wait until the current Test Plan is complete. You may also use Testsigma Test Plan Status Check API to wait for the current Test Plan to complete. More details - https://testsigma.com/docs/continuous-integration/rest-api/"

func htmlPage(extra string) string {
	return "<!DOCTYPE html>\n<html>\n<head>\n\t<title>503 Service Temporarily Unavailable</title>\n</head>\r\n<body>\n<center><h1>503 Service Temporarily Unavailable</h1></center>\n" +
		extra + "\n<hr><center>nginx</center>\n" + strings.Repeat("<p>padding padding padding</p>\n", 40) + "</body>\n</html>\n"
}

// errorClient is a client of the emulator with f on routes, or of the scripted fake answering
// script to everything when the case needs one.
func errorClient(t *testing.T, opts Options, script step, f emulator.Fault, routes ...string) *Client {
	t.Helper()
	if script != nil {
		return newClient(t, newScriptServer(t, script).URL, opts)
	}
	emu, c, _ := newEmu(t, emulator.Options{}, opts)
	if f != (emulator.Fault{}) {
		for _, route := range routes {
			emu.Fault(route, f)
		}
	}
	return c
}

func TestAPIErrorShapes(t *testing.T) {
	tests := []struct {
		name           string
		fault          emulator.Fault // on the status read; none: the emulator's own answer (there is no run)
		script         step           // instead of the emulator: the scripted fake's answer
		status         int
		message        string // exact, when set
		code           string
		snippet        string // exact, when set
		snippetPrefix  string
		notFound       bool
		unauthorized   bool
		running        bool
		retryAfter     time.Duration
		errContains    []string
		errNotContains []string
	}{
		{
			name:   "error DTO 400",
			fault:  emulator.StatusBody(400, "application/json", `{"timeStamp":null,"error":"Invalid test plan id","code":null,"fieldErrors":[],"objectErrors":null}`),
			status: 400, message: "Invalid test plan id",
			errContains: []string{"400 Bad Request", "GET ", "/execution_results/5001: Invalid test plan id"},
		},
		{
			name:   "404 DTO with code 0",
			status: 404, message: "Resource not found for id: 5001", code: "0", notFound: true,
		},
		{
			name:   "message key instead of error",
			fault:  emulator.StatusBody(422, "application/json", `{"message":"  Entity with same name already exists  "}`),
			status: 422, message: "Entity with same name already exists",
		},
		{
			name:   "401 plain text with a JSON content type",
			fault:  emulator.StatusBody(401, "application/json", "Incorrect API Key"),
			status: 401, snippet: "Incorrect API Key", unauthorized: true,
			errContains: []string{`body starts with: "Incorrect API Key"`},
		},
		{
			// The emulator never sends an error status with an empty body (StatusBody fills one
			// in with its error DTO): only the scripted fake does.
			name:   "401 empty body",
			script: respond(401, "", ""),
			status: 401, snippet: "", unauthorized: true,
		},
		{
			name:   "403",
			fault:  emulator.StatusBody(403, "text/plain", "API disabled. Please change the settings to enable API"),
			status: 403, snippet: "API disabled. Please change the settings to enable API", unauthorized: true,
		},
		{
			name:   "503 HTML page",
			fault:  emulator.StatusBody(503, "text/html", htmlPage("")),
			status: 503, snippetPrefix: "<!DOCTYPE html> <html> <head> <title>503 Service Temporarily Unavailable</title>",
			errNotContains: []string{"\n", "\r", "\t"},
		},
		{
			name:   "currently running",
			fault:  emulator.StatusBody(500, "application/json", `{"timeStamp":null,"error":"`+currentlyRunning+`","code":"`+currentlyRunning+`","fieldErrors":null,"objectErrors":null}`),
			status: 500, message: currentlyRunning, code: currentlyRunning, running: true,
		},
		{
			name:   "currently running in code only",
			fault:  emulator.StatusBody(500, "application/json", `{"error":"Conflict","code":"`+currentlyRunning+`"}`),
			status: 500, message: "Conflict", running: true,
		},
		{
			name:   "JSON without error or message",
			fault:  emulator.StatusBody(500, "application/json", `{"status":500,"path":"/api/v1/execution_results/5001"}`),
			status: 500, snippet: `{"status":500,"path":"/api/v1/execution_results/5001"}`,
		},
		{
			name:   "error of the wrong type",
			fault:  emulator.StatusBody(500, "application/json", `{"error":42}`),
			status: 500, snippet: `{"error":42}`,
		},
		{
			name:   "429 with Retry-After",
			fault:  emulator.RateLimited("7"),
			status: 429, message: "Emulated fault", retryAfter: 7 * time.Second,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := errorClient(t, Options{MaxAttempts: 1}, tt.script, tt.fault, statusRoute)
			_, err := c.GetRun(context.Background(), 5001)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.status || apiErr.Method != http.MethodGet || apiErr.Path != "/execution_results/5001" {
				t.Errorf("APIError = %+v", apiErr)
			}
			checkAPIErrorText(t, apiErr, tt.message, tt.snippet, tt.snippetPrefix)
			if tt.code != "" && apiErr.Code != tt.code {
				t.Errorf("Code = %q, want %q", apiErr.Code, tt.code)
			}
			if !isPrintable(apiErr.Snippet) || !isPrintable(err.Error()) {
				t.Errorf("not printable: %q", err.Error())
			}
			if got := IsNotFound(err); got != tt.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsUnauthorized(err); got != tt.unauthorized {
				t.Errorf("IsUnauthorized = %v", got)
			}
			if got := IsCurrentlyRunning(err); got != tt.running {
				t.Errorf("IsCurrentlyRunning = %v", got)
			}
			if apiErr.RetryAfter != tt.retryAfter {
				t.Errorf("RetryAfter = %v, want %v", apiErr.RetryAfter, tt.retryAfter)
			}
			for _, s := range tt.errContains {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q, missing %q", err.Error(), s)
				}
			}
			for _, s := range tt.errNotContains {
				if strings.Contains(err.Error(), s) {
					t.Errorf("Error() = %q contains %q", err.Error(), s)
				}
			}
		})
	}
}

// checkAPIErrorText: the server's message when its error DTO had one, and then no snippet;
// otherwise the body's snippet, exact or, when cut, a prefix that ends in an ellipsis.
func checkAPIErrorText(t *testing.T, e *APIError, message, snippet, snippetPrefix string) {
	t.Helper()
	if message != "" || snippet != "" || snippetPrefix != "" {
		if e.Message != message {
			t.Errorf("Message = %q, want %q", e.Message, message)
		}
	}
	if snippetPrefix == "" && message == "" && e.Snippet != snippet {
		t.Errorf("Snippet = %q, want %q", e.Snippet, snippet)
	}
	if message != "" && e.Snippet != "" {
		t.Errorf("Snippet = %q although the DTO had a message", e.Snippet)
	}
	if snippetPrefix != "" {
		if !strings.HasPrefix(e.Snippet, snippetPrefix) {
			t.Errorf("Snippet = %q, want prefix %q", e.Snippet, snippetPrefix)
		}
		if n := utf8.RuneCountInString(e.Snippet); n > snippetLimit+1 {
			t.Errorf("Snippet has %d characters, want at most %d", n, snippetLimit+1)
		}
		if !strings.HasSuffix(e.Snippet, "…") {
			t.Errorf("a cut snippet should end in an ellipsis: %q", e.Snippet)
		}
	}
}

func TestErrorPredicatesThroughWrapping(t *testing.T) {
	notFound := &APIError{StatusCode: 404}
	wrapped := fmt.Errorf("reading: %w", &WaitError{Reason: WaitFailed, Err: notFound})
	if !IsNotFound(wrapped) || IsUnauthorized(wrapped) {
		t.Error("predicates do not see through %w and WaitError")
	}
	trig := &TriggerError{Err: &APIError{StatusCode: 500, Message: currentlyRunning}}
	if !IsCurrentlyRunning(trig) {
		t.Error("IsCurrentlyRunning does not see through TriggerError")
	}
	for _, err := range []error{nil, errors.New("plain"), &transportError{Err: errors.New("x")}, &decodeError{Err: errors.New("x")}} {
		if IsNotFound(err) || IsUnauthorized(err) || IsCurrentlyRunning(err) {
			t.Errorf("predicate true for %v", err)
		}
	}
	if IsCurrentlyRunning(&APIError{StatusCode: 500, Message: "Could not find resource with id:301"}) {
		t.Error("IsCurrentlyRunning true for another 500")
	}
}

func TestIsTransient(t *testing.T) {
	for status, want := range map[int]bool{400: false, 401: false, 403: false, 404: false, 408: false, 429: true, 500: false, 501: false, 502: true, 503: true, 504: true} {
		if got := isTransient(&APIError{StatusCode: status}); got != want {
			t.Errorf("isTransient(%d) = %v, want %v", status, got, want)
		}
	}
	if !isTransient(&transportError{Err: errors.New("reset")}) || !isTransient(&decodeError{Err: errors.New("truncated")}) {
		t.Error("transport and decode errors should be transient")
	}
	if isTransient(errors.New("other")) || isTransient(nil) {
		t.Error("a plain error is not transient")
	}
}

func TestErrorTexts(t *testing.T) {
	de := &decodeError{Method: "GET", Path: "/x", StatusCode: 200, Err: errors.New("expected a JSON document")}
	if got := de.Error(); !strings.HasPrefix(got, "Testsigma API answered 200 to GET ") || !strings.HasSuffix(got, "/x with an empty body: expected a JSON document") {
		t.Errorf("decodeError = %q", got)
	}
	de.Snippet = "{\"id\":1"
	if got := de.Error(); !strings.Contains(got, "could not be read as JSON") || !strings.Contains(got, `(starts with "{\"id\":1")`) {
		t.Errorf("decodeError = %q", got)
	}
	te := &transportError{Method: "POST", Path: "/execution_results", Err: context.DeadlineExceeded}
	if got := te.Error(); !strings.Contains(got, "/execution_results failed: no answer before the request timed out") {
		t.Errorf("transportError = %q", got)
	}
	if !errors.Is(te, context.DeadlineExceeded) {
		t.Error("transportError does not unwrap")
	}
	trig := &TriggerError{TestPlanID: 301, MayHaveStarted: true, Err: te}
	if got := trig.Error(); !strings.Contains(got, "test plan 301 may have started") || !strings.Contains(got, "did not retry") {
		t.Errorf("TriggerError = %q", got)
	}
	trig.MayHaveStarted = false
	if got := trig.Error(); !strings.HasPrefix(got, "no run of test plan 301 was started") {
		t.Errorf("TriggerError = %q", got)
	}
	we := &WaitError{RunID: 5001, Reason: WaitFailed, Err: &APIError{StatusCode: 404, Method: "GET", Path: "/execution_results/5001"}}
	if got := we.Error(); !strings.HasPrefix(got, "waiting for run 5001 failed: Testsigma API answered 404") {
		t.Errorf("WaitError = %q", got)
	}
	we = &WaitError{RunID: 5001, Reason: WaitTimedOut, Err: context.DeadlineExceeded, Stopped: true}
	if got := we.Error(); got != "waiting for run 5001 timed out; the run was stopped" {
		t.Errorf("WaitError = %q", got)
	}
	we = &WaitError{RunID: 5001, Reason: WaitInterrupted, Err: context.Canceled, StopErr: errors.New("403")}
	if got := we.Error(); got != "waiting for run 5001 interrupted; stopping the run failed: 403" {
		t.Errorf("WaitError = %q", got)
	}
}

func TestSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  hello \n\t world\r\n", "hello world"},
		{"a\x00b\x1bc\u200bd", "abcd"},
		{"bad \xff utf8", "bad ? utf8"},
	}
	for _, tt := range tests {
		if got := snippet([]byte(tt.in)); got != tt.want {
			t.Errorf("snippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := snippet([]byte(strings.Repeat("é", 500)))
	if !utf8.ValidString(long) || utf8.RuneCountInString(long) > snippetLimit+1 || !strings.HasSuffix(long, "…") {
		t.Errorf("long snippet = %q", long)
	}
}

// TestKeyNeverInErrors feeds answers that echo the API key through every error path: the
// status read, the trigger, and the looks for the run an ambiguous trigger may have made.
func TestKeyNeverInErrors(t *testing.T) {
	k := testKey
	everywhere := []string{statusRoute, triggerRoute, "GET /api/v2/test_runs", "GET /api/v1/test_runs", "GET /api/v1/test_plans/{id}"}
	tests := []struct {
		name  string
		fault emulator.Fault
	}{
		{"DTO error", emulator.StatusBody(400, "application/json", `{"error":"bad key `+k+`","code":"`+k+`"}`)},
		{"DTO message", emulator.StatusBody(500, "application/json", `{"message":"Bearer `+k+` rejected"}`)},
		{"plain 401", emulator.StatusBody(401, "text/plain", "Incorrect API Key: "+k)},
		{"key with a NUL folded in", emulator.StatusBody(401, "text/plain", "Incorrect API Key: "+k[:10]+"\x00"+k[10:])},
		{"HTML", emulator.StatusBody(503, "text/html", htmlPage("<pre>Authorization: Bearer "+k+"</pre>"))},
		{"2xx not JSON", emulator.StatusBody(200, "text/plain", "your key "+k+" is fine")},
		{"2xx bad status", emulator.Malformed(`{"id":5001,"status":{"s":"` + k + `"}}`)},
		{"2xx bad id", emulator.Malformed(`{"id":"` + k + `"}`)},
		{"2xx bad result", emulator.Malformed(`{"id":1,"result":["` + k + `"]}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log := &recordingLogger{}
			c := errorClient(t, Options{MaxAttempts: 1, Logger: log}, nil, tt.fault, everywhere...)
			_, err := c.GetRun(context.Background(), 5001)
			if err == nil {
				t.Fatal("no error")
			}
			assertNoKey(t, "GetRun error", err.Error())
			assertNoKey(t, "GetRun error %+v", fmt.Sprintf("%+v", err))
			_, err = c.Trigger(context.Background(), TriggerRequest{TestPlanID: 301})
			if err == nil {
				t.Fatal("no error")
			}
			assertNoKey(t, "Trigger error", err.Error())
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				assertNoKey(t, "Code", apiErr.Code)
			}
			for _, l := range log.all() {
				assertNoKey(t, "log line", fmt.Sprint(l.fields))
			}
		})
	}
}

func TestKeyNeverInJUnitErrors(t *testing.T) {
	for _, body := range []string{
		"Report generation failed, Test plan run is not completed for key " + testKey,
		"unexpected: " + testKey,
		"<" + testKey + "></wrong>",
		"<" + testKey + "/>",
	} {
		c := errorClient(t, Options{}, nil, emulator.StatusBody(200, "text/plain", body), junitRoute)
		_, err := c.JUnitReport(context.Background(), 5001)
		if err == nil {
			t.Fatalf("%q: no error", body)
		}
		assertNoKey(t, "JUnitReport error", err.Error())
	}
}

func TestKeyNeverInTransportErrors(t *testing.T) {
	// The key cannot reach a URL or dial error; make sure the redaction hook still does its
	// job when some lower layer does echo it.
	c := newClient(t, "https://ts.example.com", Options{})
	err := c.redactErr(context.Background(), fmt.Errorf("proxy said: Bearer %s", testKey))
	assertNoKey(t, "redactErr", err.Error())
	if got := c.redact(context.Background(), "x"+testKey+"y"+testKey); got != "x***y***" {
		t.Errorf("redact = %q", got)
	}
	plain := errors.New("no key here")
	if c.redactErr(context.Background(), plain) != plain {
		t.Error("redactErr should keep an error without the key as is")
	}
	short, _ := New("https://ts.example.com", "abc", Options{})
	if got := short.redact(context.Background(), "abc"); got != "abc" {
		t.Errorf("a key under 4 characters is not redacted (it would mangle every text): %q", got)
	}
}
