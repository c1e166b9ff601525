package bodyparser

import (
	"fmt"
	"net/http"
	"strings"
)

// Error codes: Egg's where Egg has one (egg-validate's for 422s, raw-body's
// entity.too.large for 413), egg for Go's own otherwise.
const (
	CodeInvalidParam       = "invalid_param"          // 422: fields failed conversion or validation
	CodeMissingField       = "missing_field"          // a FieldError for a required field
	CodeInvalid            = "invalid"                // a FieldError for any other rule
	CodeInvalidJSON        = "invalid_json"           // 400: malformed JSON
	CodeInvalidForm        = "invalid_form"           // 400: malformed urlencoded body
	CodeInvalidQuery       = "invalid_query"          // 400: malformed query string
	CodeInvalidParams      = "invalid_params"         // 400: too many indexed form or query parameters
	CodeInvalidBody        = "invalid_body"           // 400: the body could not be read
	CodeInvalidContentType = "invalid_content_type"   // 400: malformed Content-Type
	CodeUnsupportedType    = "unsupported_media_type" // 415: a body type Bind does not parse
	CodeEntityTooLarge     = "entity.too.large"       // 413: over JSONLimit or FormLimit (Egg's raw-body code)
)

// MessageValidationFailed is the message of every 422 (egg-validate's).
const MessageValidationFailed = "Validation Failed"

// Error is a client error from Bind: its Status is always 4xx, and Code
// and Message are safe to show. Render it as
// {"code":Code,"message":Message,"errors":Fields}.
type Error struct {
	Status  int          // 400, 413, 415 or 422
	Code    string       // e.g. "invalid_param"
	Message string       // client-facing, e.g. "Validation Failed"
	Fields  []FieldError // the invalid fields of a 422, in struct order
	Err     error        // the underlying decoder or validator error, if any
}

// FieldError is one invalid field, in egg-validate's shape.
type FieldError struct {
	Message string `json:"message"` // e.g. "required", "should be at least 1"
	Field   string `json:"field"`   // JSON path, e.g. "name", "address.city", "items[0].sku"
	Code    string `json:"code"`    // "missing_field" or "invalid"
}

// Error implements error: "bodyparser: 422 invalid_param: Validation
// Failed (name: required; age: should be at least 1)".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "bodyparser: %d %s: %s", e.Status, e.Code, e.Message)
	for i, f := range e.Fields {
		if i == 0 {
			b.WriteString(" (")
		} else {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", f.Field, f.Message)
		if i == len(e.Fields)-1 {
			b.WriteString(")")
		}
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

func newError(status int, code, msg string, err error) *Error {
	return &Error{Status: status, Code: code, Message: msg, Err: err}
}

func validationFailed(fields []FieldError, err error) *Error {
	return &Error{Status: http.StatusUnprocessableEntity, Code: CodeInvalidParam, Message: MessageValidationFailed, Fields: fields, Err: err}
}
