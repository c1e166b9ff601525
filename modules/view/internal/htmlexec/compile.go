package htmlexec

import (
	"errors"
	htmltemplate "html/template"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// Helper is a function pages may call: its name, and a function of the
// type every render's bound one will have (it decides how calls are
// made; a render whose function has another type calls it through
// reflect).
type Helper struct {
	Name   string
	Sample any
}

// Compile compiles page, an html/template that has not run (it is cloned,
// not changed), whose functions are helpers (in the order Execute gets
// them). Its escaping errors are returned as html/template reports them;
// a page using what compiled pages do not support gives an error
// wrapping ErrUnsupported. Either way the page still renders with
// html/template.
func Compile(page *htmltemplate.Template, helpers []Helper) (*Program, error) {
	escaped, err := page.Clone()
	if err != nil {
		return nil, err
	}
	// Escaping happens on the first run. Run it on a writer that fails at
	// once: the helpers are page's unbound stand-ins, so nothing real runs.
	if err := escaped.Execute(stopWriter{}, nil); err != nil {
		var escErr *htmltemplate.Error
		if errors.As(err, &escErr) {
			return nil, err
		}
	}
	text := textOf(escaped)
	if text == nil {
		return nil, unsupported("cannot reach html/template's escaped trees in this Go version")
	}
	c := &compiler{text: text, tmpls: map[string]*tmpl{}, helpers: map[string]int{}, samples: map[string]reflect.Type{}}
	for i, h := range helpers {
		c.helpers[h.Name] = i
		c.samples[h.Name] = reflect.TypeOf(h.Sample)
	}
	entry, err := c.template(page.Name())
	if err != nil {
		return nil, err
	}
	return &Program{name: page.Name(), entry: entry}, nil
}

// stopWriter fails every write.
type stopWriter struct{}

var errStop = errors.New("htmlexec: escaping only")

func (stopWriter) Write([]byte) (int, error) { return 0, errStop }

// textOf is the text/template under an html/template, which holds every
// escaped tree, including those html/template derives for a template
// called in another context (a block inside <title>). html/template does
// not export it; it is read once per page, at start-up. nil when the
// field is not there (another Go version): pages then use html/template.
func textOf(t *htmltemplate.Template) *template.Template {
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*template.Template]() {
		return nil
	}
	return (*template.Template)(f.UnsafePointer())
}

// compiler compiles the templates of one page's set, each once.
type compiler struct {
	text    *template.Template
	tmpls   map[string]*tmpl
	helpers map[string]int
	samples map[string]reflect.Type
}

func (c *compiler) template(name string) (*tmpl, error) {
	if t, ok := c.tmpls[name]; ok {
		return t, nil // compiled, or being compiled (recursion)
	}
	tt := c.text.Lookup(name)
	if tt == nil || tt.Tree == nil || tt.Root == nil {
		return nil, unsupported("template %q is not defined", name)
	}
	t := &tmpl{name: name}
	c.tmpls[name] = t
	body, err := c.list(tt.Root)
	if err != nil {
		return nil, err
	}
	t.body = body
	return t, nil
}

func (c *compiler) list(l *parse.ListNode) ([]node, error) {
	if l == nil {
		return nil, nil
	}
	out := make([]node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			out = append(out, &textNode{text: n.Text})
		case *parse.ActionNode:
			a, err := c.action(n.Pipe)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		case *parse.IfNode:
			b, err := c.branch(&n.BranchNode, false)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		case *parse.WithNode:
			b, err := c.branch(&n.BranchNode, true)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		case *parse.RangeNode:
			r, err := c.rangeNode(n)
			if err != nil {
				return nil, err
			}
			out = append(out, r)
		case *parse.TemplateNode:
			call, err := c.call(n)
			if err != nil {
				return nil, err
			}
			out = append(out, call)
		case *parse.BreakNode:
			out = append(out, &controlNode{errBreak})
		case *parse.ContinueNode:
			out = append(out, &controlNode{errContinue})
		case *parse.CommentNode:
		default:
			return nil, unsupported("%s", n)
		}
	}
	return out, nil
}

// action compiles {{ pipeline }}: the value, then its escapers.
func (c *compiler) action(p *parse.PipeNode) (node, error) {
	if len(p.Decl) > 0 {
		pipe, err := c.pipeline(p)
		return &declNode{pipe}, err
	}
	k := len(p.Cmds)
	var esc []escaper
	for ; k > 1; k-- {
		e := escaperOf(p.Cmds[k-1])
		if e == nil {
			break
		}
		esc = append([]escaper{e}, esc...)
	}
	if len(esc) == 0 {
		return nil, unsupported("action %s has no escaper html/template's compiled pages know", p)
	}
	pr := printer{esc: esc, digits: true}
	for _, cmd := range p.Cmds[k:] {
		if cmd.Args[0].(*parse.IdentifierNode).Ident == "_html_template_commentescaper" {
			pr.digits = false
		}
	}
	pipe, err := c.pipeline(&parse.PipeNode{Cmds: p.Cmds[:k]})
	if err != nil {
		return nil, err
	}
	if len(pipe.cmds) == 1 {
		switch e := pipe.cmds[0].(type) {
		case *helperCall:
			if e.shape != shapeReflect {
				return &helperNode{e, pr}, nil
			}
		case *fieldExpr:
			if e.recv == nil && len(e.steps) == 1 && len(e.args) == 0 && !e.takesFinal {
				return &fieldNode{e.steps[0], pr}, nil
			}
		}
	}
	return &printNode{pipe, pr}, nil
}

// escaperOf is the escaper a command calls, nil when it is not one.
func escaperOf(cmd *parse.CommandNode) escaper {
	if len(cmd.Args) != 1 {
		return nil
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok {
		return nil
	}
	return escapers[id.Ident]
}

func (c *compiler) branch(b *parse.BranchNode, with bool) (*branchNode, error) {
	pipe, err := c.pipeline(b.Pipe)
	if err != nil {
		return nil, err
	}
	list, err := c.list(b.List)
	if err != nil {
		return nil, err
	}
	els, err := c.list(b.ElseList)
	if err != nil {
		return nil, err
	}
	if b.ElseList == nil {
		els = nil
	}
	return &branchNode{pipe: pipe, list: list, elseList: els, with: with}, nil
}

func (c *compiler) rangeNode(r *parse.RangeNode) (*rangeNode, error) {
	b, err := c.branch(&r.BranchNode, false)
	if err != nil {
		return nil, err
	}
	return &rangeNode{pipe: b.pipe, list: b.list, elseList: b.elseList}, nil
}

func (c *compiler) call(n *parse.TemplateNode) (*callNode, error) {
	target, err := c.template(n.Name)
	if err != nil {
		return nil, err
	}
	call := &callNode{target: target}
	if n.Pipe != nil {
		if call.pipe, err = c.pipeline(n.Pipe); err != nil {
			return nil, err
		}
	}
	return call, nil
}

func (c *compiler) pipeline(p *parse.PipeNode) (*pipeline, error) {
	if p == nil || len(p.Cmds) == 0 {
		return nil, unsupported("an empty pipeline")
	}
	out := &pipeline{assign: p.IsAssign}
	for i, cmd := range p.Cmds {
		e, err := c.command(cmd, i > 0)
		if err != nil {
			return nil, err
		}
		out.cmds = append(out.cmds, e)
	}
	for _, v := range p.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	return out, nil
}

// command compiles a command; takesFinal: it gets the previous command's
// value as its last argument.
func (c *compiler) command(cmd *parse.CommandNode, takesFinal bool) (expr, error) {
	rest := cmd.Args[1:]
	plain := len(rest) == 0 && !takesFinal // a value, not a call
	switch n := cmd.Args[0].(type) {
	case *parse.FieldNode:
		return c.fields(nil, n.Ident, rest, takesFinal)
	case *parse.ChainNode:
		base, err := c.chainBase(n.Node)
		if err != nil {
			return nil, err
		}
		return c.fields(base, n.Field, rest, takesFinal)
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			return c.fields(&varExpr{n.Ident[0]}, n.Ident[1:], rest, takesFinal)
		}
		if plain {
			return &varExpr{n.Ident[0]}, nil
		}
	case *parse.IdentifierNode:
		return c.function(n.Ident, rest, takesFinal)
	case *parse.PipeNode:
		if plain {
			p, err := c.pipeline(n)
			return &pipeExpr{p}, err
		}
	case *parse.DotNode:
		if plain {
			return dotExpr{}, nil
		}
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		if v, ok := untyped(n); ok && plain {
			return &constExpr{v}, nil
		}
	}
	return nil, unsupported("command %s", cmd)
}

// fields compiles a field chain from recv (dot when nil).
func (c *compiler) fields(recv expr, names []string, rest []parse.Node, takesFinal bool) (expr, error) {
	args, err := c.args(rest)
	if err != nil {
		return nil, err
	}
	e := &fieldExpr{recv: recv, args: args, takesFinal: takesFinal}
	for _, name := range names {
		e.steps = append(e.steps, &fieldStep{name: name, nameVal: reflect.ValueOf(name)})
	}
	return e, nil
}

// chainBase compiles the operand of (pipeline).Field.
func (c *compiler) chainBase(n parse.Node) (expr, error) {
	a, err := c.arg(n)
	if err != nil {
		return nil, err
	}
	if a.dyn == nil {
		return nil, unsupported("a field of %s", n)
	}
	return a.dyn, nil
}

func (c *compiler) args(nodes []parse.Node) ([]*arg, error) {
	out := make([]*arg, 0, len(nodes))
	for _, n := range nodes {
		a, err := c.arg(n)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

func (c *compiler) arg(n parse.Node) (*arg, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return &arg{dyn: dotExpr{}}, nil
	case *parse.FieldNode:
		e, err := c.fields(nil, n.Ident, nil, false)
		return &arg{dyn: e}, err
	case *parse.VariableNode:
		if len(n.Ident) == 1 {
			return &arg{dyn: &varExpr{n.Ident[0]}}, nil
		}
		e, err := c.fields(&varExpr{n.Ident[0]}, n.Ident[1:], nil, false)
		return &arg{dyn: e}, err
	case *parse.ChainNode:
		base, err := c.chainBase(n.Node)
		if err != nil {
			return nil, err
		}
		e, err := c.fields(base, n.Field, nil, false)
		return &arg{dyn: e}, err
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		return &arg{dyn: &pipeExpr{p}}, err
	case *parse.IdentifierNode:
		e, err := c.function(n.Ident, nil, false)
		return &arg{dyn: e}, err
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode, *parse.NilNode:
		return &arg{lit: n}, nil
	}
	return nil, unsupported("argument %s", n)
}

// function compiles a call of a helper or a builtin.
func (c *compiler) function(name string, rest []parse.Node, takesFinal bool) (expr, error) {
	if escapers[name] != nil || strings.HasPrefix(name, "_html_template_") || strings.HasPrefix(name, "_eval_args_") {
		return nil, unsupported("escaper %s", name)
	}
	args, err := c.args(rest)
	if err != nil {
		return nil, err
	}
	if i, ok := c.helpers[name]; ok {
		return c.helper(name, i, args, takesFinal)
	}
	ar, ok := builtinArity[name]
	n := len(args)
	if takesFinal {
		n++
	}
	if !ok || n < ar.n || !ar.variadic && n != ar.n {
		return nil, unsupported("function %s with %d arguments", name, n)
	}
	return &builtinCall{name: name, args: args, takesFinal: takesFinal}, nil
}

func (c *compiler) helper(name string, i int, args []*arg, takesFinal bool) (expr, error) {
	typ := c.samples[name]
	if typ == nil || typ.Kind() != reflect.Func || !goodResults(typ) || !goodArgCount(typ, len(args), takesFinal) {
		return nil, unsupported("helper %s called with %d arguments", name, len(args))
	}
	h := &helperCall{index: i, shape: shapes[typ], args: args, takesFinal: takesFinal}
	if h.shape == shapeReflect {
		return h, nil
	}
	h.lits = make([]any, len(args))
	for j, a := range args {
		if a.lit == nil {
			continue
		}
		if _, isNil := a.lit.(*parse.NilNode); isNil && j > 0 {
			continue // nil for an any: the runtime path gives nil too
		}
		v, ok := literal(a.lit, paramType(typ, j))
		if !ok || !v.IsValid() {
			return nil, unsupported("argument %s of helper %s", a.lit, name)
		}
		h.lits[j] = v.Interface()
	}
	return h, nil
}
