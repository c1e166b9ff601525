package bodyparser

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
)

func (b *Binder) decodeJSONBody(r *http.Request, v any) error {
	data, err := readBody(r, b.s.jsonLimit, jsonLimit)
	if err != nil {
		return err
	}
	return b.decodeJSON(data, v)
}

var utf8BOM = []byte("\xef\xbb\xbf")

// decodeJSON unmarshals data into v: an empty body counts as {}, Strict
// wants an object or array, and errors become 400s and 422s.
func (b *Binder) decodeJSON(data []byte, v any) error {
	data = bytes.TrimPrefix(data, utf8BOM)
	// The first byte after JSON white space (a loop: bytes.TrimLeft
	// builds its byte set on every call).
	i := 0
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	if i == len(data) {
		return nil
	}
	if b.s.strict && data[i] != '{' && data[i] != '[' {
		return newError(http.StatusBadRequest, CodeInvalidJSON,
			"Problems parsing JSON: the body must be a JSON object or array (bodyparser Strict)", nil)
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return newError(http.StatusBadRequest, CodeInvalidJSON,
			fmt.Sprintf("Problems parsing JSON: %s at byte %d", syn.Error(), syn.Offset), err)
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) {
		field := ute.Field
		if p, ok := jsonPath(data, ute.Offset); ok {
			field = p
		}
		if field == "" {
			return newError(http.StatusBadRequest, CodeInvalidJSON,
				fmt.Sprintf("Problems parsing JSON: the body should be an object, not %s", article(ute.Value)), err)
		}
		return validationFailed([]FieldError{{Field: field, Code: CodeInvalid, Message: typeMessage(ute)}}, err)
	}
	// A field's own UnmarshalJSON failed (a malformed time, say).
	return newError(http.StatusBadRequest, CodeInvalidJSON, "Problems parsing JSON: "+err.Error(), err)
}

// article turns a JSON kind from an UnmarshalTypeError ("array", "number
// 1.5") into "an array", "a number".
func article(value string) string {
	kind, _, _ := strings.Cut(value, " ")
	switch kind {
	case "array", "object":
		return "an " + kind
	}
	return "a " + kind
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// typeMessage says what JSON the field expected: "should be a number".
func typeMessage(e *json.UnmarshalTypeError) string {
	t := e.Type
	if t == nil {
		return "has the wrong type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return "should be a string"
	}
	// "number 300" for an int8 is a number out of range, "number 1.5" a
	// fraction.
	num, isNum := strings.CutPrefix(e.Value, "number ")
	integral := isNum && !strings.ContainsAny(num, ".eE")
	switch t.Kind() {
	case reflect.String:
		return "should be a string"
	case reflect.Bool:
		return "should be a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if integral {
			bits := t.Bits()
			return fmt.Sprintf("should be an integer from %d to %d", int64(-1)<<(bits-1), int64(1)<<(bits-1)-1)
		}
		return "should be an integer"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if integral {
			return "should be an integer from 0 to " + strconv.FormatUint(math.MaxUint64>>(64-t.Bits()), 10)
		}
		return "should be a non-negative integer"
	case reflect.Float32, reflect.Float64:
		return "should be a number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "should be a base64 string"
		}
		return "should be an array"
	case reflect.Array:
		return "should be an array"
	case reflect.Map, reflect.Struct:
		return "should be an object"
	}
	return "has the wrong type"
}

// jsonPath finds the path of the value that ends (scalars) or opens
// (arrays, objects) at offset in data, e.g. "items[0].name": the path of
// an UnmarshalTypeError, with the array indices encoding/json leaves out.
func jsonPath(data []byte, offset int64) (string, bool) {
	type frame struct {
		array   bool
		next    int // index of the next array element
		cur     int // index of the current array element
		key     string
		wantKey bool
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		n := len(stack)
		if d, ok := tok.(json.Delim); ok && (d == '}' || d == ']') {
			if n == 0 {
				return "", false
			}
			stack = stack[:n-1]
			continue
		}
		if n > 0 && !stack[n-1].array && stack[n-1].wantKey {
			stack[n-1].key, _ = tok.(string)
			stack[n-1].wantKey = false
			continue
		}
		// tok starts a value.
		if n > 0 {
			if f := &stack[n-1]; f.array {
				f.cur = f.next
				f.next++
			} else {
				f.wantKey = true
			}
		}
		if dec.InputOffset() >= offset {
			var b strings.Builder
			for _, f := range stack {
				if f.array {
					fmt.Fprintf(&b, "[%d]", f.cur)
					continue
				}
				if b.Len() > 0 {
					b.WriteByte('.')
				}
				b.WriteString(f.key)
			}
			return b.String(), true
		}
		if d, ok := tok.(json.Delim); ok {
			stack = append(stack, frame{array: d == '[', wantKey: d == '{'})
		}
	}
}
