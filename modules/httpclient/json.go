package httpclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// StatusError is the error of a JSON helper whose response status is not
// 2xx. It keeps the start of the body, for the log and for callers that
// read an API's error shape.
type StatusError struct {
	Method string
	URL    string // redacted: no password
	Status int
	Header http.Header
	Body   []byte // at most the first 4 KiB
}

// Error names the call and the status, and quotes the body's start.
func (e *StatusError) Error() string {
	body := strings.TrimSpace(string(e.Body))
	if len(body) > 200 {
		body = body[:200] + "..."
	}
	if body == "" {
		return fmt.Sprintf("httpclient: %s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("httpclient: %s %s: %d %s: %s", e.Method, e.URL, e.Status, http.StatusText(e.Status), body)
}

// ErrResponseTooLarge is matched (errors.Is) when a JSON response is
// larger than Config.MaxResponseBytes.
var ErrResponseTooLarge = errors.New("httpclient: response body too large")

// NewJSONRequest returns a request whose body is v as JSON (none when v is
// nil; a json.RawMessage or []byte goes as is), with Content-Type and
// Accept set to application/json. The body can be replayed, so the request
// can be retried. Add headers, then send it with DoJSON.
func NewJSONRequest(ctx context.Context, method, url string, v any) (*http.Request, error) {
	var body io.Reader
	if v != nil {
		var b []byte
		switch raw := v.(type) {
		case json.RawMessage:
			b = raw
		case []byte:
			b = raw
		default:
			var err error
			if b, err = json.Marshal(v); err != nil {
				return nil, fmt.Errorf("httpclient: %s %s: the request body %T cannot be encoded as JSON: %w", method, url, v, err)
			}
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, fmt.Errorf("httpclient: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	if v != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// GetJSON GETs url and decodes the JSON response into out (Egg's
// curl(url, { dataType: 'json' })). A status that is not 2xx is a
// *StatusError. For retries, pass a context from WithRetry.
func (c *Client) GetJSON(ctx context.Context, url string, out any) error {
	return c.JSON(ctx, http.MethodGet, url, nil, out)
}

// JSON sends body as JSON (nil: no body) with method to url and decodes
// the JSON response into out (nil: the body is discarded). A status that
// is not 2xx is a *StatusError; an empty body or a 204 leaves out as it
// is.
func (c *Client) JSON(ctx context.Context, method, url string, body, out any) error {
	req, err := NewJSONRequest(ctx, method, url, body)
	if err != nil {
		return err
	}
	return c.DoJSON(req, out)
}

// DoJSON sends req and decodes the JSON response into out (nil: the body
// is discarded), reading at most Config.MaxResponseBytes. A status that is
// not 2xx is a *StatusError. Build req with NewJSONRequest to add headers.
func (c *Client) DoJSON(req *http.Request, out any) error {
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		head, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return &StatusError{Method: req.Method, URL: req.URL.Redacted(), Status: resp.StatusCode, Header: resp.Header, Body: head}
	}
	limit := c.cfg.MaxResponseBytes
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return fmt.Errorf("httpclient: %s %s: reading the response: %w", req.Method, req.URL.Redacted(), err)
	}
	if int64(len(b)) > limit {
		return fmt.Errorf("%w: %s %s sent more than %d bytes; raise MaxResponseBytes (HTTPCLIENT_MAX_RESPONSE_BYTES) if that is expected",
			ErrResponseTooLarge, req.Method, req.URL.Redacted(), limit)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent || len(bytes.TrimSpace(b)) == 0 {
		return nil
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("httpclient: %s %s: the response (%s) is not the JSON expected for %T: %w",
			req.Method, req.URL.Redacted(), resp.Header.Get("Content-Type"), out, err)
	}
	return nil
}
