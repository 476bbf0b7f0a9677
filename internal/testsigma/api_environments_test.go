package testsigma

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// Create sends only the fields given, in the 2024+ shape; update names only what changes;
// both answers go through the one decoding path, which never keeps an encrypted value.
func TestEnvironment_createAndUpdate(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	ctx := context.Background()
	name := "Preview"
	vars := []VariableInput{{Key: "url", Value: "https://pr7.example.com"}, {Key: "pw", Value: "s3cret-canary", Encrypted: true}}
	e, err := c.CreateEnvironment(ctx, EnvironmentInput{Name: &name, Variables: &vars})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID == 0 || e.Name != "Preview" || len(e.Variables) != 2 || e.Variables[0].Value != "" || e.Variables[1].Value != "https://pr7.example.com" {
		t.Fatalf("created %+v", e)
	}
	post := lastBody(t, emu, "POST")
	if _, has := post["description"]; has || post["name"] != "Preview" {
		t.Errorf("POST body %v: want the name and no description", post)
	}
	desc := "PR 7"
	if err := c.UpdateEnvironment(ctx, e.ID, EnvironmentInput{Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if put := lastBody(t, emu, "PUT"); len(put) != 1 || put["description"] != "PR 7" {
		t.Errorf("PUT body %v: want only the description", put)
	}
	got, err := c.Environment(ctx, e.ID)
	if err != nil || got.Description != "PR 7" || len(got.Variables) != 2 {
		t.Fatalf("after update: %+v, %v", got, err)
	}
	if s, _ := json.Marshal(got); strings.Contains(string(s), "s3cret-canary") {
		t.Errorf("an encrypted value was decoded: %s", s)
	}
}

// An answer that is not an environment is reported without its text.
func TestEnvironment_unreadableAnswerIsNotQuoted(t *testing.T) {
	srv := newScriptServer(t, jsonStep(`{"id":7,"variables":[{"key":"pw","value":"s3cret-canary","isEncrypted":true}`))
	_, err := newClient(t, srv.URL, Options{}).Environment(context.Background(), 7)
	if err == nil || strings.Contains(err.Error(), "s3cret") || !strings.Contains(err.Error(), "not shown") {
		t.Errorf("err = %v", err)
	}
}

func lastBody(t *testing.T, emu *emulator.Server, method string) map[string]any {
	t.Helper()
	reqs := emu.Requests()
	for i := len(reqs) - 1; i >= 0; i-- {
		if reqs[i].Method == method {
			var m map[string]any
			if err := json.Unmarshal(reqs[i].Body, &m); err != nil {
				t.Fatal(err)
			}
			return m
		}
	}
	t.Fatalf("no %s request", method)
	return nil
}
