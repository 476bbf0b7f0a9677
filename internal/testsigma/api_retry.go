package testsigma

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const (
	retryBaseDelay     = 500 * time.Millisecond
	retryMaxDelay      = 10 * time.Second
	maxRetryAfterDelay = 60 * time.Second
)

// backoff is exponential with full jitter, or the server's Retry-After (capped) when given,
// plus a little jitter so a fan-out does not come back in lock step.
func backoff(attempt int, after time.Duration) time.Duration {
	if after > 0 {
		return min(after, maxRetryAfterDelay) + time.Duration(rand.Int64N(int64(250*time.Millisecond)))
	}
	ceiling := retryBaseDelay << min(attempt-1, 5)
	ceiling = min(ceiling, retryMaxDelay)
	return ceiling/2 + time.Duration(rand.Int64N(int64(ceiling/2)+1))
}

func retryAfter(err error) time.Duration {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.RetryAfter
	}
	return 0
}

// parseRetryAfter reads either delay-seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// certificateError: the server's certificate is not trusted. Trying again cannot help.
func certificateError(err error) bool {
	var verify *tls.CertificateVerificationError
	var authority x509.UnknownAuthorityError
	var host x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &verify) || errors.As(err, &authority) || errors.As(err, &host) || errors.As(err, &invalid)
}

// describeTransport puts a transport failure in words; the Go error follows in brackets.
func describeTransport(err error) string {
	var words string
	var netErr net.Error
	switch {
	case certificateError(err):
		words = "the server's TLS certificate is not trusted; for a Testsigma behind a private CA, point SSL_CERT_DIR (or SSL_CERT_FILE) at the CA's certificate, since the provider never turns verification off"
	case errors.Is(err, context.Canceled):
		words = "the operation was cancelled (interrupted)"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		words = "no answer before the request timed out"
	case errors.Is(err, syscall.ECONNREFUSED):
		words = "the connection was refused (is the base URL right and the service up?)"
	case errors.Is(err, syscall.ECONNRESET):
		words = "the connection was reset by the server"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		words = "the server closed the connection without a complete answer"
	default:
		var dnsErr *net.DNSError
		if errors.As(err, &dnsErr) {
			words = "the host name could not be resolved"
		}
	}
	if words == "" {
		return err.Error()
	}
	return words + " (" + err.Error() + ")"
}

// describeJSONError keeps decoder errors short and says where they happened.
func describeJSONError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.As(err, &syn) && strings.Contains(syn.Error(), "unexpected end of JSON input"):
		return errors.New("the JSON ends early (truncated answer)")
	case errors.As(err, &syn):
		return errors.New("invalid JSON at byte " + strconv.FormatInt(syn.Offset, 10) + ": " + syn.Error())
	case errors.As(err, &typ):
		return errors.New("field " + typ.Field + " holds a JSON " + typ.Value + " where the provider expects a " + typ.Type.String())
	}
	return err
}
