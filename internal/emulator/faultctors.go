package emulator

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
)

// Status answers code with an error DTO, without running the handler.
func Status(code int) Fault { return Fault{Status: code} }

// StatusBody answers code with this Content-Type and body, without running the handler.
func StatusBody(code int, contentType, body string) Fault {
	return Fault{Status: code, ContentType: contentType, Body: body}
}

// After runs the real handler (a trigger DOES start its run), then answers code with an
// error DTO: the ambiguous failure, for any status.
func After(code int) Fault { return Fault{Status: code, AfterHandle: true} }

// GatewayMessage runs the real handler (a trigger DOES start its run), then answers
// status with {"message": "Internal server error"}, the body of a gateway or load
// balancer in front of the API, not Testsigma's error DTO: guess (api-evidence row 5,
// harm 4), for proofs that only the DTO's shape counts as a refusal.
func GatewayMessage(status int) Fault {
	return Fault{Status: status, AfterHandle: true, Body: `{"message": "Internal server error"}`}
}

// SpringDefaultError runs the real handler (a trigger DOES start its run), then answers
// status with Spring Boot's default error body {timestamp, status, error, path}, which a
// Spring gateway or an error outside Testsigma's own handler sends: guess. It has an
// `error` key, yet it is not Testsigma's error DTO.
func SpringDefaultError(status int) Fault {
	return Fault{Status: status, AfterHandle: true, ContentType: "application/json",
		Body: `{"timestamp":"2024-05-29T07:29:19.000+00:00","status":` + strconv.Itoa(status) + `,"error":"Internal Server Error","path":"/api/v1/execution_results"}`}
}

// Drop resets the connection without an answer, before the handler runs.
func Drop() Fault { return Fault{Drop: true} }

// DropAfter runs the real handler, then resets the connection without an answer.
func DropAfter() Fault { return Fault{Drop: true, AfterHandle: true} }

// forever is how long Hang(0) holds a request: until the client or the server gives up.
const forever = 365 * 24 * time.Hour

// Hang holds the request for d on the real clock (d <= 0: until the client or the server
// gives up, which resets it), then sends the real answer.
func Hang(d time.Duration) Fault {
	if d <= 0 {
		d = forever
	}
	return Fault{Delay: d}
}

// HangAfter runs the real handler, then holds its answer as Hang does.
func HangAfter(d time.Duration) Fault {
	f := Hang(d)
	f.AfterHandle = true
	return f
}

// Patched answers the real answer with fields (a JSON object) put in over its own.
func Patched(fields string) Fault { return Fault{Patch: fields} }

// Truncated sends the first half of the real answer with status 200.
func Truncated() Fault { return Fault{Truncate: true} }

// Malformed answers 200 with this literal body as application/json, without the handler.
func Malformed(body string) Fault { return Fault{Malformed: body, MalformedSet: true} }

// RateLimited answers 429 with an error DTO and this Retry-After ("" sends none).
func RateLimited(retryAfter string) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// EchoKey answers code with an error DTO and headers that repeat the request's API key,
// raw and JSON-escaped, at several depths of the body, for proofs that it is never shown.
func EchoKey(code int) Fault { return Fault{Status: code, EchoKey: true} }

// Next limits f to the next n matching requests (n <= 0: until ClearFaults).
func (f Fault) Next(n int) Fault {
	f.Times = max(n, 0)
	return f
}

// Once limits f to the next matching request.
func (f Fault) Once() Fault { return f.Next(1) }

// requestKey is the key as the client sent it, however it sent it.
func requestKey(r *http.Request) string {
	if k := r.Header.Get("X-TS-API-KEY"); k != "" {
		return k
	}
	auth := r.Header.Get("Authorization")
	if len(auth) > 7 && strings.EqualFold(auth[:7], "Bearer ") {
		return auth[7:]
	}
	return auth
}

// echoKeyBody places the key where a client that shows "the first N bytes" or one field
// of a body would leak it: in error and code, past 256 and 1024 bytes, at the end beyond
// 4096, and once with every character \u-escaped, which only a JSON decoder turns back.
func echoKeyBody(key string) string {
	b, _ := json.Marshal(key)
	raw := string(b[1 : len(b)-1])
	var esc strings.Builder
	for _, u := range utf16.Encode([]rune(key)) {
		fmt.Fprintf(&esc, `\u%04x`, u)
	}
	pad := func(n int) string { return strings.Repeat("-", n) }
	return `{"timeStamp":null,"error":"` + raw + ` is not a valid API key","code":"` + raw +
		`","fieldErrors":null,"objectErrors":null,"detail":"` + pad(256) + ` key ` + raw +
		`","trace":"` + pad(1024) + ` Bearer ` + raw + `","escaped":"` + esc.String() +
		`","tail":"` + pad(4096) + ` ` + raw + `"}`
}

func echoKeyHeaders(h http.Header, key string) {
	h.Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="`+key+` is not valid"`)
	h.Set("X-Echo-Api-Key", key)
}
