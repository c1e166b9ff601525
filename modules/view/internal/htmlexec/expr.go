package htmlexec

import (
	"reflect"
	"sync/atomic"
)

// pipeline is a compiled pipeline: its commands, each after the first
// given the previous one's value as its last argument, then the variables
// it declares ($x := ...) or assigns ($x = ...).
type pipeline struct {
	cmds   []expr
	decl   []string
	assign bool
}

func (p *pipeline) eval(s *state, dot reflect.Value) (reflect.Value, error) {
	var v reflect.Value
	for _, c := range p.cmds {
		var err error
		if v, err = c.eval(s, dot, v); err != nil {
			return reflect.Value{}, err
		}
		// A value of type any is replaced by what it holds.
		if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
			v = v.Elem()
		}
	}
	for _, name := range p.decl {
		if !p.assign {
			s.push(name, v)
		} else if err := s.set(name, v); err != nil {
			return reflect.Value{}, err
		}
	}
	return v, nil
}

// expr is a compiled command or argument. final is the value of the
// previous command of the pipeline, for a command compiled to take it.
type expr interface {
	eval(s *state, dot, final reflect.Value) (reflect.Value, error)
}

// constExpr is a literal (true, "text", 3) in command position.
type constExpr struct{ v reflect.Value }

func (e *constExpr) eval(*state, reflect.Value, reflect.Value) (reflect.Value, error) {
	return e.v, nil
}

// dotExpr is {{ . }}.
type dotExpr struct{}

func (dotExpr) eval(_ *state, dot, _ reflect.Value) (reflect.Value, error) { return dot, nil }

// varExpr is $x.
type varExpr struct{ name string }

func (e *varExpr) eval(s *state, _, _ reflect.Value) (reflect.Value, error) {
	return s.lookup(e.name)
}

// pipeExpr is a parenthesized pipeline.
type pipeExpr struct{ p *pipeline }

func (e *pipeExpr) eval(s *state, dot, _ reflect.Value) (reflect.Value, error) {
	return e.p.eval(s, dot)
}

// fieldExpr is .A.B, $x.A.B or (pipeline).A.B: fields, map keys or
// methods walked from a receiver (dot when recv is nil). The last step,
// when a method, gets args and, with takesFinal, the previous command's
// value.
type fieldExpr struct {
	recv       expr
	steps      []*fieldStep
	args       []*arg
	takesFinal bool
}

func (e *fieldExpr) eval(s *state, dot, final reflect.Value) (reflect.Value, error) {
	r := dot
	if e.recv != nil {
		var err error
		if r, err = e.recv.eval(s, dot, reflect.Value{}); err != nil {
			return reflect.Value{}, err
		}
	}
	last := len(e.steps) - 1
	for _, st := range e.steps[:last] {
		var err error
		if r, err = st.value(s, r); err != nil {
			return reflect.Value{}, err
		}
	}
	if len(e.args) == 0 && !e.takesFinal {
		return e.steps[last].value(s, r)
	}
	return e.steps[last].get(s, dot, r, e.args, final, e.takesFinal)
}

// fieldStep is one name of a field chain, with the lookup it needs for
// the type last seen there (a page sees one type at a given place almost
// always, so one entry is enough).
type fieldStep struct {
	name    string
	nameVal reflect.Value // the name as a map key
	plan    atomic.Pointer[fieldPlan]
}

// fieldPlan is how a name resolves on a receiver type: a method of the
// type (of its pointer when the receiver is addressable, as text/template
// looks them up), else an exported struct field, else a map key.
type fieldPlan struct {
	typ    reflect.Type
	addr   bool
	kind   planKind
	index  []int // struct field
	method int   // method index
}

type planKind uint8

const (
	planNone planKind = iota // nothing by that name: an error
	planField
	planMap
	planMethod
)

func newFieldPlan(t reflect.Type, addr bool, name string) *fieldPlan {
	p := &fieldPlan{typ: t, addr: addr}
	mt := t
	if addr {
		mt = reflect.PointerTo(t)
	}
	if m, ok := mt.MethodByName(name); ok {
		p.kind, p.method = planMethod, m.Index
		return p
	}
	switch t.Kind() {
	case reflect.Struct:
		if f, ok := t.FieldByName(name); ok && f.IsExported() {
			p.kind, p.index = planField, f.Index
		}
	case reflect.Map:
		if stringType.AssignableTo(t.Key()) {
			p.kind = planMap
		}
	}
	return p
}

// value evaluates the step on receiver r without arguments (.A of
// .A.B, .Name alone): get's common case, with less to pass around.
func (st *fieldStep) value(s *state, r reflect.Value) (reflect.Value, error) {
	if !r.IsValid() {
		return reflect.Value{}, nil
	}
	for r.Kind() == reflect.Pointer || r.Kind() == reflect.Interface {
		if r.IsNil() {
			return reflect.Value{}, errGiveUp
		}
		r = r.Elem()
	}
	p := st.plan.Load()
	if p == nil || p.typ != r.Type() || p.addr != r.CanAddr() {
		p = newFieldPlan(r.Type(), r.CanAddr(), st.name)
		st.plan.Store(p)
	}
	switch p.kind {
	case planField:
		if len(p.index) == 1 {
			return r.Field(p.index[0]), nil
		}
	case planMap:
		return r.MapIndex(st.nameVal), nil
	}
	return st.get(s, reflect.Value{}, r, nil, reflect.Value{}, false)
}

// get evaluates the step on receiver r. args and final (when hasFinal)
// go to a method; a field or key given any is an error.
func (st *fieldStep) get(s *state, dot, r reflect.Value, args []*arg, final reflect.Value, hasFinal bool) (reflect.Value, error) {
	if !r.IsValid() {
		return reflect.Value{}, nil // nil data, a missing key before: no value
	}
	for r.Kind() == reflect.Pointer || r.Kind() == reflect.Interface {
		if r.IsNil() {
			return reflect.Value{}, errGiveUp // nil pointer evaluating ...
		}
		r = r.Elem()
	}
	addr := r.CanAddr()
	p := st.plan.Load()
	if p == nil || p.typ != r.Type() || p.addr != addr {
		p = newFieldPlan(r.Type(), addr, st.name)
		st.plan.Store(p)
	}
	switch p.kind {
	case planField:
		if len(args) > 0 || hasFinal {
			return reflect.Value{}, errGiveUp
		}
		if len(p.index) == 1 {
			return r.Field(p.index[0]), nil
		}
		v, err := r.FieldByIndexErr(p.index)
		if err != nil {
			return reflect.Value{}, errGiveUp // through a nil embedded pointer
		}
		return v, nil
	case planMap:
		if len(args) > 0 || hasFinal {
			return reflect.Value{}, errGiveUp
		}
		return r.MapIndex(st.nameVal), nil
	case planMethod:
		if addr {
			r = r.Addr()
		}
		return callValue(s, dot, r.Method(p.method), args, final, hasFinal)
	}
	return reflect.Value{}, errGiveUp
}
