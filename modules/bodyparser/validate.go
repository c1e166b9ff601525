package bodyparser

import (
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/go-playground/validator/v10"
)

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(fieldName)
	return v
}

// fieldName is a field's name in field errors: its json name, else the
// name of its query or param tag (a field filled only from the URL is
// named as the client wrote it), else "" for the Go field name.
func fieldName(f reflect.StructField) string {
	if n := jsonName(f); n != "" && n != "-" {
		return n
	}
	for _, tag := range [...]string{tagQuery, tagParam} {
		if n := f.Tag.Get(tag); n != "" && n != "-" {
			return n
		}
	}
	return ""
}

// validate runs v's validate tags: nil, a 422 *Error, or (for invalid
// tags, a programmer error) a plain error.
func (b *Binder) validate(v any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("bodyparser: validating %T panicked (check its validate tags): %v", v, p)
		}
	}()
	verr := b.valid.Struct(v)
	if verr == nil {
		return nil
	}
	var ves validator.ValidationErrors
	if !errors.As(verr, &ves) {
		return fmt.Errorf("bodyparser: validating %T: %w", v, verr)
	}
	root := reflect.TypeOf(v).Elem()
	fields := make([]FieldError, len(ves))
	for i, fe := range ves {
		code, msg := ruleMessage(fe)
		fields[i] = FieldError{Field: fieldPath(root, fe.Namespace()), Code: code, Message: msg}
	}
	return validationFailed(fields, verr)
}

// fieldPath turns a validator namespace ("user.address.city") into the
// field's JSON path: without the root struct's name, and without embedded
// structs that encoding/json flattens ("user.Base.id" is "id"). Slices and
// maps keep their brackets: "items[0].sku", "labels[env]".
func fieldPath(root reflect.Type, ns string) string {
	if name := root.Name(); name != "" {
		ns = strings.TrimPrefix(ns, name+".")
	}
	var out strings.Builder
	t := root
	for ns != "" {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Struct:
			name := ns
			if i := strings.IndexAny(ns, ".["); i >= 0 {
				name = ns[:i]
			}
			f, ok := fieldByName(t, name)
			if !ok {
				return joinPath(&out, ns)
			}
			if !f.Anonymous || jsonName(f) != "" {
				joinPath(&out, name)
			}
			ns = strings.TrimPrefix(ns[len(name):], ".")
			t = f.Type
		case reflect.Slice, reflect.Array, reflect.Map:
			end := closingBracket(ns)
			if end < 0 {
				return joinPath(&out, ns)
			}
			out.WriteString(ns[:end+1])
			ns = strings.TrimPrefix(ns[end+1:], ".")
			t = t.Elem()
		default:
			return joinPath(&out, ns)
		}
	}
	return out.String()
}

// joinPath appends a dotted segment to out and returns out's text.
func joinPath(out *strings.Builder, seg string) string {
	if out.Len() > 0 && seg != "" && seg[0] != '[' {
		out.WriteByte('.')
	}
	out.WriteString(seg)
	return out.String()
}

// closingBracket finds the "]" that ends the "[...]" ns starts with: the
// first one followed by ".", "[" or the end (a map key may hold "]").
func closingBracket(ns string) int {
	if !strings.HasPrefix(ns, "[") {
		return -1
	}
	for i := 1; i < len(ns); i++ {
		if ns[i] == ']' && (i+1 == len(ns) || ns[i+1] == '.' || ns[i+1] == '[') {
			return i
		}
	}
	return -1
}

// fieldByName finds the field of struct t that validator names name (see
// fieldName).
func fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		n := fieldName(f)
		if n == "" {
			n = f.Name
		}
		if n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// ruleMessage returns egg-validate's code and a short message for a
// failed rule.
func ruleMessage(fe validator.FieldError) (code, msg string) {
	tag, p := fe.ActualTag(), fe.Param()
	if strings.HasPrefix(tag, "required") {
		return CodeMissingField, "required"
	}
	var length string
	switch fe.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		length = "length "
	}
	switch tag {
	case "min", "gte":
		msg = length + "should be at least " + p
	case "max", "lte":
		msg = length + "should be at most " + p
	case "gt":
		msg = length + "should be greater than " + p
	case "lt":
		msg = length + "should be less than " + p
	case "len":
		msg = length + "should be " + p
	case "eq", "eq_ignore_case":
		msg = "should be " + p
	case "ne", "ne_ignore_case":
		msg = "should not be " + p
	case "oneof", "oneofci":
		msg = "should be one of " + p
	case "eqfield", "eqcsfield":
		msg = "should equal " + p
	case "nefield", "necsfield":
		msg = "should not equal " + p
	case "gtfield", "gtcsfield":
		msg = "should be greater than " + p
	case "gtefield", "gtecsfield":
		msg = "should be at least " + p
	case "ltfield", "ltcsfield":
		msg = "should be less than " + p
	case "ltefield", "ltecsfield":
		msg = "should be at most " + p
	case "contains":
		msg = "should contain " + p
	case "containsany":
		msg = "should contain any of " + p
	case "excludes":
		msg = "should not contain " + p
	case "startswith":
		msg = "should start with " + p
	case "endswith":
		msg = "should end with " + p
	case "datetime":
		msg = "should be a date/time like " + p
	case "unique":
		msg = "should not contain duplicates"
	case "isdefault":
		msg = "should be empty"
	default:
		if m, ok := simpleMessages[tag]; ok {
			msg = m
		} else {
			msg = "failed the " + fe.Tag() + " rule"
		}
	}
	return CodeInvalid, msg
}

// simpleMessages are the messages of rules without a parameter.
var simpleMessages = map[string]string{
	"email":              "should be an email",
	"url":                "should be a URL",
	"http_url":           "should be an http(s) URL",
	"https_url":          "should be an https URL",
	"uri":                "should be a URI",
	"uuid":               "should be a UUID",
	"uuid3":              "should be a version 3 UUID",
	"uuid4":              "should be a version 4 UUID",
	"uuid5":              "should be a version 5 UUID",
	"uuid_rfc4122":       "should be a UUID",
	"ulid":               "should be a ULID",
	"alpha":              "should contain only letters",
	"alphanum":           "should contain only letters and digits",
	"alphaunicode":       "should contain only letters",
	"alphanumunicode":    "should contain only letters and digits",
	"numeric":            "should be numeric",
	"number":             "should be a number",
	"boolean":            "should be a boolean",
	"hexadecimal":        "should be hexadecimal",
	"lowercase":          "should be lowercase",
	"uppercase":          "should be uppercase",
	"ascii":              "should contain only ASCII characters",
	"printascii":         "should contain only printable ASCII characters",
	"ip":                 "should be an IP address",
	"ipv4":               "should be an IPv4 address",
	"ipv6":               "should be an IPv6 address",
	"cidr":               "should be a CIDR",
	"mac":                "should be a MAC address",
	"hostname":           "should be a hostname",
	"hostname_rfc1123":   "should be a hostname",
	"fqdn":               "should be a fully qualified domain name",
	"json":               "should be JSON",
	"jwt":                "should be a JWT",
	"base64":             "should be base64",
	"base64url":          "should be base64url",
	"e164":               "should be an E.164 phone number",
	"semver":             "should be a semantic version",
	"iso3166_1_alpha2":   "should be a two-letter country code",
	"bcp47_language_tag": "should be a BCP 47 language tag",
	"timezone":           "should be a time zone",
	"hexcolor":           "should be a hex color",
	"latitude":           "should be a latitude",
	"longitude":          "should be a longitude",
}
