package htmlexec

import (
	"cmp"
	"reflect"
	"slices"
	"strconv"
)

// node is a compiled statement of a template: text, an action, a
// control structure or a template call.
type node interface {
	exec(s *state, dot reflect.Value) error
}

// textNode is literal text, already as html/template escaped it.
type textNode struct{ text []byte }

func (n *textNode) exec(s *state, _ reflect.Value) error {
	s.out = append(s.out, n.text...)
	return nil
}

// An action, {{ pipeline }}, prints the pipeline's value through the
// escapers html/template chose for the action's context; one that
// declares or assigns variables prints nothing (and has no escapers).
// The two commonest values, one field of dot and one helper returning a
// string, have node types of their own.

// declNode is {{ $x := pipeline }} or {{ $x = pipeline }}.
type declNode struct{ pipe *pipeline }

func (n *declNode) exec(s *state, dot reflect.Value) error {
	_, err := n.pipe.eval(s, dot)
	return err
}

// printNode prints a pipeline's value.
type printNode struct {
	pipe *pipeline
	printer
}

func (n *printNode) exec(s *state, dot reflect.Value) error {
	v, err := n.pipe.eval(s, dot)
	if err != nil {
		return err
	}
	return n.value(s, v)
}

// fieldNode prints .Name, one field (or key, or method) of dot.
type fieldNode struct {
	step *fieldStep
	printer
}

func (n *fieldNode) exec(s *state, dot reflect.Value) error {
	v, err := n.step.value(s, dot)
	if err != nil {
		return err
	}
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		v = v.Elem()
	}
	return n.value(s, v)
}

// helperNode prints what a helper returns, called directly when it has
// the shape compiled for.
type helperNode struct {
	call *helperCall
	printer
}

func (n *helperNode) exec(s *state, dot reflect.Value) error {
	text, ok, err := n.call.direct(s, dot, reflect.Value{})
	if err != nil {
		return err
	}
	if ok {
		return n.text(s, text, ctPlain)
	}
	v, err := n.call.eval(s, dot, reflect.Value{})
	if err != nil {
		return err
	}
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		v = v.Elem()
	}
	return n.value(s, v)
}

// printer writes a value through an action's escapers.
type printer struct {
	esc []escaper
	// digits: the escapers leave the digits and sign of an int as they
	// are (all but the comment escaper do).
	digits bool
}

func (p *printer) value(s *state, v reflect.Value) error {
	if k := v.Kind(); p.digits && (k == reflect.Int || k == reflect.Int64) && (v.Type() == intType || v.Type() == int64Type) {
		s.out = strconv.AppendInt(s.out, v.Int(), 10)
		return nil
	}
	text, ct := stringify(v)
	return p.text(s, text, ct)
}

func (p *printer) text(s *state, text string, ct contentType) error {
	last := len(p.esc) - 1
	for _, e := range p.esc[:last] {
		start := len(s.out)
		out, ok := e(s.out, text, ct)
		if !ok {
			return errHTMLInAttr
		}
		if got := out[start:]; string(got) != text {
			text = string(got)
		}
		s.out, ct = out[:start], ctPlain
	}
	out, ok := p.esc[last](s.out, text, ct)
	if !ok {
		return errHTMLInAttr
	}
	s.out = out
	return nil
}

var errHTMLInAttr = unsupported("HTML content in an attribute (html/template strips its tags)")

// branchNode is {{ if }} or {{ with }} (with sets dot to the value).
type branchNode struct {
	pipe           *pipeline
	list, elseList []node
	with           bool
}

func (n *branchNode) exec(s *state, dot reflect.Value) error {
	mark := s.mark()
	v, err := n.pipe.eval(s, dot)
	if err == nil {
		switch {
		case isTrue(unwrapInterface(v)):
			if n.with {
				err = s.walk(n.list, v)
			} else {
				err = s.walk(n.list, dot)
			}
		case n.elseList != nil:
			err = s.walk(n.elseList, dot)
		}
	}
	s.pop(mark)
	return err
}

// rangeNode is {{ range }}, with up to two variables ($i, $e := or $i,
// $e =).
type rangeNode struct {
	pipe           *pipeline
	list, elseList []node
}

func (n *rangeNode) exec(s *state, dot reflect.Value) error {
	outer := s.mark()
	v, err := n.pipe.eval(s, dot)
	if err == nil {
		var ran bool
		ran, err = n.iterate(s, indirect(v))
		if err == errBreak {
			err = nil
		}
		if err == nil && !ran && n.elseList != nil {
			err = s.walk(n.elseList, dot)
		}
	}
	s.pop(outer)
	return err
}

// iterate runs the body for each element of v; ran is false when there
// was none (the else branch runs).
func (n *rangeNode) iterate(s *state, v reflect.Value) (ran bool, err error) {
	mark := s.mark()
	switch v.Kind() {
	case reflect.Array, reflect.Slice:
		for i := range v.Len() {
			if err := n.once(s, mark, i, reflect.Value{}, v.Index(i)); err != nil {
				return true, err
			}
		}
		return v.Len() > 0, nil
	case reflect.Map:
		if v.Len() == 0 {
			return false, nil
		}
		keys, err := sortedKeys(v)
		if err != nil {
			return false, err
		}
		for _, k := range keys {
			if err := n.once(s, mark, -1, k, v.MapIndex(k)); err != nil {
				return true, err
			}
		}
		return true, nil
	case reflect.Invalid:
		return false, nil // a nil map or slice in an interface: nothing to range over
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return n.count(s, mark, v)
	case reflect.Chan, reflect.Func:
		return false, unsupported("range over a %s", v.Kind())
	}
	return false, errGiveUp // a nil pointer, or a value range cannot iterate over
}

// count runs the body for each of 0 .. v-1 (range over an integer).
func (n *rangeNode) count(s *state, mark int, v reflect.Value) (ran bool, err error) {
	if len(n.pipe.decl) > 1 {
		return false, errGiveUp
	}
	for e := range v.Seq() {
		ran = true
		if err = n.once(s, mark, -1, reflect.Value{}, e); err != nil {
			break
		}
	}
	return ran, err
}

// once runs the body for one element: sets the range's variables (the
// index as an int when i ≥ 0, else key), walks, and drops the variables
// the body declared.
func (n *rangeNode) once(s *state, mark, i int, key, elem reflect.Value) error {
	if i >= 0 && len(n.pipe.decl) > 1 {
		key = reflect.ValueOf(i)
	}
	p := n.pipe
	if len(p.decl) > 0 {
		var err error
		switch {
		case !p.assign:
			s.setTop(1, elem)
		case len(p.decl) > 1:
			err = s.set(p.decl[0], key)
		default:
			err = s.set(p.decl[0], elem)
		}
		if err != nil {
			return err
		}
	}
	if len(p.decl) > 1 {
		if p.assign {
			if err := s.set(p.decl[1], elem); err != nil {
				return err
			}
		} else {
			s.setTop(2, key)
		}
	}
	err := s.walk(n.list, elem)
	s.pop(mark)
	if err == errContinue {
		err = nil
	}
	return err
}

// sortedKeys are a map's keys in text/template's order, for the key kinds
// whose order is plain (strings, integers); others are left to
// html/template.
func sortedKeys(m reflect.Value) ([]reflect.Value, error) {
	keys := m.MapKeys()
	switch m.Type().Key().Kind() {
	case reflect.String:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.String(), b.String()) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Int(), b.Int()) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(a.Uint(), b.Uint()) })
	default:
		return nil, unsupported("range over a map with %s keys", m.Type().Key())
	}
	return keys, nil
}

// callNode is {{ template "name" pipeline }} (and block): the template
// runs with its own variables, $ being the new dot.
type callNode struct {
	pipe   *pipeline // nil: dot is the zero value
	target *tmpl
}

func (n *callNode) exec(s *state, dot reflect.Value) error {
	if s.depth >= maxDepth {
		return unsupported("templates nested deeper than %d", maxDepth)
	}
	var v reflect.Value
	if n.pipe != nil {
		var err error
		if v, err = n.pipe.eval(s, dot); err != nil {
			return err
		}
	}
	base, mark := s.base, s.mark()
	s.base = mark
	s.push("$", v)
	s.depth++
	err := s.walk(n.target.body, v)
	s.depth--
	s.pop(mark)
	s.base = base
	return err
}

// controlNode is {{ break }} or {{ continue }}.
type controlNode struct{ err error }

func (n *controlNode) exec(*state, reflect.Value) error { return n.err }

// isTrue is text/template's truth: not the zero value of its type; a
// struct is always true.
func isTrue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Invalid:
		return false
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	}
	return true // struct
}

// unwrapInterface is the value inside an interface value (the zero Value
// for a nil interface), or v itself.
func unwrapInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// indirect follows pointers and interfaces to a value that is neither,
// stopping at a nil one.
func indirect(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return v
		}
		v = v.Elem()
	}
	return v
}
