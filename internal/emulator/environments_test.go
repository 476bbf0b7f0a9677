package emulator

import (
	"encoding/json"
	"net/url"
	"testing"
)

func envServer(t *testing.T, opts Options) *Server {
	s, _ := newTestServer(t, opts)
	s.AddEnvironment(Environment{ID: 21, Name: "Staging", Description: "Pre-production", Variables: []Variable{
		{Key: "base_url", Value: "https://staging.example.com"},
		{ID: 7, Key: "password", Value: "ENC(abc)", Encrypted: true},
	}})
	s.AddEnvironment(Environment{ID: 22, Name: "Staging - EU"})
	for i := range 10 {
		s.AddEnvironment(Environment{ID: int64(30 + i), Name: "Env " + string(rune('A'+i))})
	}
	return s
}

func TestEnvironmentsPage(t *testing.T) {
	s := envServer(t, Options{})
	m, items := listPage(t, s, "/api/v1/environments?size=10")
	wantFields(t, m, "totalElements", 12, "totalPages", 2, "size", 10, "last", false)
	if m, _ := listPage(t, s, "/api/v1/environments"); m["size"] != float64(20) {
		t.Errorf("Spring's default page is 20 (E24): %v", m["size"])
	}
	st := items[0]
	wantFields(t, st, "id", 21, "name", "Staging", "description", "Pre-production", "projectId", 1)
	vars := st["variables"].([]any)
	if len(vars) != 2 {
		t.Fatalf("variables = %v", vars)
	}
	wantFields(t, vars[0].(map[string]any), "id", 2101, "key", "base_url", "value", "https://staging.example.com", "isEncrypted", false)
	wantFields(t, vars[1].(map[string]any), "id", 7, "key", "password", "isEncrypted", true)
	if v := items[1]["variables"].([]any); len(v) != 0 {
		t.Errorf("no variables must be [], got %v", v)
	}
	_, items = listPage(t, s, "/api/v1/environments?page=1&size=10")
	if len(items) != 2 {
		t.Errorf("page 1 = %v", names(items))
	}
	_, items = listPage(t, s, "/api/v1/environments?query="+url.QueryEscape("name:Staging"))
	if len(items) != 1 || items[0]["id"] != float64(21) {
		t.Errorf("by name: %v", names(items))
	}
}

func TestEnvironmentsAsArrayAndByID(t *testing.T) {
	s := envServer(t, Options{EnvironmentsAsArray: true})
	var items []map[string]any
	r := call(t, s, "GET", "/api/v1/environments?query="+url.QueryEscape("name:Staging - EU"), "")
	if err := json.Unmarshal(r.body, &items); err != nil || len(items) != 1 || items[0]["id"] != float64(22) {
		t.Fatalf("array: %s", r.body)
	}
	wantFields(t, decode(t, call(t, s, "GET", "/api/v1/environments/21", "")), "name", "Staging")
	r = call(t, s, "GET", "/api/v1/environments/99", "")
	if m := decode(t, r); r.status != 404 || m["code"] != "0" || m["error"] != "Test Data Not Found with id: 99" {
		t.Errorf("unknown: %d %s", r.status, r.body)
	}
	if r = call(t, s, "POST", "/api/v1/environments", "{}"); r.status != 405 {
		t.Errorf("POST: %d", r.status)
	}
}
