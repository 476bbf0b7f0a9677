package testsigma

// Fits says whether got, a run read back by the id a front door recorded, is still the run
// it recorded: the same plan and the same build. A field either side does not show is
// unknown, never a mismatch, as when a lost trigger answer is reconciled (matchField). A
// run that does not fit means the API key or base URL now point at another account, or
// ids were reused: the front door must keep what it recorded, never take that run for it.
func Fits(recorded, got Run) bool {
	plan := matchField(got.TestPlanID != 0 && recorded.TestPlanID != 0, got.TestPlanID == recorded.TestPlanID)
	build := matchField(got.BuildNumber != "" && recorded.BuildNumber != "", SameText(got.BuildNumber, recorded.BuildNumber))
	return min(plan, build) != notOurs
}
