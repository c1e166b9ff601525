package egg

import (
	"errors"
	"strconv"
	"unicode/utf8"
)

// ClipLen is how many bytes of a client-controlled string (a path, a
// parameter, a header value, a field name) egg keeps when it logs or echoes
// one; see Clip.
const ClipLen = 512

// maxErrorText bounds an error's message and whole text when egg logs or
// renders it: room for a few clipped values and the words around them.
const maxErrorText = 2 * ClipLen

// Clip returns s when it is at most ClipLen bytes long; otherwise its
// first ClipLen bytes, cut at a UTF-8 boundary, and a marker with the
// original size: `aaaa…[clipped, 500000 bytes]`. Use it on every string a
// client controls before it goes into a log line or an error message, so
// one request cannot write megabytes into the logs or get them echoed
// back.
func Clip(s string) string { return clipTo(s, ClipLen) }

func clipTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > n-utf8.UTFMax+1 && !utf8.RuneStart(s[cut]) {
		cut-- // never split a rune (invalid UTF-8 is cut where it is)
	}
	if !utf8.RuneStart(s[cut]) {
		cut = n
	}
	return s[:cut] + "…[clipped, " + strconv.Itoa(len(s)) + " bytes]"
}

// clipError returns err unchanged, or, when its text or the *Error in it
// carries an over-long string, an error that reads the same with those
// strings clipped. errors.Is and errors.As still find everything in the
// original chain; errors.As(&*Error) finds the clipped copy first.
func clipError(err error) error {
	if e, ok := err.(*Error); ok && e.Err == nil && len(e.Code) <= ClipLen && !e.hasLongText() {
		return err // the common case (404, 405, a handler's own error) without building its text
	}
	var e *Error
	hasE := errors.As(err, &e)
	long := hasE && e.hasLongText()
	text := err.Error()
	if !long && len(text) <= maxErrorText {
		return err
	}
	out := &clippedError{text: clipTo(text, maxErrorText), err: err}
	if hasE {
		cp := *e
		cp.Message = clipTo(e.Message, maxErrorText)
		if len(e.Errors) > 0 {
			cp.Errors = make([]FieldError, len(e.Errors))
			for i, f := range e.Errors {
				cp.Errors[i] = FieldError{Message: Clip(f.Message), Field: Clip(f.Field), Code: Clip(f.Code)}
			}
		}
		cp.Err = nil // the original chain stays reachable through clippedError
		out.e = &cp
	}
	return out
}

func (e *Error) hasLongText() bool {
	if len(e.Message) > maxErrorText {
		return true
	}
	for _, f := range e.Errors {
		if len(f.Message) > ClipLen || len(f.Field) > ClipLen || len(f.Code) > ClipLen {
			return true
		}
	}
	return false
}

// clippedError is an error whose text egg clipped (see clipError).
type clippedError struct {
	text string
	e    *Error // the clipped copy of the *Error in err, if any
	err  error
}

func (c *clippedError) Error() string { return c.text }

// Unwrap returns the clipped *Error first, then the original error.
func (c *clippedError) Unwrap() []error {
	if c.e != nil {
		return []error{c.e, c.err}
	}
	return []error{c.err}
}
