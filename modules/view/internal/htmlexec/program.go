// Package htmlexec runs html/template pages without text/template's
// reflective interpreter: it compiles a page's escaped parse trees (the
// trees html/template has already made safe, with its escapers inserted)
// into a program that writes the same bytes.
//
// text/template calls every function of a page — each contextual escaper,
// each helper — through reflect.Value.Call, and prints every action with
// fmt.Fprint; that is most of the cost of a small page. A compiled
// program calls the escapers (escape.go) and the common helper shapes
// directly, caches each field lookup by type, and appends to a byte
// slice.
//
// The contract is narrow on purpose: a program either produces exactly
// html/template's output, or gives up. Compile refuses a page that uses
// anything it does not implement (script and style contexts, predefined
// escapers, some builtins, ...). Execute gives up (without having written
// anywhere but its own slice) on any error and on rare value shapes; the
// caller then renders the page with html/template, which also produces
// the error message. A helper can therefore run twice for a render that
// gives up.
package htmlexec

import (
	"errors"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
)

// Program is a compiled page. It is safe for concurrent use.
type Program struct {
	name  string
	entry *tmpl
	// disabled is set once a render met something Execute does not
	// handle: the page renders with html/template from then on.
	disabled atomic.Bool
}

// tmpl is one compiled template of the page's set.
type tmpl struct {
	name string
	body []node
}

// Name returns the name of the page the program renders.
func (p *Program) Name() string { return p.name }

// ErrUnsupported is wrapped by the errors of Execute that mean the page
// uses something a compiled program does not handle (a range over a
// channel, HTML content in an attribute, ...): render it with
// html/template from now on. Other errors mean this render failed (a
// helper's error, a nil pointer): render it with html/template once, for
// the error message.
var ErrUnsupported = errors.New("htmlexec: not supported by compiled pages")

// unsupported returns an error wrapping ErrUnsupported.
func unsupported(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrUnsupported, fmt.Sprintf(format, args...))
}

// errGiveUp is a render failure; html/template reports it properly.
var errGiveUp = errors.New("htmlexec: the render failed; run it with html/template for the error")

// Disabled reports whether a render met something Execute does not handle.
func (p *Program) Disabled() bool { return p.disabled.Load() }

// Execute appends the page rendered with data to dst; funcs are the
// helpers bound for this render, in the order Compile was given them. On
// an error the page is not in out (dst's bytes are untouched; bytes past
// len(dst) may not be). An error wrapping ErrUnsupported is returned once,
// by the render that found the page needs html/template; from then on
// Disabled reports true and Execute returns ErrDisabled.
func (p *Program) Execute(dst []byte, data any, funcs []any) (out []byte, err error) {
	if p.disabled.Load() {
		return dst, ErrDisabled
	}
	v, ok := data.(reflect.Value)
	if !ok {
		v = reflect.ValueOf(data)
	}
	s := states.Get().(*state)
	s.out, s.funcs = dst, funcs
	defer func() {
		// A helper or method that panics fails the render, as in
		// text/template.
		if r := recover(); r != nil {
			out, err = dst, errGiveUp
		}
		s.reset()
		states.Put(s)
	}()
	s.push("$", v)
	if err := s.walk(p.entry.body, v); err != nil {
		if errors.Is(err, ErrUnsupported) && !p.disabled.CompareAndSwap(false, true) {
			err = ErrDisabled
		}
		return dst, err
	}
	return s.out, nil
}

// ErrDisabled is returned by Execute once a render has met something
// compiled pages do not handle.
var ErrDisabled = errors.New("htmlexec: the page renders with html/template")

// states are reusable render states.
var states = sync.Pool{New: func() any { return new(state) }}

func (s *state) reset() {
	s.pop(0)
	s.out, s.funcs, s.base, s.depth = nil, nil, 0, 0
}

// maxDepth bounds template calls within template calls; deeper recursion
// is left to html/template (which allows far more, on its own stack).
const maxDepth = 1000

// state is one render.
type state struct {
	out   []byte
	funcs []any
	vars  []variable // the variable stack, from base up in the current template
	base  int        // where the current template's variables start
	depth int
}

// variable is a template variable ($, $x) and its value.
type variable struct {
	name  string
	value reflect.Value
}

func (s *state) push(name string, v reflect.Value) {
	s.vars = append(s.vars, variable{name, v})
}

func (s *state) mark() int { return len(s.vars) }

func (s *state) pop(mark int) {
	if len(s.vars) > mark {
		clear(s.vars[mark:])
		s.vars = s.vars[:mark]
	}
}

// lookup returns the value of variable name, searching the current
// template's variables from the newest.
func (s *state) lookup(name string) (reflect.Value, error) {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value, nil
		}
	}
	return reflect.Value{}, errGiveUp
}

// set assigns to the newest variable called name ($x = ...).
func (s *state) set(name string, v reflect.Value) error {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = v
			return nil
		}
	}
	return errGiveUp
}

// setTop overwrites the n-th variable from the top (range's variables).
func (s *state) setTop(n int, v reflect.Value) { s.vars[len(s.vars)-n].value = v }

// Control flow inside a range, as errors that are not failures.
var (
	errBreak    = errors.New("break")
	errContinue = errors.New("continue")
)

// walk runs a list of nodes with dot.
func (s *state) walk(list []node, dot reflect.Value) error {
	for _, n := range list {
		if err := n.exec(s, dot); err != nil {
			return err
		}
	}
	return nil
}
