package emulator

import (
	"context"
	"encoding/json"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"
)

type faultEntry struct {
	method, pattern string
	f               Fault
	left            int // remaining uses; 0 = unlimited
}

// Fault injects f on route ("METHOD /path/{id}"). Faults on one route queue up in the
// order added, so "two 503s, then a drop" is two calls with Times set.
func (s *Server) Fault(route string, f Fault) {
	method, pattern, ok := strings.Cut(strings.TrimSpace(route), " ")
	if !ok {
		method, pattern = "", route
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultEntry{method: method, pattern: strings.TrimSpace(pattern), f: f, left: f.Times})
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault consumes one use of the first fault matching the request. Caller holds mu.
func (s *Server) takeFault(method, path string) (Fault, bool) {
	for i, e := range s.faults {
		if (e.method != "" && e.method != method) || !matchPattern(e.pattern, path) {
			continue
		}
		if e.left > 0 {
			e.left--
			if e.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return e.f, true
	}
	return Fault{}, false
}

// misbehave applies f. rec is the real answer when the handler already ran. It reports
// whether the caller should carry on and send the real answer.
func (s *Server) misbehave(w http.ResponseWriter, r *http.Request, idx int, f Fault, rec *httptest.ResponseRecorder) bool {
	if f.Delay > 0 && !s.sleep(r.Context(), f.Delay) {
		// Returning would send an empty 200; a server shutting down resets instead.
		s.finish(idx, 0)
		drop(w)
		return false
	}
	ct := f.ContentType
	switch {
	case f.Drop:
		s.finish(idx, 0)
		drop(w)
	case f.Status != 0:
		body := f.Body
		switch {
		case f.EchoKey:
			key := requestKey(r)
			body = echoKeyBody(key)
			echoKeyHeaders(w.Header(), key)
		case body == "":
			body = errorJSON("Emulated fault", nil)
		}
		if ct == "" {
			ct = "application/json"
		}
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		s.write(w, idx, f.Status, ct, body)
	case f.MalformedSet:
		if ct == "" {
			ct = "application/json"
		}
		s.write(w, idx, http.StatusOK, ct, f.Malformed)
	case f.Patch != "" && rec != nil:
		s.write(w, idx, rec.Code, rec.Header().Get("Content-Type"), patched(rec.Body.Bytes(), f.Patch))
	case f.Truncate && rec != nil:
		b := rec.Body.Bytes()
		if ct == "" {
			ct = rec.Header().Get("Content-Type")
		}
		s.write(w, idx, http.StatusOK, ct, string(b[:len(b)/2]))
	default:
		return true
	}
	return false
}

func (s *Server) write(w http.ResponseWriter, idx, status int, ct, body string) {
	s.finish(idx, status)
	w.Header().Set("Content-Type", ct)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// sleep waits on the real clock; false when the client left or the server closed first.
func (s *Server) sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-s.done:
	}
	return false
}

// drop closes the connection with no answer; SO_LINGER 0 turns the close into a reset,
// which is what a dying proxy looks like to the client.
func drop(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler) // HTTP/2 or a recorder: let net/http abort the stream
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// patched is body with patch's top-level fields put in; body as it was when either is not
// a JSON object.
func patched(body []byte, patch string) string {
	var obj, add map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil || json.Unmarshal([]byte(patch), &add) != nil {
		return string(body)
	}
	maps.Copy(obj, add)
	out, _ := json.Marshal(obj)
	return string(out)
}
