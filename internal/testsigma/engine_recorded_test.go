package testsigma

import "testing"

// A run read back by its recorded id fits unless a field both sides show differs: an
// answer that lacks the plan or the build is not taken for another run.
func TestFits(t *testing.T) {
	t.Parallel()
	recorded := Run{ID: 7, TestPlanID: 1001, BuildNumber: "v1"}
	for _, tc := range []struct {
		name string
		rec  Run
		got  Run
		want bool
	}{
		{"same plan and build", recorded, Run{ID: 7, TestPlanID: 1001, BuildNumber: "v1"}, true},
		{"another plan", recorded, Run{ID: 7, TestPlanID: 2002, BuildNumber: "v1"}, false},
		{"another build", recorded, Run{ID: 7, TestPlanID: 1001, BuildNumber: "v2"}, false},
		{"the answer shows neither", recorded, Run{ID: 7}, true},
		{"the answer shows no build", recorded, Run{ID: 7, TestPlanID: 1001}, true},
		{"nothing recorded of the build", Run{ID: 7, TestPlanID: 1001}, Run{ID: 7, TestPlanID: 1001, BuildNumber: "v9"}, true},
		{"an import recorded no plan yet", Run{ID: 7}, Run{ID: 7, TestPlanID: 2002}, true},
	} {
		if got := Fits(tc.rec, tc.got); got != tc.want {
			t.Errorf("%s: Fits = %v, want %v", tc.name, got, tc.want)
		}
	}
}
