package emulator

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestAuth(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	for _, tc := range []struct {
		name string
		hdr  []string
		want string
	}{
		{"missing", []string{"Accept", "application/json"}, "No API Key Found In Request Headers"},
		{"wrong", []string{"Authorization", "Bearer nope"}, "Incorrect API Key"},
		{"lowercase bearer", []string{"Authorization", "bearer " + testKey}, "No API Key Found In Request Headers"},
		{"wrong X-TS-API-KEY", []string{"X-TS-API-KEY", "nope"}, "Incorrect API Key"},
	} {
		r := call(t, s, "GET", "/api/v1/saved_execution_configs", "", tc.hdr...)
		if r.status != 401 || string(r.body) != tc.want || r.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: %d %q %v", tc.name, r.status, r.body, r.header)
		}
	}
	if r := call(t, s, "GET", "/api/v1/saved_execution_configs", "", "X-TS-API-KEY", testKey); r.status != 200 {
		t.Errorf("X-TS-API-KEY: %d", r.status)
	}
	if n := s.Count("GET", "/api/v1/saved_execution_configs"); n != 5 {
		t.Errorf("Count = %d, 401s must be logged too", n)
	}
}

func TestErrors(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P"})
	r := call(t, s, "GET", "/api/v1/execution_results/123", "")
	if r.status != 404 || string(r.body) != `{"timeStamp":null,"error":"Resource not found for id: 123","code":"0","fieldErrors":null,"objectErrors":null}` {
		t.Errorf("404: %d %s", r.status, r.body)
	}
	r = call(t, s, "GET", "/api/v1/execution_results/abc", "")
	if m := decode(t, r); r.status != 400 || m["fieldErrors"] == nil {
		t.Errorf("non-numeric id: %d %s", r.status, r.body)
	}
	r = call(t, s, "POST", "/api/v1/execution_results", `{"executionId":404}`)
	if m := decode(t, r); r.status != 500 || m["error"] != "Could not find resource with id:404" || m["code"] != m["error"] {
		t.Errorf("unknown plan: %d %s", r.status, r.body)
	}
	r = call(t, s, "POST", "/api/v1/execution_results", `{"buildNo":"x"}`)
	if m := decode(t, r); r.status != 500 || m["error"] != "The given id must not be null!" {
		t.Errorf("missing id: %d %s", r.status, r.body)
	}
	for _, bad := range []string{`{not json`, ``, `[1]`, `{"executionId":"abc"}`, `{"buildNo":{}}`} {
		r = call(t, s, "POST", "/api/v1/execution_results", bad)
		if r.status != 400 || len(r.body) != 0 {
			t.Errorf("malformed %q: %d %q", bad, r.status, r.body)
		}
	}
	r = call(t, s, "POST", "/api/v1/execution_results", `{"executionId":1,"executionConfig":{"name":"ghost"}}`)
	if m := decode(t, r); r.status != 500 || m["error"] != "Saved execution config not found: ghost" {
		t.Errorf("unknown config: %d %s", r.status, r.body)
	}
	if r = call(t, s, "GET", "/api/v1/nope", ""); r.status != 404 || decode(t, r)["error"] == nil {
		t.Errorf("unknown route: %d %s", r.status, r.body)
	}
	if r = call(t, s, "DELETE", "/api/v1/execution_results/1", ""); r.status != 405 {
		t.Errorf("wrong method: %d", r.status)
	}
}

func TestExecutionConfig(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	SeedDemo(s)
	id := triggerRun(t, s, `{"executionId":1001,"executionConfig":{"id":"12"}}`)
	if st, _ := s.Run(id); st.ConfigID == nil || *st.ConfigID != 12 {
		t.Errorf("config id: %+v", st)
	}
	id = triggerRun(t, s, `{"executionId":1001,"executionConfig":{"name":"Safari - staging"}}`)
	if st, _ := s.Run(id); st.ConfigName != "Safari - staging" || st.ConfigID != nil {
		t.Errorf("config name: %+v", st)
	}
	r := call(t, s, "POST", "/api/v1/execution_results", `{"executionId":1001,"executionConfig":{"id":99}}`)
	if m := decode(t, r); r.status != 500 || m["error"] != "Saved execution config not found: 99" {
		t.Errorf("%d %s", r.status, r.body)
	}
}

func TestSavedConfigs(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	if r := call(t, s, "GET", "/api/v1/saved_execution_configs", ""); string(r.body) != "[]" {
		t.Errorf("empty list = %s", r.body)
	}
	SeedDemo(s)
	var got []map[string]any
	if err := json.Unmarshal(call(t, s, "GET", "/api/v1/saved_execution_configs", "").body, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("got %d configs", len(got))
	}
	wantFields(t, got[1], "id", 12, "name", "Firefox nightly", "executionConfigType", "SAVED_CONFIG",
		"executionConfigCondition", "EXCLUDED", "createdByUser", nil)
	if q := got[1]["query"].(string); !strings.Contains(q, "\n") || !json.Valid([]byte(q)) {
		t.Errorf("query = %q", q)
	}
	if u, _ := got[0]["createdByUser"].(map[string]any); u["email"] != "qa.lead@example.com" {
		t.Errorf("createdByUser = %v", got[0]["createdByUser"])
	}
}

func TestJUnit(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "Plan & Co", Running: 3 * time.Second, Result: "FAILURE", Cases: demoCases})
	id := triggerRun(t, s, `{"executionId":1}`)
	path := "/api/v1/reports/junit/" + itoa(id)
	r := call(t, s, "GET", path, "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/xml" ||
		string(r.body) != "Report generation failed, Test plan run is not completed" {
		t.Fatalf("before: %d %v %q", r.status, r.header, r.body)
	}
	clk.Advance(3 * time.Second)
	r = call(t, s, "GET", path, "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/xml" {
		t.Fatalf("after: %d %v", r.status, r.header)
	}
	var doc struct {
		Suites []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Errors   int    `xml:"errors,attr"`
			Props    []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name      string  `xml:"name,attr"`
				ClassName string  `xml:"classname,attr"`
				Failure   *string `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.body)
	}
	if len(doc.Suites) != 2 {
		t.Fatalf("suites = %d\n%s", len(doc.Suites), r.body)
	}
	chrome, firefox := doc.Suites[0], doc.Suites[1]
	if chrome.Name != "Plan & Co || Chrome" || chrome.Tests != 2 || chrome.Failures != 1 || chrome.Errors != 1 {
		t.Errorf("chrome suite = %+v", chrome)
	}
	if firefox.Tests != 1 || firefox.Failures != 1 || firefox.Cases[0].Failure == nil {
		t.Errorf("firefox suite = %+v", firefox)
	}
	if c := chrome.Cases[0]; c.Name != "Login <ok> & go" || c.ClassName != "Auth" || c.Failure != nil {
		t.Errorf("escaped name = %+v", chrome.Cases[0])
	}
	if len(chrome.Props) != 1 || chrome.Props[0].Value != s.URL()+"/ui/td/runs/"+itoa(id) {
		t.Errorf("props = %+v", chrome.Props)
	}
	if r := call(t, s, "GET", "/api/v1/reports/junit/999", ""); r.status != 404 {
		t.Errorf("unknown: %d", r.status)
	}
}

func TestRequestLogAndHook(t *testing.T) {
	s, clk := newTestServer(t, Options{})
	s.AddPlan(Plan{ID: 1, Name: "P"})
	var hooked []Request
	s.OnRequest(func(r Request) { hooked = append(hooked, r) })
	clk.Advance(time.Minute)
	call(t, s, "POST", "/api/v1/execution_results?x=1", `{"executionId":1}`)
	call(t, s, "GET", "/api/v1/execution_results/5001", "", "Authorization", "Bearer bad")
	log := s.Requests()
	if len(log) != 2 || len(hooked) != 2 {
		t.Fatalf("log = %+v, hooked = %d", log, len(hooked))
	}
	p := log[0]
	if p.Method != "POST" || p.Path != "/api/v1/execution_results" || p.Query != "x=1" ||
		string(p.Body) != `{"executionId":1}` || p.Status != 200 || !p.At.Equal(clk.Now()) ||
		p.Header.Get("Authorization") != "Bearer "+testKey {
		t.Errorf("entry = %+v", p)
	}
	if log[1].Status != 401 || hooked[1].Status != 401 {
		t.Errorf("401 entry = %+v", log[1])
	}
	if s.Count("GET", "/api/v1/execution_results/{id}") != 1 || s.Count("", "/api/v1/execution_results") != 1 {
		t.Error("Count mismatch")
	}
}
