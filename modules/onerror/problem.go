package onerror

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Problem is an error response to render.
type Problem struct {
	// Status is the HTTP status; below 200 or above 999 means 500.
	Status int
	// Code is an optional machine-readable code, e.g. "invalid_param";
	// omitted from JSON when empty.
	Code string
	// Message is the client-facing message as the app gave it; empty means
	// the status text. For a 5xx it is replaced by the status text outside
	// local and unittest.
	Message string
	// Errors holds validation details (usually a slice), rendered as
	// "errors" when non-nil. Dropped for a 5xx in production-like envs.
	Errors any
	// Props are extra top-level JSON fields (Egg's ctx.throw props). They
	// never override code, message, errors, name or stack, and are dropped
	// for a 5xx in production-like envs.
	Props map[string]any
	// Header holds extra response headers, e.g. Allow for a 405.
	Header http.Header
	// Err is the cause, shown (with its type) only in the local env.
	Err error
	// Stack is a panic's stack, shown only in the local env.
	Stack []byte
}

// StatusCode returns p.Status, or 500 when it is below 200 or above 999
// (Egg's rule for a missing or invalid status).
func (p Problem) StatusCode() int {
	if p.Status < 200 || p.Status > 999 {
		return http.StatusInternalServerError
	}
	return p.Status
}

// Production reports whether env is production-like: every env except
// "local" and "unittest" is (Egg's isProd).
func Production(env string) bool {
	return env != "local" && env != "unittest"
}

// statusText is http.StatusText with a fallback for unknown codes.
func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	if status >= 500 {
		return http.StatusText(http.StatusInternalServerError)
	}
	return "Error"
}

// message returns the client-facing message for status in env.
func (p Problem) message(status int, env string) string {
	if status >= 500 && Production(env) {
		return statusText(status)
	}
	if p.Message == "" {
		return statusText(status)
	}
	return p.Message
}

// devStack returns what the local env shows as the stack: the panic stack
// when there is one, else the chain of errors that led to Err.
func (p Problem) devStack() (s string) {
	defer func() {
		if recover() != nil {
			s = "<error chain unavailable: an Unwrap method panicked>"
		}
	}()
	if len(p.Stack) > 0 {
		return string(p.Stack)
	}
	if p.Err == nil {
		return ""
	}
	var b strings.Builder
	writeChain(&b, p.Err, 0)
	return strings.TrimSuffix(b.String(), "\n")
}

// maxChainDepth bounds writeChain against pathological Unwrap chains.
const maxChainDepth = 32

// writeChain writes err and its causes, one "type: text" line each,
// indenting the branches of joined errors.
func writeChain(b *strings.Builder, err error, depth int) {
	for ; err != nil && depth < maxChainDepth; depth++ {
		fmt.Fprintf(b, "%s%T: %s\n", strings.Repeat("  ", depth), err, safeError(err))
		if multi, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range multi.Unwrap() {
				writeChain(b, e, depth+1)
			}
			return
		}
		err = errors.Unwrap(err)
	}
}

// errName is the dev "name" field: the Go type of err.
func errName(err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("%T", err)
}

// safeError returns err.Error(), or a placeholder if that panics (a typed
// nil pointer, say), since rendering an error must never fail.
func safeError(err error) (s string) {
	defer func() {
		if recover() != nil {
			s = fmt.Sprintf("<%T: Error() panicked>", err)
		}
	}()
	return err.Error()
}
