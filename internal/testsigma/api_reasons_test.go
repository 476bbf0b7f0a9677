package testsigma

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

var stepRoute = regexp.MustCompile(`^/api/(v\d)(/test_runs/\d+/test_case_results/\d+/step_results)$`)

// stepsAt is an emulator whose step results answer only under version at ("" for none),
// 404 under the others, and a client of it; tried lists the versions asked, in order.
func stepsAt(t *testing.T, at string, plans ...emulator.Plan) (c *Client, tried func() []string) {
	t.Helper()
	clock := newFakeClock()
	emu := emulator.NewUnstarted(emulator.Options{APIKey: testKey, Clock: clock})
	for _, p := range plans {
		emu.AddPlan(p)
	}
	inner := emu.Handler()
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := stepRoute.FindStringSubmatch(r.URL.Path)
		if m == nil {
			inner.ServeHTTP(w, r)
			return
		}
		mu.Lock()
		asked = append(asked, m[1])
		mu.Unlock()
		if m[1] != at {
			http.Error(w, `{"error":"Not found"}`, http.StatusNotFound)
			return
		}
		serveFirstAnswer(w, r, inner, m[2])
	}))
	t.Cleanup(srv.Close)
	c, err := New(srv.URL, testKey, Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

// serveFirstAnswer is the emulator's step results, under whichever version it serves them
// (v1 before the emulator followed the docs, v2 after): the test decides the version seen.
func serveFirstAnswer(w http.ResponseWriter, r *http.Request, inner http.Handler, rest string) {
	var rec *httptest.ResponseRecorder
	for _, v := range []string{"/api/v2", "/api/v1", "/api/v3"} {
		rec = httptest.NewRecorder()
		r.URL.Path = v + rest
		inner.ServeHTTP(rec, r)
		if rec.Code != http.StatusNotFound {
			break
		}
	}
	for k, vs := range rec.Header() {
		w.Header()[k] = vs
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func twoFailures(id int64) emulator.Plan {
	return emulator.Plan{ID: id, Name: "Red", QueuedPolls: 1, RunningPolls: 1, Result: "FAILURE", Cases: []emulator.Case{
		{ID: 1, Name: "Pay", Result: "FAILURE", FailStep: "Click on Pay now", FailMessage: "Element is not displayed"},
		{ID: 2, Name: "Refund", Result: "FAILURE", FailStep: "Click on Pay now", FailMessage: "Element is not displayed"},
	}}
}

// Harm 12 (api-evidence.md row 57): step results are asked under v2 (the current docs) first,
// then v1, then v3, each on the 404 of the one before; the version that answered is asked
// first for the next case.
func TestHarm12_stepResultsTriedV2ThenV1ThenV3(t *testing.T) {
	for at, want := range map[string][]string{
		"v2": {"v2", "v2"},
		"v1": {"v2", "v1", "v1"},
		"v3": {"v2", "v1", "v3", "v3"},
	} {
		t.Run(at, func(t *testing.T) {
			c, tried := stepsAt(t, at, twoFailures(80))
			o, we, _ := triggerAndFollow(t, c, 80, Policy{})
			if we != nil {
				t.Fatal(we)
			}
			if o.ReasonsErr != nil || len(o.FailedCases) != 2 || o.FailedCases[1].Message != "Element is not displayed" || o.FailedCases[0].Step != "Click on Pay now" {
				t.Fatalf("reasons: %v, %+v", o.ReasonsErr, o.FailedCases)
			}
			if got := tried(); !slices.Equal(got, want) {
				t.Errorf("versions asked %v, want %v", got, want)
			}
		})
	}
}

// Harm 12: when none of the three answers, the reasons are missing (the provider warns
// "Cannot read why the tests failed") and the verdict stands.
func TestHarm12_noVersionAnswersLeavesTheVerdict(t *testing.T) {
	c, tried := stepsAt(t, "", twoFailures(81))
	o, we, _ := triggerAndFollow(t, c, 81, Policy{})
	if we != nil {
		t.Fatal(we)
	}
	if o.Passed || !IsNotFound(o.ReasonsErr) || len(o.FailedCases) != 2 || o.FailedCases[0].Message != "" {
		t.Fatalf("passed %v, reasons error %v, failed %+v", o.Passed, o.ReasonsErr, o.FailedCases)
	}
	if got := tried(); !slices.Equal(got[:3], []string{"v2", "v1", "v3"}) {
		t.Errorf("versions asked %v", got)
	}
}
