package htmlexec

import (
	"fmt"
	"reflect"
)

// helperCall calls a helper: bound for the render in s.funcs[index]. The
// common shapes (a string of the request, a translation) are called
// directly; any other through reflect, as text/template would.
type helperCall struct {
	index      int
	shape      shape
	args       []*arg
	takesFinal bool
	// For the direct shapes, the literal arguments converted at compile
	// time: lits[i] is set where args[i] is a literal.
	lits []any
}

// shape is a helper signature called without reflect.
type shape uint8

const (
	shapeReflect     shape = iota
	shapeString            // func() string: view.Func("csrfToken", ...)
	shapeStringArg         // func(string) string: view.Static("upper", strings.ToUpper)
	shapeStringArgs        // func(string, ...any) string: view.FuncArgs("__", i18n.Gettext)
	shapeStringArgsE       // func(string, ...any) (string, error): pathFor, urlFor
)

var shapes = map[reflect.Type]shape{
	reflect.TypeFor[func() string]():                        shapeString,
	reflect.TypeFor[func(string) string]():                  shapeStringArg,
	reflect.TypeFor[func(string, ...any) string]():          shapeStringArgs,
	reflect.TypeFor[func(string, ...any) (string, error)](): shapeStringArgsE,
}

func (c *helperCall) eval(s *state, dot, final reflect.Value) (reflect.Value, error) {
	if c.shape != shapeReflect {
		str, ok, err := c.direct(s, dot, final)
		if err != nil {
			return reflect.Value{}, err
		}
		if ok {
			return reflect.ValueOf(str), nil
		}
	}
	return callValue(s, dot, reflect.ValueOf(s.funcs[c.index]), c.args, final, c.takesFinal)
}

// direct calls a helper of a direct shape; ok is false when the bound
// function is not of the shape compiled for (then reflect calls it).
func (c *helperCall) direct(s *state, dot, final reflect.Value) (str string, ok bool, err error) {
	switch fn := s.funcs[c.index].(type) {
	case func() string:
		if c.shape == shapeString {
			return fn(), true, nil
		}
	case func(string) string:
		if c.shape == shapeStringArg {
			a, err := c.stringArg(s, dot, final)
			if err != nil {
				return "", false, err
			}
			return fn(a), true, nil
		}
	case func(string, ...any) string:
		if c.shape == shapeStringArgs {
			a, rest, err := c.stringAndAny(s, dot, final)
			if err != nil {
				return "", false, err
			}
			return fn(a, rest...), true, nil
		}
	case func(string, ...any) (string, error):
		if c.shape == shapeStringArgsE {
			a, rest, err := c.stringAndAny(s, dot, final)
			if err != nil {
				return "", false, err
			}
			str, err := fn(a, rest...)
			if err != nil {
				return "", false, errGiveUp
			}
			return str, true, nil
		}
	}
	return "", false, nil
}

// input is the i-th argument (the pipeline's value after the written
// ones), for a parameter of type typ.
func (c *helperCall) input(s *state, dot, final reflect.Value, i int, typ reflect.Type) (reflect.Value, error) {
	if i < len(c.args) {
		return c.args[i].value(s, dot, typ)
	}
	return validate(final, typ)
}

// stringArg is the first argument as a string.
func (c *helperCall) stringArg(s *state, dot, final reflect.Value) (string, error) {
	if len(c.lits) > 0 && c.lits[0] != nil {
		return c.lits[0].(string), nil
	}
	v, err := c.input(s, dot, final, 0, stringType)
	if err != nil {
		return "", err
	}
	return v.String(), nil
}

// stringAndAny is the first argument as a string and the rest as any.
func (c *helperCall) stringAndAny(s *state, dot, final reflect.Value) (string, []any, error) {
	first, err := c.stringArg(s, dot, final)
	if err != nil {
		return "", nil, err
	}
	n := len(c.args)
	if c.takesFinal {
		n++
	}
	if n <= 1 {
		return first, nil, nil
	}
	rest := make([]any, n-1)
	for i := 1; i < n; i++ {
		if i < len(c.lits) && c.lits[i] != nil {
			rest[i-1] = c.lits[i]
			continue
		}
		v, err := c.input(s, dot, final, i, anyType)
		if err != nil {
			return "", nil, err
		}
		rest[i-1] = v.Interface()
	}
	return first, rest, nil
}

// builtinCall is one of text/template's predefined functions.
type builtinCall struct {
	name       string
	args       []*arg
	takesFinal bool
}

// builtinArity is the number of arguments each supported builtin takes:
// exactly n, or at least n when variadic. html, js, urlquery, slice and
// call are not supported: a page using them renders with html/template.
var builtinArity = map[string]struct {
	n        int
	variadic bool
}{
	"and": {1, true}, "or": {1, true}, "not": {1, false},
	"eq": {1, true}, "ne": {2, false}, "lt": {2, false}, "le": {2, false}, "gt": {2, false}, "ge": {2, false},
	"len": {1, false}, "index": {1, true},
	"print": {0, true}, "printf": {1, true}, "println": {0, true},
}

func (c *builtinCall) eval(s *state, dot, final reflect.Value) (reflect.Value, error) {
	switch c.name {
	case "and", "or":
		return c.andOr(s, dot, final)
	case "print", "printf", "println":
		return c.print(s, dot, final)
	}
	in := make([]reflect.Value, 0, 4)
	for _, a := range c.args {
		v, err := a.raw(s, dot)
		if err != nil {
			return reflect.Value{}, err
		}
		in = append(in, v)
	}
	if c.takesFinal {
		in = append(in, final)
	}
	var (
		b   bool
		err error
	)
	switch c.name {
	case "not":
		return reflect.ValueOf(!truth(in[0])), nil
	case "len":
		n, err := length(in[0])
		if err != nil {
			return reflect.Value{}, err
		}
		return reflect.ValueOf(n), nil
	case "index":
		return index(in[0], in[1:])
	case "eq":
		b, err = eq(in[0], in[1:])
	case "ne":
		b, err = eq(in[0], in[1:])
		b = !b
	case "lt":
		b, err = lt(in[0], in[1])
	case "le":
		b, err = le(in[0], in[1])
	case "gt":
		b, err = le(in[0], in[1])
		b = !b
	case "ge":
		b, err = lt(in[0], in[1])
		b = !b
	default:
		return reflect.Value{}, errGiveUp
	}
	if err != nil {
		return reflect.Value{}, err
	}
	return reflect.ValueOf(b), nil
}

// andOr returns the first argument that is false (and) or true (or),
// evaluating no further, else the last.
func (c *builtinCall) andOr(s *state, dot, final reflect.Value) (reflect.Value, error) {
	or := c.name == "or"
	var v reflect.Value
	for _, a := range c.args {
		var err error
		if v, err = a.raw(s, dot); err != nil {
			return reflect.Value{}, err
		}
		if truth(v) == or {
			return v, nil
		}
	}
	if c.takesFinal {
		v = final
	}
	return v, nil
}

// print is fmt.Sprint, Sprintf or Sprintln of the arguments.
func (c *builtinCall) print(s *state, dot, final reflect.Value) (reflect.Value, error) {
	n := len(c.args)
	if c.takesFinal {
		n++
	}
	in := make([]any, 0, n)
	for i := range n {
		typ := anyType
		if i == 0 && c.name == "printf" {
			typ = stringType
		}
		var v reflect.Value
		var err error
		if i < len(c.args) {
			v, err = c.args[i].value(s, dot, typ)
		} else {
			v, err = validate(final, typ)
		}
		if err != nil {
			return reflect.Value{}, err
		}
		in = append(in, v.Interface())
	}
	switch c.name {
	case "print":
		return reflect.ValueOf(fmt.Sprint(in...)), nil
	case "println":
		return reflect.ValueOf(fmt.Sprintln(in...)), nil
	}
	return reflect.ValueOf(fmt.Sprintf(in[0].(string), in[1:]...)), nil
}

// truth is isTrue of the value inside an interface.
func truth(v reflect.Value) bool { return isTrue(unwrapInterface(v)) }
