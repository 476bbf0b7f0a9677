package testsigma

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// retryMode says which failures a call may be sent again after.
type retryMode int

const (
	// retryNever: one attempt.
	retryNever retryMode = iota
	// retryIdempotent: transport errors, 429/502/503/504 and unreadable 2xx bodies.
	retryIdempotent
	// retryUnsent: only when the server provably started nothing: the request never left
	// this process, or the server answered 429 or 503. Used for the trigger POST.
	retryUnsent
)

type call struct {
	method string
	path   string // below /api/v1
	body   any
	out    any                                   // JSON target; nil = ignore the body
	raw    func(contentType string, body []byte) // instead of out: hand over the raw body
	accept string
	retry  retryMode
}

func (c *Client) do(ctx context.Context, cl call) error {
	var err error
	for attempt := 1; ; attempt++ {
		if lerr := c.limit(ctx, cl); lerr != nil {
			if err != nil {
				return err
			}
			return &transportError{Method: cl.method, Path: cl.path, Err: lerr}
		}
		err = c.once(ctx, cl, attempt)
		if err == nil || attempt >= c.opts.MaxAttempts || !retryable(cl.retry, err) || ctx.Err() != nil {
			return err
		}
		wait := backoff(attempt, retryAfter(err))
		if dl, ok := ctx.Deadline(); ok && c.opts.Clock.Now().Add(wait).After(dl) {
			return err
		}
		if serr := sleep(ctx, c.opts.Clock, wait); serr != nil {
			return err
		}
	}
}

func retryable(mode retryMode, err error) bool {
	switch mode {
	case retryIdempotent:
		return isTransient(err)
	case retryUnsent:
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			// 429 is the one answer that says nothing was done; a 503 may come from a proxy
			// after the server made the run.
			return apiErr.StatusCode == http.StatusTooManyRequests
		}
		var tErr *transportError
		return errors.As(err, &tErr) && !tErr.Sent
	}
	return false
}

// once sends one attempt of the call and reads its whole answer.
func (c *Client) once(ctx context.Context, cl call, attempt int) error {
	rctx, cancel := context.WithTimeout(ctx, c.opts.RequestTimeout)
	defer cancel()
	var wrote atomic.Bool
	rctx = httptrace.WithClientTrace(rctx, &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				wrote.Store(true)
			}
		},
	})
	req, err := c.newRequest(rctx, cl)
	if err != nil {
		return err
	}

	start := time.Now()
	resp, err := c.http.Do(req)
	var rErr *redirectError
	if errors.As(err, &rErr) {
		c.log(ctx, cl, attempt, 0, start, err)
		// The Location may carry the key (an SSO page's ?api_key=...), or a write-only value.
		return &redirectError{Method: rErr.Method, Path: rErr.Path, Location: c.redact(ctx, rErr.Location), Downgrade: rErr.Downgrade}
	}
	if err != nil {
		c.log(ctx, cl, attempt, 0, start, err)
		return &transportError{Method: cl.method, Path: cl.path, Sent: wrote.Load(), Err: c.redactErr(ctx, err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBodyBytes+1))
	c.log(ctx, cl, attempt, resp.StatusCode, start, err)
	if err != nil {
		return &transportError{Method: cl.method, Path: cl.path, Sent: true, Err: fmt.Errorf("reading the %d answer: %w", resp.StatusCode, c.redactErr(ctx, err))}
	}
	return c.answer(ctx, cl, resp, body)
}

// newRequest builds the call's request: its JSON body, the key, and what it accepts.
func (c *Client) newRequest(ctx context.Context, cl call) (*http.Request, error) {
	var payload io.Reader
	if cl.body != nil {
		b, err := json.Marshal(cl.body)
		if err != nil {
			return nil, fmt.Errorf("encoding the %s %s request: %w", cl.method, cl.path, err)
		}
		payload = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, cl.method, c.BaseURL()+fullPath(cl.path), payload)
	if err != nil {
		return nil, fmt.Errorf("building the %s %s request: %w", cl.method, cl.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("User-Agent", c.uaText)
	req.Header.Set("Accept", "application/json")
	if cl.accept != "" {
		req.Header.Set("Accept", cl.accept)
	}
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// answer turns a whole answer into the call's result: an error for a status outside 2xx or
// a body too large or unreadable, else the body handed over or decoded (and vetted).
func (c *Client) answer(ctx context.Context, cl call, resp *http.Response, body []byte) error {
	if len(body) > maxBodyBytes {
		return &decodeError{Method: cl.method, Path: cl.path, StatusCode: resp.StatusCode, Snippet: c.snippet(ctx, body[:64]), Err: fmt.Errorf("the body is larger than the %d MiB the provider reads", maxBodyBytes>>20)}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return c.apiError(ctx, cl, resp, body)
	}
	if cl.raw != nil {
		cl.raw(resp.Header.Get("Content-Type"), body)
		return nil
	}
	if cl.out == nil {
		return nil
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return &decodeError{Method: cl.method, Path: cl.path, StatusCode: resp.StatusCode, Err: errors.New("expected a JSON document")}
	}
	if err := json.Unmarshal(body, cl.out); err != nil {
		return &decodeError{Method: cl.method, Path: cl.path, StatusCode: resp.StatusCode, Snippet: c.snippet(ctx, body), Err: c.redactErr(ctx, describeJSONError(err))}
	}
	if v, ok := cl.out.(vetted); ok {
		v.vet(ctx, c)
	}
	return nil
}

// apiError keeps the server's own message when the body has one, otherwise a snippet. DTO
// is set only for Testsigma's own error shape (see isErrorDTO).
func (c *Client) apiError(ctx context.Context, cl call, resp *http.Response, body []byte) error {
	e := &APIError{Method: cl.method, Path: cl.path, StatusCode: resp.StatusCode, RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())}
	var dto struct {
		Error   *string         `json:"error"`
		Message *string         `json:"message"`
		Code    json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body, &dto) == nil && (dto.Error != nil || dto.Message != nil) {
		if dto.Error != nil {
			e.DTO = isErrorDTO(body)
			e.Message = c.redact(ctx, oneLine([]byte(*dto.Error)))
		} else {
			e.Message = c.redact(ctx, oneLine([]byte(*dto.Message)))
		}
		var code string
		if json.Unmarshal(dto.Code, &code) == nil {
			e.Code = c.redact(ctx, code)
		}
	}
	if e.Message == "" {
		e.Snippet = c.snippet(ctx, body)
	}
	return e
}

// isErrorDTO recognises Testsigma's APIErrorDTO {timeStamp, error, code, fieldErrors,
// objectErrors} by its own keys. Spring Boot's default error body {timestamp, status,
// error, path}, which a gateway or an error outside Testsigma's handler sends, has `error`
// too but proves no refusal: a run may have been made.
func isErrorDTO(body []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) != nil {
		return false
	}
	if _, ok := keys["path"]; ok {
		return false
	}
	if _, ok := keys["status"]; ok {
		return false
	}
	for _, k := range []string{"timeStamp", "code", "fieldErrors", "objectErrors"} {
		if _, ok := keys[k]; ok {
			return true
		}
	}
	return false
}

func (c *Client) log(ctx context.Context, cl call, attempt, status int, start time.Time, err error) {
	if c.opts.Logger == nil {
		return
	}
	fields := map[string]any{"method": cl.method, "path": cl.path, "attempt": attempt, "elapsed_ms": time.Since(start).Milliseconds()}
	if status != 0 {
		fields["status"] = status
	}
	if err != nil {
		fields["error"] = c.redact(ctx, describeTransport(err))
	}
	c.opts.Logger.Debug(ctx, "Testsigma API request", fields)
}

func (c *Client) redactErr(ctx context.Context, err error) error {
	if msg := err.Error(); c.redact(ctx, msg) != msg {
		return errors.New(c.redact(ctx, msg))
	}
	return err
}
