package bodyparser

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/form/v4"
	"github.com/go-playground/validator/v10"
)

// Binder decodes requests into structs and validates them. Build one with
// New (the zero Binder is not usable) and share it: it is safe for
// concurrent use, and caches what it learns about each struct type.
type Binder struct {
	s     settings
	form  *form.Decoder
	valid *validator.Validate
	plans sync.Map // reflect.Type of a bound struct → *urlPlan
}

// New returns a Binder for cfg. Zero limits and a nil EnableTypes take
// their defaults and unknown types are ignored; call cfg.Validate first to
// reject them instead.
func New(cfg Config) *Binder {
	return &Binder{s: newSettings(cfg), form: newFormDecoder(), valid: newValidator()}
}

// Bind decodes r into v, a non-nil pointer to a struct, and validates it
// with its `validate:"..."` tags.
//
// A request without a body (no Content-Length and no Transfer-Encoding on
// GET, HEAD, DELETE and OPTIONS; an empty body without Content-Type on any
// method) is decoded from its query string; otherwise the body is decoded
// by its Content-Type: JSON (application/json, */*+json) or an urlencoded
// form, as enabled in the Config. Field names are the `json` tag names in
// every case.
//
// Then fields tagged `query:"name"` are set from the query string and
// fields tagged `param:"name"` from the path parameters (r.PathValue), in
// that order, so that a later source wins over the body: a path
// parameter names the resource (PUT /posts/3 updates post 3 whatever id
// the body holds). A parameter that is absent or empty leaves its field
// as the body set it (an empty query value still sets a string). Such a
// field may be a string, bool, integer, float, encoding.TextUnmarshaler
// (time.Time takes RFC 3339), a pointer to one, or for a query parameter
// a slice of one, filled from every value (page=1&page=2, or tag[]=a).
// What Bind learns of a struct type is cached, so the tags are read once.
//
// Every error caused by the request is an *Error with a 4xx Status: 400
// for malformed input or a path or query parameter that does not convert
// ("path parameter post_id must be an integer, got \"x\""), 413 for a
// body over the limit, 415 for an unsupported Content-Type and 422
// (egg-validate's "Validation Failed") for fields of the wrong type or
// failing validation. Any other error is the caller's bug (v is not a
// pointer to a struct, or its tags are invalid) and should become a 500.
func (b *Binder) Bind(r *http.Request, v any) error {
	return b.bind(r, v, nil)
}

// bind is Bind with path parameters from param (r.PathValue when nil).
// param is only called, never stored, so that a method value such as
// egg's c.Param stays on the caller's stack (go build -gcflags=-m:
// "c.Param does not escape"); keep it out of urlValues, whose contents
// escape.
func (b *Binder) bind(r *http.Request, v any, param func(string) string) error {
	if err := checkTarget("Bind", v); err != nil {
		return err
	}
	if r == nil {
		return errors.New("bodyparser: Bind needs a request, got nil")
	}
	plan := b.planFor(reflect.TypeOf(v).Elem())
	if plan.err != nil {
		return plan.err
	}
	if param == nil {
		param = r.PathValue
	}
	u := &urlValues{r: r}
	if err := b.decode(r, v, u); err != nil {
		return err
	}
	if err := plan.fill(reflect.ValueOf(v).Elem(), u, param); err != nil {
		return err
	}
	return b.validate(v)
}

// decode fills v from r's body, or from its query string when it has
// none.
func (b *Binder) decode(r *http.Request, v any, u *urlValues) error {
	if !hasBody(r) {
		return b.decodeQuery(v, u)
	}
	ct := headerValue(r.Header, "Content-Type")
	if ct == "" {
		empty, err := bodyEmpty(r)
		if err != nil {
			return err
		}
		if empty {
			return b.decodeQuery(v, u)
		}
		return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
			"the request has a body but no Content-Type; send "+b.accepted(), nil)
	}
	parsed, err := parseContentType(ct)
	mt := parsed.media
	if err != nil && !errors.Is(err, mime.ErrInvalidMediaParameter) {
		return newError(http.StatusBadRequest, CodeInvalidContentType,
			fmt.Sprintf("malformed Content-Type %q: %v; send %s", truncate(ct, 100), err, b.accepted()), err)
	}
	if typ, sub, _ := strings.Cut(mt, "/"); typ == "" || sub == "" {
		return newError(http.StatusBadRequest, CodeInvalidContentType,
			fmt.Sprintf("malformed Content-Type %q: want type/subtype; send %s", truncate(ct, 100), b.accepted()), nil)
	}
	if enc := contentEncoding(r); enc != "" {
		return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
			fmt.Sprintf("compressed request bodies (Content-Encoding %q) are not supported; send the body uncompressed", truncate(enc, 50)), nil)
	}
	switch {
	case b.s.json && isJSONType(mt):
		if err := checkCharset(parsed); err != nil {
			return err
		}
		return b.decodeJSONBody(r, v)
	case b.s.form && mt == "application/x-www-form-urlencoded":
		if err := checkCharset(parsed); err != nil {
			return err
		}
		return b.decodeFormBody(r, v)
	case mt == "multipart/form-data":
		return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
			"multipart/form-data bodies are not supported here; send "+b.accepted(), nil)
	}
	return newError(http.StatusUnsupportedMediaType, CodeUnsupportedType,
		fmt.Sprintf("unsupported content type %s; send %s", truncate(mt, 100), b.accepted()), nil)
}

// BindQuery decodes r's query string into v, a non-nil pointer to a
// struct, sets its query- and param-tagged fields as Bind does, and
// validates it, whatever the request's body. Errors are as for Bind.
func (b *Binder) BindQuery(r *http.Request, v any) error {
	if err := checkTarget("BindQuery", v); err != nil {
		return err
	}
	if r == nil {
		return errors.New("bodyparser: BindQuery needs a request, got nil")
	}
	plan := b.planFor(reflect.TypeOf(v).Elem())
	if plan.err != nil {
		return plan.err
	}
	u := &urlValues{r: r}
	if err := b.decodeQuery(v, u); err != nil {
		return err
	}
	if err := plan.fill(reflect.ValueOf(v).Elem(), u, r.PathValue); err != nil {
		return err
	}
	return b.validate(v)
}

// Validate checks v, a non-nil pointer to a struct, against its
// `validate:"..."` tags: nil, or a 422 *Error listing the failed fields.
func (b *Binder) Validate(v any) error {
	if err := checkTarget("Validate", v); err != nil {
		return err
	}
	return b.validate(v)
}

// decodeQuery decodes the query string into v by json names.
func (b *Binder) decodeQuery(v any, u *urlValues) error {
	values, err := u.queryValues()
	if err != nil {
		return err
	}
	return b.decodeValues(values, v)
}

// checkTarget reports a programmer error unless v is a non-nil pointer to
// a struct.
func checkTarget(method string, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("bodyparser: %s needs a non-nil pointer to a struct, got %T", method, v)
	}
	return nil
}

// hasBody reports whether r may carry a body to decode.
func hasBody(r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return false
	}
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
		return true
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodDelete, http.MethodOptions:
		return false
	}
	return headerValue(r.Header, "Content-Type") != ""
}

// accepted lists the enabled body types for error messages.
func (b *Binder) accepted() string {
	switch {
	case b.s.json && b.s.form:
		return "application/json or application/x-www-form-urlencoded"
	case b.s.json:
		return "application/json"
	case b.s.form:
		return "application/x-www-form-urlencoded"
	}
	return "no body (request bodies are disabled: bodyparser EnableTypes is empty)"
}

// truncate shortens client-supplied text echoed in messages.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}
