package egg

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// flatField is one leaf field of a config struct.
type flatField struct {
	path    string // dotted Go field path
	name    string // Go field name
	typ     reflect.Type
	value   reflect.Value
	envName string
	secret  bool
}

func (f flatField) display() any { return dumpValue(f.value, f.secret) }

// key is the field's value in a comparable form, to see which layer
// changed it: only ever compared with an earlier key of the same field.
func (f flatField) key() string {
	v := f.value
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'g', -1, 64)
	case reflect.Func:
		return fmt.Sprintf("func@%x", v.Pointer())
	case reflect.Slice:
		if s, ok := v.Interface().([]string); ok && s != nil {
			b := []byte("[]")
			for _, e := range s {
				b = strconv.AppendQuote(b, e)
			}
			return string(b)
		}
	}
	return fmt.Sprintf("%#v", v.Interface())
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	durationType    = reflect.TypeFor[time.Duration]()
	timeType        = reflect.TypeFor[time.Time]()
)

// fields lists the config's leaf fields, each addressing the live value;
// listed once per app (the live value never moves).
func (d *configDecl) fields() []flatField {
	if d.flat == nil {
		d.flat = flatten(d.value.Elem(), d.prefix)
	}
	return d.flat
}

// flatten lists a config struct's leaf fields with their env var names.
func flatten(v reflect.Value, prefix string) []flatField {
	out := []flatField{}
	var walk func(v reflect.Value, path, prefix string)
	walk = func(v reflect.Value, path, prefix string) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			fv := v.Field(i)
			p := sf.Name
			if path != "" {
				p = path + "." + sf.Name
			}
			if sf.Type.Kind() == reflect.Struct && sf.Type != timeType && !reflect.PointerTo(sf.Type).Implements(textUnmarshaler) {
				walk(fv, p, prefix+sf.Tag.Get("envPrefix"))
				continue
			}
			f := flatField{path: p, name: sf.Name, typ: sf.Type, value: fv,
				secret: sf.Tag.Get("secret") == "true" || secretName(sf.Name)}
			if tag, ok := sf.Tag.Lookup("env"); ok {
				if name, _, _ := strings.Cut(tag, ","); name != "" {
					f.envName = prefix + name
				}
			}
			out = append(out, f)
		}
	}
	walk(v, "", prefix)
	return out
}

// secretName reports whether a field name is one Egg masks in its config
// dump (pass, pwd, passd, passwd, password, keys, masterKey, accessKey,
// anything with "secret"), plus anything with "token".
func secretName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "pass", "pwd", "passd", "passwd", "password", "keys", "masterkey", "accesskey":
		return true
	}
	return strings.Contains(n, "secret") || strings.Contains(n, "token") || strings.Contains(n, "password")
}

func envParsable(t reflect.Type) bool {
	if reflect.PointerTo(t).Implements(textUnmarshaler) || t.Implements(textUnmarshaler) {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Pointer, reflect.Slice:
		return envParsable(t.Elem())
	case reflect.Map:
		return envParsable(t.Key()) && envParsable(t.Elem())
	case reflect.Struct:
		return t.PkgPath() == "net/url" && t.Name() == "URL"
	}
	return false
}

// orderedObject is a JSON object that keeps its keys in order.
type orderedObject []struct {
	k string
	v any
}

func (o orderedObject) MarshalJSON() ([]byte, error) {
	w := jsonWriter{}
	w.enc = json.NewEncoder(&w.scratch)
	w.enc.SetEscapeHTML(false)
	w.object(o)
	return w.out.Bytes(), nil
}

// jsonWriter writes nested orderedObjects into one buffer: a
// MarshalJSON per level would have encoding/json check and copy every
// inner object again at each level above it.
type jsonWriter struct {
	out, scratch bytes.Buffer
	enc          *json.Encoder // into scratch, without HTML escaping
}

func (w *jsonWriter) object(o orderedObject) {
	w.out.WriteByte('{')
	for i, kv := range o {
		if i > 0 {
			w.out.WriteByte(',')
		}
		k, _ := json.Marshal(kv.k)
		w.out.Write(k)
		w.out.WriteByte(':')
		switch v := kv.v.(type) {
		case orderedObject:
			w.object(v)
		case *orderedObject:
			if v == nil {
				w.out.WriteString("null")
				continue
			}
			w.object(*v)
		default:
			w.scratch.Reset()
			if err := w.enc.Encode(v); err != nil {
				w.scratch.Reset()
				_ = w.enc.Encode(fmt.Sprint(v))
			}
			w.out.Write(bytes.TrimRight(w.scratch.Bytes(), "\n"))
		}
	}
	w.out.WriteByte('}')
}

func (o *orderedObject) set(k string, v any) {
	*o = append(*o, struct {
		k string
		v any
	}{k, v})
}

// dumpValue turns a config value into something json.Marshal shows well,
// masking secrets: a masked string shows only its length, as Egg's
// `<String len: N>`.
func dumpValue(v reflect.Value, secret bool) any {
	if secret {
		switch v.Kind() {
		case reflect.String:
			return fmt.Sprintf("<String len: %d>", v.Len())
		case reflect.Slice, reflect.Array, reflect.Map:
			return fmt.Sprintf("<Array len: %d>", v.Len())
		default:
			return "<masked>"
		}
	}
	if v.Type() == durationType {
		return time.Duration(v.Int()).String()
	}
	if s, ok := v.Interface().(fmt.Stringer); ok && v.Kind() == reflect.Pointer && !v.IsNil() {
		return s.String()
	}
	switch v.Kind() {
	case reflect.Func:
		if v.IsNil() {
			return nil
		}
		return funcLocation(v.Pointer())
	case reflect.Chan, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return fmt.Sprint(v.Interface())
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return dumpValue(v.Elem(), false)
	case reflect.Struct:
		if v.Type() == timeType {
			return v.Interface()
		}
		var o orderedObject
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			sf := t.Field(i)
			if sf.IsExported() {
				o.set(sf.Name, dumpValue(v.Field(i), sf.Tag.Get("secret") == "true" || secretName(sf.Name)))
			}
		}
		return o
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return []any{}
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = dumpValue(v.Index(i), false)
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		iter := v.MapRange()
		for iter.Next() {
			out[fmt.Sprint(iter.Key().Interface())] = dumpValue(iter.Value(), secretName(fmt.Sprint(iter.Key().Interface())))
		}
		return out
	}
	return v.Interface()
}

// dump renders the masked merged config, module by module, type by type.
func (cs *Configs) dump() orderedObject {
	var out orderedObject
	var cur *orderedObject
	var curMod string
	for _, d := range cs.decls {
		if cur == nil || d.module.name != curMod {
			out.set(d.module.name, &orderedObject{})
			cur = out[len(out)-1].v.(*orderedObject)
			curMod = d.module.name
		}
		cur.set(d.typ.Name(), dumpValue(d.value.Elem(), false))
	}
	return out
}

// dumpMeta tells, for every field, the layer that set it.
func (cs *Configs) dumpMeta() orderedObject {
	var out orderedObject
	for _, d := range cs.decls {
		var o orderedObject
		for _, f := range d.fields() {
			o.set(f.path, d.meta[f.path])
		}
		out.set(d.module.name+"."+d.typ.Name(), o)
	}
	return out
}

// indentJSON renders v as indented JSON without HTML escaping.
func indentJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// writeJSON writes v as indented JSON to dir/name.
func writeJSON(dir, name string, v any) error {
	b, err := indentJSON(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("egg: cannot create run dir %s: %w; set AppConfig.RunDir (EGG_RUN_DIR) to a writable directory", dir, err)
	}
	return os.WriteFile(filepath.Join(dir, name), b, 0o644)
}

// closureSuffix matches the ".func1" or ".func2.1" ending the runtime
// gives a function literal.
// Compiled when a dump first needs it.
var closureSuffix = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`\.func\d+(\.\d+)*$`) })

// funcLocation says where a function in a config (a Matcher, a hook) was
// declared, for the config dump: "func at file.go:12", then its name for
// a named function ("func at auth.go:8 (app.isAPI)") or the function a
// literal was written in ("func at http_config.go:94 (in PathPrefix)").
func funcLocation(pc uintptr) string {
	fn := runtime.FuncForPC(pc)
	if fn == nil {
		return "func"
	}
	file, line := fn.FileLine(fn.Entry())
	out := fmt.Sprintf("func at %s:%d", filepath.Base(file), line)
	name := fn.Name()
	if i := strings.LastIndex(name, "/"); i >= 0 {
		name = name[i+1:]
	}
	if m, ok := strings.CutSuffix(name, "-fm"); ok { // a method value
		return out + " (" + readableFuncName(m) + ")"
	}
	closure := closureSuffix()
	if !closure.MatchString(name) {
		return out + " (" + name + ")"
	}
	for closure.MatchString(name) {
		name = closure.ReplaceAllString(name, "")
	}
	// with inlining, name is the chain of calls that made the literal;
	// the last is the function it was written in
	return out + " (in " + name[strings.LastIndex(name, ".")+1:] + ")"
}

// writeTimings writes application_timing_<pid>.json and removes the
// timing files of earlier processes, so that run/ keeps only the latest,
// as it does for the config dump.
func writeTimings(dir string, pid int, v any) error {
	name := fmt.Sprintf("application_timing_%d.json", pid)
	if err := writeJSON(dir, name, v); err != nil {
		return err
	}
	old, _ := filepath.Glob(filepath.Join(dir, "application_timing_*.json"))
	for _, f := range old {
		if filepath.Base(f) != name {
			_ = os.Remove(f)
		}
	}
	return nil
}
