package testsigma

import (
	"context"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// The open-source server's query parser answers 500 for a value with % (and 400 or 500 for
// other values and keys it cannot parse; api-evidence.md row 51). The narrowed query is the
// first listing request, so a fault on it once stands for that parser.
var refusals = map[string]emulator.Fault{
	"500 (OSS parser, %)": emulator.StatusBody(500, "application/json", `{"error":"java.lang.IllegalArgumentException: URLDecoder: Illegal hex characters in escape (%) pattern"}`),
	"400 (invalid query)": emulator.StatusBody(400, "application/json", `{"error":"Invalid query"}`),
}

// D11 (harm 11): a name the narrowed query cannot carry ("100% smoke", "x,id:1001") is
// found by the walk of the whole listing when the server refuses the query.
func TestD11_refusedNarrowedQueryFallsBackToTheWalk(t *testing.T) {
	for what, f := range refusals {
		for _, name := range []string{"100% smoke", "x,id:1001"} {
			t.Run(what+" "+name, func(t *testing.T) {
				emu, c := demoEmulator(t, emulator.Options{})
				emu.AddPlan(emulator.Plan{ID: 4300, Name: name, Result: "SUCCESS"})
				emu.Fault("GET /api/v1/test_plans", f.Once())
				l, err := c.TestPlans(context.Background(), name)
				if err != nil || len(l.Matches) != 1 || l.Matches[0].ID != 4300 {
					t.Fatalf("TestPlans(%q) = %+v, %v; want plan 4300", name, l, err)
				}
				if q := planListQueries(emu); len(q) != 2 || q[1].Get("query") != "" {
					t.Errorf("listing requests %v, want the refused narrowed one and one unfiltered walk", q)
				}
			})
		}
	}
}

// An auth error on the narrowed query is not a refusal of the query: no walk behind it.
func TestD11_authErrorIsNotFallenBackFrom(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/test_plans", emulator.Status(403).Once())
	if _, err := c.TestPlans(context.Background(), "Smoke - checkout"); !IsUnauthorized(err) {
		t.Fatalf("err = %v, want the 403", err)
	}
	if n := len(planListQueries(emu)); n != 1 {
		t.Errorf("%d listing requests after a 403, want 1", n)
	}
}

// Harm 10 (rule 8): a test plan is read by id through the documented listing, never through
// GET /test_plans/{id}, which no public source shows: it works on a server without that
// route, also when the narrowed query is refused, and a plan the listing lacks is not found.
func TestHarm10_testPlanByIDThroughTheListing(t *testing.T) {
	emu, c := demoEmulator(t, emulator.Options{})
	emu.Fault("GET /api/v1/test_plans/{id}", emulator.Status(404))
	ctx := context.Background()
	p, err := c.TestPlan(ctx, 1002)
	if err != nil || p.ID != 1002 || p.Name != "Regression - payments" {
		t.Fatalf("TestPlan(1002) = %+v, %v", p, err)
	}
	if q := planListQueries(emu); len(q) != 1 || q[0].Get("query") != "id:1002" {
		t.Errorf("listing requests %v, want one narrowed by id:1002", q)
	}
	for what, f := range refusals {
		emu.Fault("GET /api/v1/test_plans", f.Once())
		if p, err := c.TestPlan(ctx, 1002); err != nil || p.ID != 1002 {
			t.Errorf("narrowed query refused with %s: %+v, %v", what, p, err)
		}
	}
	if _, err := c.TestPlan(ctx, 4242); !IsNotFound(err) {
		t.Errorf("TestPlan(4242) err = %v, want not found", err)
	}
	if n := emu.Count("GET", "/api/v1/test_plans/{id}"); n != 0 {
		t.Errorf("GET /test_plans/{id} asked %d times", n)
	}
}
