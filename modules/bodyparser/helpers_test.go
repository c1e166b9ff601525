package bodyparser

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

type address struct {
	City string `json:"city" validate:"required"`
	Zip  string `json:"zip" validate:"omitempty,len=5,numeric"`
}

type item struct {
	SKU string `json:"sku" validate:"required"`
	Qty int    `json:"qty" validate:"min=1,max=99"`
}

// user is the struct most tests bind into.
type user struct {
	Name    string            `json:"name" validate:"required,max=10"`
	Age     int               `json:"age" validate:"gte=0,lte=150"`
	Level   int8              `json:"level"`
	Count   uint8             `json:"count"`
	Email   string            `json:"email,omitempty" validate:"omitempty,email"`
	Admin   *bool             `json:"admin"`
	Score   float64           `json:"score"`
	Role    string            `json:"role" validate:"omitempty,oneof=admin user guest"`
	Tags    []string          `json:"tags" validate:"max=3,dive,min=2"`
	Address *address          `json:"address"`
	Items   []item            `json:"items" validate:"dive"`
	Labels  map[string]string `json:"labels"`
	When    *time.Time        `json:"when"`
	Secret  string            `json:"-"`
	Note    string
}

// errBody renders err as its JSON response body, or "<nil>", or
// "plain: <text>" for an error that is not an *Error.
func errBody(err error) string {
	if err == nil {
		return "<nil>"
	}
	var e *Error
	if !errors.As(err, &e) {
		return "plain: " + err.Error()
	}
	b, _ := json.Marshal(struct {
		Status  int          `json:"status"`
		Code    string       `json:"code"`
		Message string       `json:"message"`
		Errors  []FieldError `json:"errors,omitempty"`
	}{e.Status, e.Code, e.Message, e.Fields})
	return string(b)
}

// status returns the Status of err's *Error, 0 for nil and -1 for a plain
// error.
func status(err error) int {
	if err == nil {
		return 0
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return -1
}

// invalid is the JSON of a 422 with the given field errors.
func invalid(fields ...string) string {
	return `{"status":422,"code":"invalid_param","message":"Validation Failed","errors":[` + strings.Join(fields, ",") + `]}`
}

func fe(field, code, msg string) string {
	b, _ := json.Marshal(FieldError{Message: msg, Field: field, Code: code})
	return string(b)
}

func missing(field string) string { return fe(field, CodeMissingField, "required") }

func bad(field, msg string) string { return fe(field, CodeInvalid, msg) }

func errJSON(status int, code, msg string) string {
	b, _ := json.Marshal(struct {
		Status  int    `json:"status"`
		Code    string `json:"code"`
		Message string `json:"message"`
	}{status, code, msg})
	return string(b)
}

func jsonReq(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func formReq(body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

// chunked hides a reader's length, so the request has ContentLength -1
// as a chunked request does.
type chunked struct{ io.Reader }

// failingReader fails after its data, like a client that disconnects.
type failingReader struct{ data string }

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func ptr[T any](v T) *T { return &v }

func mustBind(t *testing.T, b *Binder, r *http.Request, v any) {
	t.Helper()
	if err := b.Bind(r, v); err != nil {
		t.Fatalf("Bind: %s", errBody(err))
	}
}

func readCloser(r io.Reader) io.ReadCloser { return io.NopCloser(r) }

func reflectTypeOf[T any]() reflect.Type { return reflect.TypeFor[T]() }
