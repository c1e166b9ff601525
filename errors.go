package egg

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
)

// Error is an error with HTTP meaning: handlers return it (or wrap it) and
// the onerror module renders it. Create it with NewError or Ctx.Throw.
type Error struct {
	// Status is the HTTP status; 0 or a value below 200 means 500.
	Status int
	// Code is a machine-readable code, e.g. "invalid_param"; optional.
	Code string
	// Message is shown to the client for 4xx; for 5xx it is shown only in
	// local and unittest, as Egg's onerror does.
	Message string
	// Errors lists field errors (validation failures).
	Errors []FieldError
	// Props are extra fields in the JSON error body (Egg's ctx.throw
	// props).
	Props map[string]any
	// Header is set on the error response (e.g. Allow for a 405).
	Header http.Header
	// Err is the cause; logged, never shown to clients.
	Err error
}

// FieldError is one invalid field, in egg-validate's shape.
type FieldError struct {
	Message string `json:"message"`
	Field   string `json:"field"`
	Code    string `json:"code"`
}

// Validation error codes (egg-validate's).
const (
	CodeInvalidParam = "invalid_param"
	CodeMissingField = "missing_field"
	CodeInvalid      = "invalid"
)

// NewError returns an error that renders with the given status, code and
// message.
func NewError(status int, code, message string) *Error {
	return &Error{Status: status, Code: code, Message: message}
}

// ValidationFailed returns egg-validate's 422 error:
// {"code":"invalid_param","message":"Validation Failed","errors":[...]}.
func ValidationFailed(errs ...FieldError) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: CodeInvalidParam, Message: "Validation Failed", Errors: errs}
}

// Error implements error.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d", e.StatusCode())
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	for _, f := range e.Errors {
		fmt.Fprintf(&b, "; %s %s", f.Field, f.Message)
	}
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// StatusCode is Status, with anything missing or below 200 as 500 (Egg's
// rule).
func (e *Error) StatusCode() int {
	if e.Status < 200 || e.Status > 999 {
		return http.StatusInternalServerError
	}
	return e.Status
}

// Wrap sets the cause and returns e.
func (e *Error) Wrap(err error) *Error {
	e.Err = err
	return e
}

// Throw returns an error with the given status and message (Egg's
// ctx.throw). props are key/value pairs added to the JSON body:
//
//	return c.Throw(403, "nope", "code", "X") // {"code":"X","message":"nope"}
func (c *Ctx) Throw(status int, message string, props ...any) error {
	e := &Error{Status: status, Message: message}
	for i := 0; i+1 < len(props); i += 2 {
		k, ok := props[i].(string)
		if !ok {
			continue
		}
		if k == "code" {
			if s, ok := props[i+1].(string); ok {
				e.Code = s
				continue
			}
		}
		if e.Props == nil {
			e.Props = map[string]any{}
		}
		e.Props[k] = props[i+1]
	}
	if message == "" {
		e.Message = http.StatusText(e.StatusCode())
	}
	return e
}

// StatusOf returns the HTTP status an error renders with: the Status of
// an *Error in its chain, else 500.
func StatusOf(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode()
	}
	return http.StatusInternalServerError
}

// PanicError is a recovered panic from a handler or middleware.
type PanicError struct {
	Value any
	Stack []byte
}

// Error implements error.
func (p *PanicError) Error() string { return fmt.Sprintf("panic: %v", p.Value) }

// Unwrap returns the panic value when it is an error.
func (p *PanicError) Unwrap() error {
	err, _ := p.Value.(error)
	return err
}

func newPanicError(v any) *PanicError { return &PanicError{Value: v, Stack: debug.Stack()} }

// ErrorRenderer turns a request's error into a response. The onerror
// module provides one; without it egg answers with the status and its
// text.
type ErrorRenderer interface {
	RenderError(c *Ctx, err error)
}

// fail handles an error leaving a handler or middleware: the error event
// fires, and the first error of a request is rendered, if nothing was
// written yet. A stalled body (ErrBodyTimeout) renders as 408 and closes
// the connection; a request the shutdown cut off is answered 503 and
// logged at warn (see ErrShutdownCutOff); client-controlled text in the
// error is clipped (see Clip).
func (c *Ctx) fail(err error) {
	a := c.app
	cut := c.cutOff()
	switch {
	case errors.Is(err, ErrBodyTimeout):
		err = bodyTimeoutError(a.srv.bodyTimeout, err)
		c.w.Header()["Connection"] = connectionClose
	case cut && !errors.Is(err, ErrShutdownCutOff):
		err = fmt.Errorf("%w (%w)", err, ErrShutdownCutOff)
	}
	err = clipError(err)
	a.EmitError(err, c)
	first := c.err == nil
	if first {
		c.err = err
	}
	if cut && first {
		c.answerCutOff(err)
		return
	}
	if !first || c.rw.written() {
		a.log.core.Warn("error after the response was sent", c.reqAttr(), "err", err)
		return
	}
	a.renderer.RenderError(c, err)
}

// plainRenderer is the renderer without the onerror module: the status
// and its text (an *Error's own message for a 4xx), 5xx logged.
type plainRenderer struct{}

func (plainRenderer) RenderError(c *Ctx, err error) {
	status, msg := http.StatusInternalServerError, ""
	var e *Error
	if errors.As(err, &e) {
		status = e.StatusCode()
		for k, v := range e.Header {
			c.w.Header()[k] = v
		}
		if status < 500 {
			msg = e.Message
		}
	}
	if status >= 500 {
		c.app.log.core.Error("request failed", c.reqAttr(), "status", status, "err", err)
	}
	if msg == "" {
		msg = http.StatusText(status)
	}
	_ = c.Text(status, msg)
}

// RenderedError returns the error rendered for this request, if any.
func (c *Ctx) RenderedError() error { return c.err }
