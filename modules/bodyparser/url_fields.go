package bodyparser

import (
	"encoding"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"time"
)

// Struct tags that take a field from the URL instead of the body.
const (
	tagParam = "param" // a path parameter: `param:"post_id"`
	tagQuery = "query" // a query parameter: `query:"page"`
)

// urlSource is where a tagged field's value comes from.
type urlSource uint8

const (
	fromQuery urlSource = iota
	fromParam
)

func (s urlSource) String() string {
	if s == fromParam {
		return "path parameter"
	}
	return "query parameter"
}

// urlField is one struct field filled from the URL.
type urlField struct {
	index  []int // field index path, through embedded structs
	name   string
	source urlSource
	ptr    bool // the field is *E: allocated when a value arrives
	slice  bool // the field is []E: every value of a query parameter
	elem   reflect.Type
	parse  parseFunc
}

// urlPlan is what Bind learns once per struct type: its URL fields, query
// fields first so that path parameters win, or the tag mistake that makes
// the type unusable.
type urlPlan struct {
	fields []urlField
	query  bool // some field reads the query string
	err    error
}

// planFor returns t's cached plan, building it on first use.
func (b *Binder) planFor(t reflect.Type) *urlPlan {
	if p, ok := b.plans.Load(t); ok {
		return p.(*urlPlan)
	}
	p := newURLPlan(t)
	actual, _ := b.plans.LoadOrStore(t, p)
	return actual.(*urlPlan)
}

func newURLPlan(t reflect.Type) *urlPlan {
	p := &urlPlan{}
	var params []urlField
	p.err = walkURLFields(t, nil, t, func(f urlField) {
		if f.source == fromParam {
			params = append(params, f)
			return
		}
		p.fields = append(p.fields, f)
		p.query = true
	})
	p.fields = append(p.fields, params...)
	return p
}

// walkURLFields calls add for every field of struct t (embedded structs
// included) tagged param or query, and reports the first tag on a field
// whose type cannot hold a URL value.
func walkURLFields(root reflect.Type, prefix []int, t reflect.Type, add func(urlField)) error {
	for i := range t.NumField() {
		sf := t.Field(i)
		index := append(append([]int(nil), prefix...), i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && sf.Tag.Get(tagParam) == "" && sf.Tag.Get(tagQuery) == "" {
			if err := walkURLFields(root, index, sf.Type, add); err != nil {
				return err
			}
			continue
		}
		for _, src := range []urlSource{fromQuery, fromParam} {
			tag := tagQuery
			if src == fromParam {
				tag = tagParam
			}
			name := sf.Tag.Get(tag)
			if name == "" || name == "-" {
				continue
			}
			if !sf.IsExported() {
				return fmt.Errorf("bodyparser: field %s.%s has tag %s:%q but is unexported; export it", root, sf.Name, tag, name)
			}
			f, ok := newURLField(sf.Type, src)
			if !ok {
				kinds := "a string, bool, integer, float or encoding.TextUnmarshaler type, or a pointer to one"
				if src == fromQuery {
					kinds += ", or a slice of one"
				}
				return fmt.Errorf("bodyparser: field %s.%s has tag %s:%q but type %s; use %s", root, sf.Name, tag, name, sf.Type, kinds)
			}
			f.index, f.name, f.source = index, name, src
			add(f)
		}
	}
	return nil
}

// newURLField works out how to fill a field of type t from src.
func newURLField(t reflect.Type, src urlSource) (urlField, bool) {
	var f urlField
	if parse := parserFor(t); parse != nil {
		f.elem, f.parse = t, parse
		return f, true
	}
	switch t.Kind() {
	case reflect.Pointer:
		f.ptr = true
	case reflect.Slice:
		if src != fromQuery {
			return f, false
		}
		f.slice = true
	default:
		return f, false
	}
	f.elem = t.Elem()
	f.parse = parserFor(f.elem)
	return f, f.parse != nil
}

// parseFunc sets dst (settable, of the field's element type) from s, or
// leaves it alone and returns what s should have been: "an integer",
// "true or false".
type parseFunc func(s string, dst reflect.Value) (want string, ok bool)

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	timeType            = reflect.TypeFor[time.Time]()
)

// parserFor returns the parser for a value of type t, nil if t cannot
// hold one URL value.
func parserFor(t reflect.Type) parseFunc {
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		want := "a valid " + t.String()
		if t == timeType {
			want = "a time like 2006-01-02T15:04:05Z (RFC 3339)"
		}
		return func(s string, dst reflect.Value) (string, bool) {
			tmp := reflect.New(t) // a failed UnmarshalText may leave its receiver half set
			if err := tmp.Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
				return want, false
			}
			dst.Set(tmp.Elem())
			return "", true
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(s string, dst reflect.Value) (string, bool) { dst.SetString(s); return "", true }
	case reflect.Bool:
		return func(s string, dst reflect.Value) (string, bool) {
			v, err := strconv.ParseBool(s)
			if err != nil {
				return "true or false", false
			}
			dst.SetBool(v)
			return "", true
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return func(s string, dst reflect.Value) (string, bool) {
			v, err := strconv.ParseInt(s, 10, bits)
			if err != nil {
				if isRange(err) {
					return fmt.Sprintf("an integer from %d to %d", int64(-1)<<(bits-1), int64(1)<<(bits-1)-1), false
				}
				return "an integer", false
			}
			dst.SetInt(v)
			return "", true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		bits := t.Bits()
		return func(s string, dst reflect.Value) (string, bool) {
			v, err := strconv.ParseUint(s, 10, bits)
			if err != nil {
				if isRange(err) {
					return "an integer from 0 to " + strconv.FormatUint(math.MaxUint64>>(64-bits), 10), false
				}
				return "a non-negative integer", false
			}
			dst.SetUint(v)
			return "", true
		}
	case reflect.Float32, reflect.Float64:
		bits := t.Bits()
		return func(s string, dst reflect.Value) (string, bool) {
			v, err := strconv.ParseFloat(s, bits)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				return "a number", false
			}
			dst.SetFloat(v)
			return "", true
		}
	}
	return nil
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// urlValues is the query string of one Bind call, parsed once. Path
// parameters are not here: fill takes them as an argument (see bind).
type urlValues struct {
	r      *http.Request
	query  url.Values
	parsed bool
}

// queryValues parses the query string once; a malformed one is a 400.
func (u *urlValues) queryValues() (url.Values, error) {
	if u.parsed {
		return u.query, nil
	}
	raw := ""
	if u.r.URL != nil {
		raw = u.r.URL.RawQuery
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return nil, newError(http.StatusBadRequest, CodeInvalidQuery, "Problems parsing the query string: "+err.Error(), err)
	}
	u.query, u.parsed = q, true
	return q, nil
}

// fill sets v's URL fields (v is a pointer to the plan's struct) from u
// and param: query fields, then path parameters. A field whose parameter is absent
// or empty keeps what the body gave it, except that an empty query value
// still sets a string. A value that does not convert is a 400 naming the
// parameter.
func (p *urlPlan) fill(v reflect.Value, u *urlValues, param func(name string) string) error {
	var q url.Values
	if p.query {
		var err error
		if q, err = u.queryValues(); err != nil {
			return err
		}
	}
	for i := range p.fields {
		f := &p.fields[i]
		var raw []string
		if f.source == fromParam {
			if s := param(f.name); s != "" {
				raw = []string{s}
			}
		} else {
			raw = q[f.name]
			if more := q[f.name+"[]"]; len(more) > 0 {
				raw = append(append([]string(nil), raw...), more...)
			}
		}
		if err := f.set(v.FieldByIndex(f.index), raw); err != nil {
			return err
		}
	}
	return nil
}

// set fills the field from raw, the parameter's values.
func (f *urlField) set(dst reflect.Value, raw []string) error {
	if f.elem.Kind() != reflect.String {
		raw = dropEmpty(raw)
	}
	if len(raw) == 0 {
		return nil
	}
	switch {
	case f.slice:
		s := reflect.MakeSlice(dst.Type(), len(raw), len(raw))
		for i, r := range raw {
			if err := f.parseInto(r, s.Index(i)); err != nil {
				return err
			}
		}
		dst.Set(s)
		return nil
	case f.ptr:
		e := reflect.New(f.elem)
		if err := f.parseInto(raw[0], e.Elem()); err != nil {
			return err
		}
		dst.Set(e)
		return nil
	}
	return f.parseInto(raw[0], dst)
}

// parseInto parses s into dst, leaving dst as it was on failure.
func (f *urlField) parseInto(s string, dst reflect.Value) error {
	if want, ok := f.parse(s, dst); !ok {
		return newError(http.StatusBadRequest, CodeInvalidParam,
			fmt.Sprintf("%s %s must be %s, got %s", f.source, f.name, want, strconv.Quote(truncate(s, 100))), nil)
	}
	return nil
}

// dropEmpty returns vs without its empty values, which count as absent
// for every type but string.
func dropEmpty(vs []string) []string {
	for _, v := range vs {
		if v == "" {
			out := make([]string, 0, len(vs)-1)
			for _, v := range vs {
				if v != "" {
					out = append(out, v)
				}
			}
			return out
		}
	}
	return vs
}
