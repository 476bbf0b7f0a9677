package emulator

import (
	"testing"
)

// POST answers 201 and PUT 202 with the object (the OSS codes); PUT merges what it names,
// keeps variable ids by key, and replaces the variable list; names are unique (OSS 422).
func TestEnvironmentWrites(t *testing.T) {
	s := envServer(t, Options{})
	r := call(t, s, "POST", "/api/v1/environments", `{"name":"Preview","description":"PR 7","projectId":1,
		"variables":[{"key":"url","value":"https://pr7.example.com","isEncrypted":false},{"key":"pw","value":"s3cret","isEncrypted":true}]}`)
	if r.status != 201 {
		t.Fatalf("POST: %d %s", r.status, r.body)
	}
	created := decode(t, r)
	wantFields(t, created, "id", 40, "name", "Preview", "description", "PR 7")
	id := int64(created["id"].(float64))
	r = call(t, s, "PUT", "/api/v1/environments/"+itoa(id), `{"variables":[{"id":"4001","key":"url","value":"https://pr8.example.com","isEncrypted":false},{"key":"user","value":"qa"}]}`)
	if r.status != 202 {
		t.Fatalf("PUT: %d %s", r.status, r.body)
	}
	e, _ := s.StoredEnvironment(id)
	if e.Name != "Preview" || e.Description != "PR 7" || len(e.Variables) != 2 || e.Variables[0] != (Variable{ID: 4001, Key: "url", Value: "https://pr8.example.com"}) || e.Variables[1].Key != "user" {
		t.Errorf("after PUT: %+v", e)
	}
	if r = call(t, s, "PUT", "/api/v1/environments/"+itoa(id), `{"name":"Staging"}`); r.status != 422 {
		t.Errorf("duplicate name: %d %s", r.status, r.body)
	}
	if r = call(t, s, "POST", "/api/v1/environments", `{"description":"x"}`); r.status != 400 {
		t.Errorf("no name: %d %s", r.status, r.body)
	}
	if r = call(t, s, "PUT", "/api/v1/environments/99", `{"name":"x"}`); r.status != 404 {
		t.Errorf("unknown: %d %s", r.status, r.body)
	}
}

// KeepOmittedVariables keeps what a PUT leaves out; Environments2023 answers and accepts
// the parameters/passwords shape.
func TestEnvironmentWriteOptions(t *testing.T) {
	s := envServer(t, Options{KeepOmittedVariables: true, Environments2023: true})
	call(t, s, "PUT", "/api/v1/environments/21", `{"parameters":{"base_url":"https://b.example.com","token":"t0k"},"passwords":["token"]}`)
	m := decode(t, call(t, s, "GET", "/api/v1/environments/21", ""))
	params, _ := m["parameters"].(map[string]any)
	pw, _ := m["passwords"].([]any)
	if params["base_url"] != "https://b.example.com" || params["token"] != "t0k" || params["password"] == nil || len(pw) != 2 {
		t.Errorf("2023 shape: %s", call(t, s, "GET", "/api/v1/environments/21", "").body)
	}
	if _, has := m["variables"]; has {
		t.Error("the 2023 shape has no variables[]")
	}
}
