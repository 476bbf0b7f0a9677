package testsigma

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/testsigma/terraform-provider-testsigma/internal/emulator"
)

// buildNoAnywhere is a run's build number in any answer.
var buildNoAnywhere = regexp.MustCompile(`"buildNo":"[^"]*"`)

// A server that does not show the build number back: nothing read can tell this trigger's
// run from another's, so a lost answer names the run as a candidate, adopts nothing, and
// sends nothing again.
func TestTrigger_withoutADistinguishingMarkerNothingIsAdopted(t *testing.T) {
	emu, _, clock := newEmu(t, documented, Options{}, smoke, other)
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		emu.Handler().ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.Code)
		_, _ = w.Write(buildNoAnywhere.ReplaceAll(rec.Body.Bytes(), []byte(`"buildNo":null`)))
	}))
	t.Cleanup(front.Close)
	c := newClient(t, front.URL, Options{Clock: clock})
	emu.Fault(triggerRoute, emulator.After(502).Once())
	_, err := c.Trigger(context.Background(), TriggerRequest{TestPlanID: 20})
	var te *TriggerError
	if !errors.As(err, &te) || !te.MayHaveStarted || len(te.Found) != 1 || posts(emu) != 1 {
		t.Errorf("err %v, %d POSTs: want the run named as a candidate, not adopted, no retry", err, posts(emu))
	}
}
