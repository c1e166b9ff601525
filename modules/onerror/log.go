package onerror

import (
	"encoding/json"
	"errors"
	"log/slog"
	"strings"

	"github.com/egg-go/egg"
)

// logAttrs are the attributes of the warn line for a rejected request
// (a 4xx): its status and code, and the field errors in readable form
// when it has them (a 422) — their cause, the validator's own error
// ("Key: 'PostInput.title' Error:Field validation ..."), says the same
// thing less clearly, so it is left out. Any other 4xx logs its error.
func logAttrs(status int, err error) []any {
	attrs := []any{"status", status}
	var e *egg.Error
	if !errors.As(err, &e) {
		return append(attrs, "err", err)
	}
	if e.Code != "" {
		attrs = append(attrs, "code", e.Code)
	}
	if len(e.Errors) == 0 {
		return append(attrs, "err", err)
	}
	return append(attrs, "message", e.Message, slog.Any("errors", fieldErrors(e.Errors)))
}

// fieldErrors logs field errors as one readable line in text logs,
// "title (missing_field): required; age (invalid): should be at least 1",
// and as egg-validate's array of objects in JSON logs.
type fieldErrors []egg.FieldError

// MarshalText implements encoding.TextMarshaler, which text handlers use.
func (fs fieldErrors) MarshalText() ([]byte, error) {
	var b strings.Builder
	for i, f := range fs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(f.Field)
		if f.Code != "" {
			b.WriteString(" (" + f.Code + ")")
		}
		b.WriteString(": " + f.Message)
	}
	return []byte(b.String()), nil
}

// MarshalJSON implements json.Marshaler, which JSON handlers use.
func (fs fieldErrors) MarshalJSON() ([]byte, error) {
	return json.Marshal([]egg.FieldError(fs))
}
