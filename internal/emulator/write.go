package emulator

import (
	"encoding/json"
	"net/http"
)

// writeJSON sends a 200 JSON answer; errors go through writeError.
func writeJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // our own types always marshal
	}
	writeRaw(w, http.StatusOK, "application/json", string(b))
}

func writeError(w http.ResponseWriter, status int, msg string, code *string) {
	writeRaw(w, status, "application/json", errorJSON(msg, code))
}

// writeRaw with ct "" sends no Content-Type, like Spring's empty 400.
func writeRaw(w http.ResponseWriter, status int, ct, body string) {
	if ct != "" {
		w.Header().Set("Content-Type", ct)
	} else {
		w.Header()["Content-Type"] = nil // a nil value stops net/http sniffing one
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
