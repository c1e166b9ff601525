package htmlexec

import (
	"reflect"
	"strings"
	"text/template/parse"
)

// arg is a compiled argument of a call: an expression (evaluated, then
// checked against the parameter's type) or a literal (converted to the
// parameter's type: a string literal to a named string type, a number to
// the parameter's kind).
type arg struct {
	dyn expr
	lit parse.Node // BoolNode, NumberNode, StringNode or NilNode
}

// value is the argument for a parameter of type typ.
func (a *arg) value(s *state, dot reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if a.dyn != nil {
		v, err := a.dyn.eval(s, dot, reflect.Value{})
		if err != nil {
			return reflect.Value{}, err
		}
		return validate(v, typ)
	}
	v, ok := literal(a.lit, typ)
	if !ok {
		return reflect.Value{}, errGiveUp
	}
	return v, nil
}

// raw is the argument as a builtin taking reflect.Value sees it: the
// value itself (the zero Value for nil and for no value).
func (a *arg) raw(s *state, dot reflect.Value) (reflect.Value, error) {
	if a.dyn != nil {
		return a.dyn.eval(s, dot, reflect.Value{})
	}
	if _, ok := a.lit.(*parse.NilNode); ok {
		return reflect.Value{}, nil
	}
	v, ok := untyped(a.lit)
	if !ok {
		return reflect.Value{}, errGiveUp
	}
	return v, nil
}

var (
	anyType          = reflect.TypeFor[any]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

// literal converts a literal for a parameter of type typ, as
// text/template does; ok is false where text/template fails.
func literal(n parse.Node, typ reflect.Type) (reflect.Value, bool) {
	if _, ok := n.(*parse.NilNode); ok {
		if !canBeNil(typ) {
			return reflect.Value{}, false
		}
		return reflect.Zero(typ), true
	}
	if typ == reflectValueType {
		v, ok := untyped(n)
		return reflect.ValueOf(v), ok
	}
	if typ.Kind() == reflect.Interface {
		if typ.NumMethod() != 0 {
			return reflect.Value{}, false
		}
		return untyped(n)
	}
	v := reflect.New(typ).Elem()
	switch n := n.(type) {
	case *parse.BoolNode:
		if typ.Kind() != reflect.Bool {
			return reflect.Value{}, false
		}
		v.SetBool(n.True)
	case *parse.StringNode:
		if typ.Kind() != reflect.String {
			return reflect.Value{}, false
		}
		v.SetString(n.Text)
	case *parse.NumberNode:
		switch typ.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if !n.IsInt {
				return reflect.Value{}, false
			}
			v.SetInt(n.Int64)
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			if !n.IsUint {
				return reflect.Value{}, false
			}
			v.SetUint(n.Uint64)
		case reflect.Float32, reflect.Float64:
			if !n.IsFloat {
				return reflect.Value{}, false
			}
			v.SetFloat(n.Float64)
		case reflect.Complex64, reflect.Complex128:
			if !n.IsComplex {
				return reflect.Value{}, false
			}
			v.SetComplex(n.Complex128)
		default:
			return reflect.Value{}, false
		}
	default:
		return reflect.Value{}, false
	}
	return v, true
}

// untyped is a literal where no type is expected (a command, an argument
// of type any): a bool, a string, or a number typed by its spelling.
func untyped(n parse.Node) (reflect.Value, bool) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), true
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), true
	case *parse.NumberNode:
		switch {
		case n.IsComplex:
			return reflect.ValueOf(n.Complex128), true
		case n.IsFloat && !hexInt(n.Text) && !runeInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
			return reflect.ValueOf(n.Float64), true
		case n.IsInt:
			i := int(n.Int64)
			if int64(i) != n.Int64 {
				return reflect.Value{}, false // overflows int
			}
			return reflect.ValueOf(i), true
		case n.IsUint:
			return reflect.Value{}, false // overflows int
		}
		return reflect.Value{}, true
	}
	return reflect.Value{}, false
}

func runeInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func hexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// canBeNil reports whether an untyped nil can stand for a value of typ.
func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validate makes v an argument of type typ the way text/template does: no
// value is the zero of a type that can be nil; a value of another type is
// taken out of its interface, or dereferenced or addressed once.
func validate(v reflect.Value, typ reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		if !canBeNil(typ) {
			return reflect.Value{}, errGiveUp
		}
		return reflect.Zero(typ), nil
	}
	if typ == reflectValueType && v.Type() != typ {
		return reflect.ValueOf(v), nil
	}
	if v.Type().AssignableTo(typ) {
		return v, nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
		if v.Type().AssignableTo(typ) {
			return v, nil
		}
	}
	switch {
	case v.Kind() == reflect.Pointer && v.Type().Elem().AssignableTo(typ):
		v = v.Elem()
		if !v.IsValid() {
			return reflect.Value{}, errGiveUp
		}
		return v, nil
	case reflect.PointerTo(v.Type()).AssignableTo(typ) && v.CanAddr():
		return v.Addr(), nil
	}
	return reflect.Value{}, errGiveUp
}

// callValue calls fn with args (evaluated with dot) and, with hasFinal,
// final as its last argument, as text/template calls a method or a
// function it has no faster way to call.
func callValue(s *state, dot, fn reflect.Value, args []*arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	typ := fn.Type()
	if !goodResults(typ) || !goodArgCount(typ, len(args), hasFinal) {
		return reflect.Value{}, errGiveUp
	}
	n := len(args)
	if hasFinal {
		n++
	}
	argv := make([]reflect.Value, n)
	for i, a := range args {
		var err error
		if argv[i], err = a.value(s, dot, paramType(typ, i)); err != nil {
			return reflect.Value{}, err
		}
	}
	if hasFinal {
		var err error
		if argv[n-1], err = validate(final, paramType(typ, n-1)); err != nil {
			return reflect.Value{}, err
		}
	}
	out := fn.Call(argv) // a panic fails the render (Execute recovers)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errGiveUp
	}
	v := out[0]
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v, nil
}

// paramType is the type of the i-th argument of a function of type typ
// (the element type for a variadic one).
func paramType(typ reflect.Type, i int) reflect.Type {
	if typ.IsVariadic() && i >= typ.NumIn()-1 {
		return typ.In(typ.NumIn() - 1).Elem()
	}
	return typ.In(i)
}

// goodResults: one result, or a result and an error.
func goodResults(typ reflect.Type) bool {
	return typ.NumOut() == 1 || typ.NumOut() == 2 && typ.Out(1) == errorType
}

// goodArgCount reports whether a function of type typ takes n arguments
// (plus the pipeline's value with hasFinal).
func goodArgCount(typ reflect.Type, n int, hasFinal bool) bool {
	if hasFinal {
		n++
	}
	if typ.IsVariadic() {
		return n >= typ.NumIn()-1
	}
	return n == typ.NumIn()
}
