package overridemethod

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/egg-go/egg"
)

// Code is the error code of the 400 for a refused override.
const Code = "invalid_method_override"

// Middleware routes overridden POSTs. Make it with New; it is safe for
// concurrent use.
type Middleware struct {
	header string // canonical, or ""
	field  string // or ""
	limit  int64
}

// New returns the middleware for cfg; it works under egg or around any
// http.Handler. A BodyLimit of 0 means DefaultLimit here (Module passes
// bodyparser's FormLimit instead). The error says which field is wrong.
func New(cfg Config) (*Middleware, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("overridemethod: %w", err)
	}
	m := &Middleware{field: cfg.Field, limit: cfg.BodyLimit}
	if cfg.Header != "" {
		m.header = http.CanonicalHeaderKey(cfg.Header)
	}
	if m.limit == 0 {
		m.limit = DefaultLimit
	}
	return m, nil
}

// Handler wraps next: a POST with an override reaches next as a copy of
// the request with the new method (the original is left as it was); a
// refused override is answered 400 here; everything else passes as it
// is.
func (m *Middleware) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			next.ServeHTTP(w, r)
			return
		}
		method, msg := m.method(r)
		switch {
		case msg != "":
			refuse(w, r, msg)
		case method == "":
			next.ServeHTTP(w, r)
		default:
			r2 := r.WithContext(r.Context())
			r2.Method = method
			next.ServeHTTP(w, r2)
		}
	})
}

// method returns the method a POST asks for ("" for none), or why the
// request is refused. The body field comes first, as in Egg.
func (m *Middleware) method(r *http.Request) (method, refused string) {
	if m.field != "" && isForm(r) {
		if values := m.readField(r); len(values) > 0 {
			if !same(values) {
				return "", fmt.Sprintf("the form field %s is given %d times with different values; send it once", m.field, len(values))
			}
			if values[0] != "" {
				return allowed(values[0], "form field "+m.field)
			}
		}
	}
	if m.header != "" {
		if values := r.Header[m.header]; len(values) > 0 {
			if !same(values) {
				return "", fmt.Sprintf("the %s header is given %d times with different values; send it once", m.header, len(values))
			}
			if values[0] != "" {
				return allowed(values[0], m.header+" header")
			}
		}
	}
	return "", ""
}

// allowed maps an asked-for method to PUT, PATCH or DELETE, or refuses it.
func allowed(v, source string) (method, refused string) {
	switch {
	case strings.EqualFold(v, http.MethodPut):
		return http.MethodPut, ""
	case strings.EqualFold(v, http.MethodPatch):
		return http.MethodPatch, ""
	case strings.EqualFold(v, http.MethodDelete):
		return http.MethodDelete, ""
	}
	if len(v) > 32 {
		v = v[:32] + "…"
	}
	return "", fmt.Sprintf("invalid override method %q (from the %s): a POST can be overridden to PUT, PATCH or DELETE only", v, source)
}

// same reports whether all values name one method (case aside).
func same(values []string) bool {
	for _, v := range values[1:] {
		if !strings.EqualFold(v, values[0]) {
			return false
		}
	}
	return true
}

// isForm reports whether the body is urlencoded (multipart is not read).
func isForm(r *http.Request) bool {
	ct := r.Header["Content-Type"]
	if len(ct) == 0 {
		return false
	}
	media, _, _ := strings.Cut(ct[0], ";")
	return strings.EqualFold(strings.TrimSpace(media), "application/x-www-form-urlencoded")
}

// refuse answers 400: under egg as an egg error, rendered like every
// other (onerror's JSON, HTML or text), else as plain text.
func refuse(w http.ResponseWriter, r *http.Request, msg string) {
	if egg.CtxFrom(r) == nil {
		http.Error(w, msg, http.StatusBadRequest)
		return
	}
	egg.HandlerFunc(func(*egg.Ctx) error {
		return &egg.Error{Status: http.StatusBadRequest, Code: Code, Message: msg}
	}).ServeHTTP(w, r)
}
