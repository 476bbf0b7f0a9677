package testsigma

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzDecodeRun(f *testing.F) {
	for _, seed := range []string{
		trigger2021, run2024,
		`{"id":1,"status":"STATUS_COMPLETED","result":"PASSED"}`,
		`{"id":"1","status":"STATUS_COMPLETED","result":null,"totalCount":null}`,
		`{"id":1,"startTime":"2024-05-01T12:00:00Z","endTime":1700000000000,"duration":"65000"}`,
		`{"id":1,"status":"STATUS_COMPLETED","result":"FAILURE","consolidatedStatus":"STATUS_IN_PROGRESS"}`,
		`{"id":1,"status":"STATUS_COMPLETED","childResult":{"id":2,"status":"STATUS_COMPLETED","result":"SUCCESS","childResult":{"id":3}}}`,
		`{"id":1,"execution":{"id":"301","name":"Smoke"},"buildNo":12.5}`,
		`{"id":1e3}`, `{"id":-1}`, `{"id":"9223372036854775807"}`, `{"id":1,"startTime":-62135596800001}`,
		``, `null`, `[]`, `{}`, `{"id":`, `<html>`, "\xff\xfe",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		run, err := decodeRun(body)
		var viaDo Run
		err2 := (&rawRun{&viaDo}).UnmarshalJSON(body)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("decodeRun and rawRun disagree: %v vs %v", err, err2)
		}
		if err != nil {
			if !reflect.DeepEqual(run, Run{}) {
				t.Fatalf("a run came back with the error %v: %+v", err, run)
			}
			if err.Error() == "" {
				t.Fatal("empty error text")
			}
			return
		}
		if !reflect.DeepEqual(run, viaDo) {
			t.Fatalf("decodeRun and rawRun disagree:\n%+v\n%+v", run, viaDo)
		}
		if run.Finished && !IsFinishedStatus(run.Status) {
			t.Fatalf("finished with status %q", run.Status)
		}
		if run.Result != NormalizeResult(run.Result) {
			t.Fatalf("result %q is not normalised", run.Result)
		}
		if Passed(run, KnownResults) && (!run.Finished || run.Result == "") {
			t.Fatalf("a pass that is not finished: %+v", run)
		}
		if run.StartedAt != nil && run.StartedAt.Location().String() != "UTC" {
			t.Fatalf("StartedAt not in UTC: %v", run.StartedAt)
		}
	})
}

func FuzzAPIError(f *testing.F) {
	k := testKey
	for _, seed := range []struct {
		status int
		body   string
		after  string
	}{
		{400, `{"timeStamp":null,"error":"Invalid","code":null,"fieldErrors":null,"objectErrors":null}`, ""},
		{404, `{"error":"Resource not found for id: 1","code":"0"}`, ""},
		{500, `{"error":"` + currentlyRunning + `","code":"` + currentlyRunning + `"}`, ""},
		{401, "Incorrect API Key", ""},
		{401, "Incorrect API Key " + k, ""},
		{400, `{"error":"echo ` + k + `","code":"` + k + `"}`, ""},
		{400, `{"error":"line one\nline two\u0000\u001b[31m red ` + k + `"}`, ""},
		{400, `{"message":"\u200b` + k + `\u200b"}`, ""},
		{503, htmlPage("<p>" + k + "</p>"), "7"},
		{429, "", "Wed, 01 May 2024 12:00:30 GMT"},
		{502, strings.Repeat("é", 300) + k, "-1"},
		{999, "\xff\xfe\x00binary", "soon"},
		{0, `{"error":null,"message":"m"}`, ""},
		{418, `{"error":{"nested":true}}`, ""},
	} {
		f.Add(seed.status, []byte(seed.body), seed.after)
	}
	c, err := New("https://app.testsigma.com", testKey, Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, status int, body []byte, after string) {
		resp := &http.Response{StatusCode: status, Header: http.Header{}}
		resp.Header.Set("Retry-After", after)
		err := c.apiError(context.Background(), call{method: http.MethodGet, path: "/execution_results/1"}, resp, body)
		apiErr, ok := err.(*APIError)
		if !ok {
			t.Fatalf("apiError returned %T", err)
		}
		msg := err.Error()
		if !isPrintable(msg) || !utf8.ValidString(msg) {
			t.Fatalf("Error() is not printable: %q", msg)
		}
		for what, s := range map[string]string{"Error()": msg, "Message": apiErr.Message, "Code": apiErr.Code, "Snippet": apiErr.Snippet} {
			if strings.Contains(s, testKey) {
				t.Fatalf("%s contains the API key: %q", what, s)
			}
		}
		if apiErr.Message != "" && apiErr.Snippet != "" {
			t.Fatalf("both Message and Snippet set: %+v", apiErr)
		}
		if utf8.RuneCountInString(apiErr.Snippet) > snippetLimit+1 {
			t.Fatalf("Snippet too long: %d runes", utf8.RuneCountInString(apiErr.Snippet))
		}
		if apiErr.RetryAfter < 0 {
			t.Fatalf("negative RetryAfter %v", apiErr.RetryAfter)
		}
		if IsNotFound(err) != (status == http.StatusNotFound) || IsUnauthorized(err) != (status == 401 || status == 403) {
			t.Fatalf("predicates wrong for status %d", status)
		}
	})
}

func FuzzParseQuery(f *testing.F) {
	for _, seed := range []string{
		`[{"key":"suiteId","value":[114],"operation":"NOT_IN"}]`,
		"[{\"key\":\"suiteId\",\n\"value\":[114],\"operation\":\"NOT_IN\"}]",
		`[{"key":"assignee","values":["7",8,null],"operation":"IN"}]`,
		`[{"key":"suiteId","value":114}]`,
		`[{"key":"suiteId","value":"114"}]`,
		`[{"key":1,"value":{"a":1},"operation":[]}]`,
		`[{"value":1e400}]`, `[null]`, `[]`, `null`, ``, `suiteId NOT IN 114`, `[{"key":`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		terms, err := parseQuery(raw)
		if err != nil {
			if terms != nil {
				t.Fatalf("terms with an error: %#v", terms)
			}
			return
		}
		if terms == nil {
			t.Fatal("nil terms without an error")
		}
		for _, term := range terms {
			if term.Values == nil {
				t.Fatalf("nil Values in %#v", term)
			}
		}
	})
}
