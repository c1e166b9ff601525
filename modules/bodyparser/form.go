package bodyparser

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/go-playground/form/v4"
)

// maxIndex bounds indexed parameters (items[99]), as Egg's qs arrayLimit
// does: a higher index is a 422, so a tiny request cannot allocate a huge
// slice.
const maxIndex = 100

// maxBracketGroups bounds the bracket groups ("[0]", "[key]") in all the
// parameter names of one request. The form decoder's work grows with the
// square of that number, so this keeps a crafted request cheap (a few
// milliseconds at the limit) while leaving room for 100 items of 10 fields.
const maxBracketGroups = 1000

// maxBrackets bounds the bracket groups in one parameter name (Egg's qs
// depth 5); names with more are ignored.
const maxBrackets = 5

func newFormDecoder() *form.Decoder {
	d := form.NewDecoder()
	d.SetMaxArraySize(maxIndex)
	d.RegisterTagNameFunc(jsonName)
	return d
}

// jsonName is a field's name as encoding/json sees it: its json tag name,
// "-" when ignored, or "" for the Go field name.
func jsonName(f reflect.StructField) string {
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "-"
	}
	name, _, _ := strings.Cut(tag, ",")
	return name
}

func (b *Binder) decodeFormBody(r *http.Request, v any) error {
	data, err := readBody(r, b.s.formLimit, formLimit)
	if err != nil {
		return err
	}
	values, err := url.ParseQuery(string(data))
	if err != nil {
		return newError(http.StatusBadRequest, CodeInvalidForm, "Problems parsing form: "+err.Error(), err)
	}
	return b.decodeValues(values, v)
}

// decodeValues decodes form or query values into v; a value that does not
// convert to its field's type is a 422.
func (b *Binder) decodeValues(values url.Values, v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bodyparser: decoding form values into %T panicked (check its field types): %v", v, p)
		}
	}()
	values, err = normalize(values)
	if err != nil {
		return err
	}
	err = b.form.Decode(v, values)
	if err == nil {
		return nil
	}
	var de form.DecodeErrors
	if !errors.As(err, &de) {
		return fmt.Errorf("bodyparser: decoding form values into %T: %w", v, err)
	}
	keys := make([]string, 0, len(de))
	for k := range de {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fields := make([]FieldError, len(keys))
	for i, k := range keys {
		fields[i] = FieldError{Field: k, Code: CodeInvalid, Message: conversionMessage(de[k])}
	}
	return validationFailed(fields, err)
}

// normalize turns "a[]" into "a" (so both a=1&a=2 and a[]=1&a[]=2 fill a
// slice) and drops names the form decoder cannot parse (unbalanced
// brackets, which it would panic on) or that nest deeper than maxBrackets.
// Such names match no field, so dropping them is ignoring them. More than
// maxBracketGroups bracket groups in all is a 400.
func normalize(values url.Values) (url.Values, error) {
	clean, groups := true, 0
	for k := range values {
		n, ok := brackets(k)
		if strings.HasSuffix(k, "[]") || !ok {
			clean = false
			break
		}
		groups += n
	}
	if clean {
		return values, checkGroups(groups)
	}
	groups = 0
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	sort.Strings(keys) // "a" before "a[]": a deterministic order of values
	out := make(url.Values, len(values))
	for _, k := range keys {
		name := k
		for strings.HasSuffix(name, "[]") {
			name = strings.TrimSuffix(name, "[]")
		}
		n, ok := brackets(name)
		if name == "" || !ok {
			continue
		}
		if _, seen := out[name]; !seen {
			groups += n
		}
		out[name] = append(out[name], values[k]...)
	}
	return out, checkGroups(groups)
}

func checkGroups(n int) error {
	if n <= maxBracketGroups {
		return nil
	}
	return newError(http.StatusBadRequest, CodeInvalidParams,
		fmt.Sprintf("too many indexed parameters: their names hold %d bracket groups like [0] or [key], the limit is %d", n, maxBracketGroups), nil)
}

// brackets counts the bracket groups in name and reports whether the form
// decoder can parse it: every "]" closes a "[", the last "[" is closed,
// and there are at most maxBrackets groups.
func brackets(name string) (groups int, ok bool) {
	inside := false
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case '[':
			inside = true
		case ']':
			if !inside {
				return groups, false
			}
			inside = false
			groups++
		}
	}
	return groups, !inside && groups <= maxBrackets
}

// conversionMessage rewords a form decoder error for clients.
func conversionMessage(err error) string {
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return "should be a time like 2006-01-02T15:04:05Z (RFC 3339)"
	}
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "Invalid Integer Value"):
		return "should be an integer"
	case strings.HasPrefix(msg, "Invalid Unsigned Integer Value"):
		return "should be a non-negative integer"
	case strings.HasPrefix(msg, "Invalid Float Value"):
		return "should be a number"
	case strings.HasPrefix(msg, "Invalid Boolean Value"):
		return "should be a boolean (true or false)"
	case strings.HasPrefix(msg, "Array size of"):
		return fmt.Sprintf("should have at most %d indexed items (index 0 to %d)", maxIndex, maxIndex-1)
	case strings.HasPrefix(msg, "invalid slice index"), strings.HasPrefix(msg, "invalid array index"):
		return "has an index that is not a number"
	case strings.HasPrefix(msg, "Unsupported Map Key"), strings.HasPrefix(msg, "Invalid"):
		return "has an invalid key"
	}
	return "is invalid"
}
