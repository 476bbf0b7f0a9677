package testsigma

import (
	"context"
	"strings"
	"testing"
)

// D16 (a) (R58): an answer about another run is named as such, not "an empty body".
func TestD16a_foreignAnswerIsNotCalledEmpty(t *testing.T) {
	srv := newScriptServer(t, jsonStep(runJSON(1, "STATUS_COMPLETED", "SUCCESS")))
	c := newClient(t, srv.URL, Options{MaxAttempts: 1})
	_, err := c.GetRun(context.Background(), 5002)
	if err == nil || strings.Contains(err.Error(), "empty body") || !strings.Contains(err.Error(), "about another run") || !strings.Contains(err.Error(), "run 1, not run 5002") {
		t.Fatalf("err = %v", err)
	}
}
