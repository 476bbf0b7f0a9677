package emulator

import (
	"net/url"
	"testing"
)

// The OSS query language (spec 2.7, api-evidence E23; OSS specification/SearchOperation.java,
// BaseSpecification.java): ~ is a raw SQL LIKE, there is no $, ":*x*" is a lower-cased
// contains, a value with , : / + ' does not narrow, a % the second decode cannot read and
// an unknown key answer 500.
func TestOSSQuery(t *testing.T) {
	s, _ := newTestServer(t, Options{})
	for i, n := range []string{"Smoke A", "smoke_b", "Regression", "Deploy: prod"} {
		s.AddPlan(Plan{ID: int64(i + 1), Name: n})
	}
	list := func(q string) []string {
		t.Helper()
		_, items := listPage(t, s, "/api/v1/test_plans?query="+url.QueryEscape(q))
		return names(items)
	}
	cases := []struct {
		query string
		want  int
	}{
		{"name:Smoke A", 1},
		{"name~Smoke", 0},   // no wildcard added
		{"name~%moke%", 0},  // the second decode reads "%mo" as an escape: see below
		{"name~S_oke A", 1}, // _ is one character
		{"name:*smoke*", 2}, // contains, lower-cased
		{"name$Smoke", 4},   // no $ operator: the condition does not narrow
		{"name:Smoke/A", 4}, // a value with '/' does not narrow
		{"id@1#3", 2},
		{"id;1#3", 2},
		{"id>2", 2},
		{"name!Regression", 3},
	}
	for _, c := range cases {
		if c.query == "name~%moke%" {
			continue
		}
		if got := list(c.query); len(got) != c.want {
			t.Errorf("%s: %v, want %d items", c.query, got, c.want)
		}
	}
	// %25 survives the first decode as %, and the second as the LIKE wildcard. A mark
	// at either end of a value is the pattern's prefix or suffix, so only inner ones count.
	if got := list("name~Sm%25 A"); len(got) != 1 {
		t.Errorf("LIKE Sm%% A: %v", got)
	}
	if got := list("name~%25moke%25"); len(got) != 0 {
		t.Errorf("LIKE with the end marks taken off: %v", got)
	}
	// After a ':' in a value the pattern finds "prod"... from the text after it: here the
	// key "Deploy", unknown, so a 500.
	for _, q := range []string{"name~%moke%", "nosuchKey:1", "name:Deploy: prod"} {
		r := call(t, s, "GET", "/api/v1/test_plans?query="+url.QueryEscape(q), "")
		if m := decode(t, r); r.status != 500 || m["error"] == nil || m["code"] != nil {
			t.Errorf("%s: %d %s, want a 500 DTO", q, r.status, r.body)
		}
	}
	r := call(t, s, "GET", "/api/v2/test_runs?query=environmentId:4", "")
	if r.status != 200 {
		t.Errorf("environmentId is a column of a run: %d %s", r.status, r.body)
	}
}
