package testsigma

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// demoEmulator is the demo seed: 13 plans (two pages of 10), a near-name neighbour of
// "Smoke - checkout", and three environments, one with an encrypted variable.
func demoEmulator(t *testing.T, opts emulator.Options) (*emulator.Server, *Client) {
	t.Helper()
	emu, c, _ := newEmu(t, opts, Options{})
	emulator.SeedDemo(emu)
	return emu, c
}

// planListQueries are the query strings of the logged GETs of the plan listing, in order.
func planListQueries(emu *emulator.Server) []url.Values {
	var out []url.Values
	for _, r := range emu.Requests() {
		if r.Method == http.MethodGet && r.Path == "/api/v1/test_plans" {
			q, _ := url.ParseQuery(r.Query)
			out = append(out, q)
		}
	}
	return out
}

func planIDs(ps []TestPlan) []int64 {
	ids := []int64{}
	for _, p := range ps {
		ids = append(ids, p.ID)
	}
	return ids
}

func TestTestPlans_narrowedQueryFindsTheExactName(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	got, err := c.TestPlans(context.Background(), "Smoke - checkout")
	if err != nil {
		t.Fatal(err)
	}
	version := int64(52)
	want := TestPlan{ID: 1001, Name: "Smoke - checkout", Description: "Storefront and checkout smoke tests",
		ApplicationVersionID: &version, ReRunType: "NONE", ExecutionType: "CROSS_BROWSER", ExecutionLabType: "TestsigmaLab"}
	if len(got.Matches) != 1 || !reflect.DeepEqual(got.Matches[0], want) || !got.Complete {
		t.Fatalf("TestPlans = %+v, want only %+v", got, want)
	}
	// One request, narrowed by name: the neighbour "Smoke - checkout (old)" is the server's
	// business to leave out.
	qs := planListQueries(emu)
	if len(qs) != 1 || qs[0].Get("query") != "name:Smoke - checkout" || qs[0].Get("page") != "0" {
		t.Errorf("requests = %v, want one narrowed by name", qs)
	}
}

// A server that ignores `query`, with pages of 10: the plan named "Smoke" is on the second
// page, behind "Smoke - checkout" and "Smoke - checkout (old)", which must not match.
func TestTestPlans_serverIgnoringTheQueryIsWalkedPageByPage(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{IgnoreQuery: true, MaxPageSize: 10})
	got, err := c.TestPlans(context.Background(), "Smoke")
	if err != nil {
		t.Fatal(err)
	}
	if ids := planIDs(got.Matches); !reflect.DeepEqual(ids, []int64{1013}) || !got.Complete {
		t.Fatalf("matches = %v (complete %v), want [1013]", ids, got.Complete)
	}
	if n := len(planListQueries(emu)); n != 2 {
		t.Errorf("%d listing requests, want 2 (both pages of the narrowed listing)", n)
	}
}

func TestTestPlans_notFoundWalksEverythingAndSuggestsOnlyCloseNames(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{MaxPageSize: 10})
	got, err := c.TestPlans(context.Background(), "smoke - chekout")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Matches) != 0 || !got.Complete || len(got.Names) != 13 {
		t.Fatalf("got %+v, want no match and the 13 names seen", got)
	}
	if near := NearNames("smoke - chekout", got.Names); !reflect.DeepEqual(near, []string{"Smoke - checkout"}) {
		t.Errorf("NearNames = %q, want only \"Smoke - checkout\"", near)
	}
	// The narrowed request, then both pages of the whole listing.
	qs := planListQueries(emu)
	if len(qs) != 3 || qs[1].Has("query") || qs[2].Get("page") != "1" {
		t.Errorf("requests = %v, want the narrowed one, then pages 0 and 1 unnarrowed", qs)
	}
}

func TestTestPlans_duplicatesAreAllReturnedByID(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	emu.AddPlan(emulator.Plan{ID: 990, Name: "Smoke - checkout", Result: "SUCCESS"})
	got, err := c.TestPlans(context.Background(), "Smoke - checkout")
	if err != nil {
		t.Fatal(err)
	}
	if ids := planIDs(got.Matches); !reflect.DeepEqual(ids, []int64{990, 1001}) {
		t.Errorf("matches = %v, want [990 1001]", ids)
	}
}

func TestTestPlans_plainArray(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{PlansAsArray: true, IgnoreQuery: true})
	got, err := c.TestPlans(context.Background(), "Nightly - search")
	if err != nil {
		t.Fatal(err)
	}
	if ids := planIDs(got.Matches); !reflect.DeepEqual(ids, []int64{1004}) || got.Matches[0].ReRunType != "ONLY_FAILED_TESTS" {
		t.Fatalf("matches = %+v, want plan 1004 re-running failed tests", got.Matches)
	}
	if n := len(planListQueries(emu)); n != 1 {
		t.Errorf("%d listing requests, want 1: an array is the whole listing", n)
	}
}

func TestTestPlan_byID(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	ctx := context.Background()
	p, err := c.TestPlan(ctx, 1002)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != 1002 || p.Name != "Regression - payments" || p.LastRunID != nil {
		t.Fatalf("TestPlan(1002) = %+v, want Regression - payments, never run", p)
	}
	run := emu.StartRun(1002)
	if p, err = c.TestPlan(ctx, 1002); err != nil || p.LastRunID == nil || *p.LastRunID != run {
		t.Fatalf("after a run: %+v, %v; want lastRunId %d", p, err, run)
	}
	if _, err := c.TestPlan(ctx, 4242); !IsNotFound(err) {
		t.Errorf("TestPlan(4242) err = %v, want a 404", err)
	}
}

func TestLookups_unauthorized(t *testing.T) {
	emu := emulator.New(emulator.Options{})
	t.Cleanup(emu.Close)
	c := newClient(t, emu.URL(), Options{})
	if _, err := c.TestPlans(context.Background(), "Smoke"); !IsUnauthorized(err) {
		t.Errorf("TestPlans with a wrong key: %v, want a 401", err)
	}
	if _, err := c.Environments(context.Background(), "Staging"); !IsUnauthorized(err) {
		t.Errorf("Environments with a wrong key: %v, want a 401", err)
	}
}

// Plain values are read (the resource shows their drift); an encrypted value never is.
func TestEnvironments_plainValuesOnlyInEitherShape(t *testing.T) {
	for name, opts := range map[string]emulator.Options{"page": {}, "plain array": {EnvironmentsAsArray: true}} {
		t.Run(name, func(t *testing.T) {
			_, c := demoEmulator(t, opts)
			got, err := c.Environments(context.Background(), "Staging")
			if err != nil {
				t.Fatal(err)
			}
			want := Environment{ID: 21, Name: "Staging", Description: "Pre-production", ProjectID: 1, Variables: []EnvironmentVariable{
				{ID: 2101, Key: "base_url", Value: "https://staging.shop.example.com"}, {ID: 2103, Key: "password", Encrypted: true}, {ID: 2102, Key: "username", Value: "qa-bot@example.com"},
			}}
			if len(got.Matches) != 1 || !reflect.DeepEqual(got.Matches[0], want) {
				t.Fatalf("Environments(Staging) = %+v, want only %+v", got, want)
			}
			if s := fmt.Sprintf("%#v", got); strings.Contains(s, "ENC(") {
				t.Errorf("an encrypted value came through: %s", s)
			}
		})
	}
}

func TestEnvironment_byIDAnd404(t *testing.T) {
	_, c := demoEmulator(t, emulator.Options{})
	e, err := c.Environment(context.Background(), 22)
	if err != nil || e.Name != "Staging - EU" || len(e.Variables) != 1 {
		t.Fatalf("Environment(22) = %+v, %v", e, err)
	}
	if _, err := c.Environment(context.Background(), 99); !IsNotFound(err) {
		t.Errorf("Environment(99) err = %v, want a 404", err)
	}
}

// The 2023 shape: parameters {name: value} and the names of the encrypted ones.
func TestEnvironment_2023Shape(t *testing.T) {
	srv := newScriptServer(t, jsonStep(`{"id":"7","name":"Old","parameters":{"user":"bob","pass":{"nested":"s3cret"}},"passwords":["pass"]}`))
	e, err := newClient(t, srv.URL, Options{}).Environment(context.Background(), 7)
	if err != nil {
		t.Fatal(err)
	}
	want := Environment{ID: 7, Name: "Old", Variables: []EnvironmentVariable{{Key: "pass", Encrypted: true}, {Key: "user", Value: "bob"}}}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("got %+v, want %+v", e, want)
	}
}

// A listing that never ends is read at most maxListPages times per walk; one that answers
// its first page to every page number is not counted twice.
func TestWalk_bounded(t *testing.T) {
	endless := newScriptServer(t, jsonStep(`{"content":[{"id":1,"name":"a"}],"last":false}`))
	got, err := newClient(t, endless.URL, Options{}).TestPlans(context.Background(), "b")
	if err != nil {
		t.Fatal(err)
	}
	if got.Complete || endless.gets() != 2*maxListPages {
		t.Errorf("complete %v after %d requests, want incomplete after %d", got.Complete, endless.gets(), 2*maxListPages)
	}
	samePage := newScriptServer(t, jsonStep(`{"content":[{"id":1,"name":"a"},{"id":2,"name":"a"}],"number":0,"last":false}`))
	got, err = newClient(t, samePage.URL, Options{}).TestPlans(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	if ids := planIDs(got.Matches); !reflect.DeepEqual(ids, []int64{1, 2}) || got.Complete || samePage.gets() != 2 {
		t.Errorf("matches %v, complete %v, %d requests; want [1 2] once, incomplete, 2 requests", ids, got.Complete, samePage.gets())
	}
}

func TestWalk_notAListing(t *testing.T) {
	srv := newScriptServer(t, jsonStep(`{"error":null,"items":[]}`))
	_, err := newClient(t, srv.URL, Options{MaxAttempts: 1}).Environments(context.Background(), "x")
	var de *decodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "a page (an object with content) or a JSON array") {
		t.Errorf("err = %v, want a decodeError that says what was expected", err)
	}
}

func TestNearNames(t *testing.T) {
	names := []string{"Chrome smoke", "Chrome regression", "Firefox nightly", "Smoke", "smoke", "Staging", "Staging - EU", "API"}
	tests := []struct {
		name string
		want []string
	}{
		{"chrome smok", []string{"Chrome smoke"}},           // a typo and a case; regression is far
		{"Smoke", []string{"smoke"}},                        // the name itself is left out, its other case is not
		{"Stagng", []string{"Staging"}},                     // "Staging - EU" is 7 edits away
		{"Staging-EU", []string{"Staging - EU", "Staging"}}, // 2 and 3 edits for 10 letters
		{"UI", []string{}},                                  // "API" is 2 edits from 2 letters
		{"Payments", []string{}},                            // nothing close: no list of everything
		{"", []string{}},                                    // nothing is 1 edit from nothing
		{"chrome", []string{}},                              // a prefix is not a typo
		{"firefox nightlyy", []string{"Firefox nightly"}},   // a trailing key
	}
	for _, tt := range tests {
		if got := NearNames(tt.name, names); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("NearNames(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

// Many similar names are suggested closest first and at most maxNearNames of them.
func TestNearNames_capped(t *testing.T) {
	var names []string
	for i := range 30 {
		names = append(names, fmt.Sprintf("Plan %02d", i))
	}
	got := NearNames("Plan 1", names)
	if len(got) != maxNearNames || got[0] != "Plan 01" {
		t.Errorf("NearNames = %q, want %d names, Plan 01 first", got, maxNearNames)
	}
}
