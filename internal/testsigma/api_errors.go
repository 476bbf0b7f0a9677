package testsigma

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode"
)

// APIError is any non-2xx answer. Message holds the server's own words when the body was the
// JSON error DTO; otherwise Snippet holds a short, printable piece of the raw body (401 bodies
// are plain text, gateways send HTML).
type APIError struct {
	Method     string
	Path       string
	StatusCode int
	Message    string
	Code       string
	Snippet    string
	RetryAfter time.Duration
	// DTO: the body was Testsigma's error shape (APIErrorDTO: `error` with its own keys, see
	// isErrorDTO); any other body's Message is shown but proves nothing.
	DTO bool
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Testsigma API answered %d %s to %s %s", e.StatusCode, http.StatusText(e.StatusCode), e.Method, fullPath(e.Path))
	switch {
	case e.Message != "":
		fmt.Fprintf(&b, ": %s", e.Message)
	case e.Snippet != "":
		fmt.Fprintf(&b, "; body starts with: %q", e.Snippet)
	}
	return b.String()
}

// Transient reports whether the same request may well succeed if sent again later.
func (e *APIError) transient() bool {
	switch e.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// transportError is a failure below HTTP: the connection, a timeout, a reset. Sent is false
// only when the request provably never reached the server (it was never fully written).
type transportError struct {
	Method, Path string
	Sent         bool
	Err          error
}

func (e *transportError) Error() string {
	return fmt.Sprintf("%s %s failed: %s", e.Method, fullPath(e.Path), describeTransport(e.Err))
}

func (e *transportError) Unwrap() error { return e.Err }

// decodeError is a 2xx answer whose body is not what the endpoint promises: empty, truncated,
// not JSON. It never carries a bare Go decoder message alone.
type decodeError struct {
	Method, Path string
	StatusCode   int
	Snippet      string
	Err          error
	foreign      bool // a well-formed answer about another run (see checkAnswer)
}

func (e *decodeError) Error() string {
	what := "a body that could not be read as JSON"
	switch {
	case e.foreign:
		what = "a well-formed body about another run"
	case e.Snippet == "":
		what = "an empty body"
	}
	msg := fmt.Sprintf("Testsigma API answered %d to %s %s with %s", e.StatusCode, e.Method, fullPath(e.Path), what)
	if e.Snippet != "" {
		msg += fmt.Sprintf(" (starts with %q)", e.Snippet)
	}
	return msg + fmt.Sprintf(": %v", e.Err)
}

func (e *decodeError) Unwrap() error { return e.Err }

// notFoundError is an item a listing was read for and did not have.
type notFoundError struct {
	What     string // e.g. "test plan"
	ID       int64
	Complete bool // the listing was read to its end; false: only as far as the provider reads
}

func (e *notFoundError) Error() string {
	if e.Complete {
		return fmt.Sprintf("the listing of %ss has no %s with id %d", e.What, e.What, e.ID)
	}
	return fmt.Sprintf("no %s with id %d among the first %d %ss of the listing (it is longer than the provider reads)", e.What, e.ID, maxListPages*listPageSize, e.What)
}

// IsNotFound reports a 404 from the API, or an item its listing does not have.
func IsNotFound(err error) bool {
	var nf *notFoundError
	return hasStatus(err, http.StatusNotFound) || errors.As(err, &nf)
}

// IsUnauthorized reports a rejected or missing API key (401) or a forbidden action (403).
func IsUnauthorized(err error) bool {
	return hasStatus(err, http.StatusUnauthorized) || hasStatus(err, http.StatusForbidden)
}

// IsCurrentlyRunning reports the API's refusal to start a plan that already has a run going.
// The server answers 500 for it, so the message is the only signal there is.
func IsCurrentlyRunning(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && strings.Contains(strings.ToLower(apiErr.Message+" "+apiErr.Code), "currently running")
}

// MayHaveBeenMade reports an answer to a create (a schedule, an environment) that does not
// say whether Testsigma made the object: the same rule as for a trigger (mayHaveStarted).
// Such a create is never sent again; only reads may follow.
func MayHaveBeenMade(err error) bool { return mayHaveStarted(err) }

func hasStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

// isTransient reports whether an error is worth retrying for an idempotent request.
func isTransient(err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.transient()
	}
	var tErr *transportError
	if errors.As(err, &tErr) {
		return !certificateError(tErr.Err)
	}
	var dErr *decodeError
	return errors.As(err, &dErr)
}

const snippetLimit = 200

// snippet turns an arbitrary body into a short, single-line, printable excerpt.
func snippet(body []byte) string { return cut(oneLine(body)) }

// cut shortens a line to snippetLimit bytes, on a character boundary.
func cut(s string) string {
	if len(s) > snippetLimit {
		s = strings.ToValidUTF8(s[:snippetLimit], "") + "…"
	}
	return s
}

// oneLine is text from the server on a single printable line (valid UTF-8, no control
// characters, whitespace runs collapsed), at full length.
func oneLine(body []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(body), "?"))
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case !unicode.IsPrint(r):
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
