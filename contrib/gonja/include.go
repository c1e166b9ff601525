package gonja

import (
	"fmt"

	"github.com/nikolalohinski/gonja/v2/builtins"
	"github.com/nikolalohinski/gonja/v2/exec"
	"github.com/nikolalohinski/gonja/v2/nodes"
	"github.com/nikolalohinski/gonja/v2/parser"
	"github.com/nikolalohinski/gonja/v2/tokens"
)

// controlStructures are gonja's built-in tags with {% include %} replaced:
// gonja's own include lexes and parses the included file on every render
// (two thirds of a page's render time with two includes, see
// BenchmarkRenderGonja); this one renders the template parsed when the
// files were read. Same syntax: {% include name [ignore missing]
// [with context|without context] %}; like gonja's, it always passes the
// context.
func controlStructures() *exec.ControlStructureSet {
	set := exec.NewControlStructureSet(map[string]parser.ControlStructureParser{})
	set.Update(builtins.ControlStructures)
	if err := set.Replace("include", parseInclude); err != nil {
		// gonja always has an include tag; without one, keep its sets.
		return builtins.ControlStructures
	}
	return set
}

// include is a parsed {% include %} tag.
type include struct {
	at            *tokens.Token
	name          nodes.Expression
	ignoreMissing bool
}

func (i *include) Position() *tokens.Token { return i.at }

func (i *include) String() string {
	return fmt.Sprintf("include(%s) at line %d col %d", i.name, i.at.Line, i.at.Col)
}

// Execute renders the included template with the includer's context.
func (i *include) Execute(r *exec.Renderer, _ *nodes.ControlStructureBlock) error {
	v := r.Eval(i.name)
	if v.IsError() {
		return fmt.Errorf("include: evaluating the template name: %w", v)
	}
	l, ok := r.Loader.(*loader)
	if !ok {
		return fmt.Errorf("include: unexpected loader %T", r.Loader)
	}
	name, err := l.Resolve(v.String())
	if err != nil {
		if i.ignoreMissing {
			return nil
		}
		return fmt.Errorf("include: %w", err)
	}
	t := l.tmpls[name]
	if t == nil {
		return fmt.Errorf("include: %q was not parsed; it must have one of the engine's extensions", name)
	}
	sub, err := l.Inherit(name)
	if err != nil {
		return fmt.Errorf("include: %w", err)
	}
	return exec.NewRenderer(r.Environment, r.Output, r.Config.Inherit(), sub, t).Execute()
}

// parseInclude parses the tag's arguments as gonja does.
func parseInclude(p *parser.Parser, args *parser.Parser) (nodes.ControlStructure, error) {
	inc := &include{at: p.Current()}
	name, err := args.ParseExpression()
	if err != nil {
		return nil, err
	}
	inc.name = name
	if args.MatchName("ignore") != nil {
		if args.MatchName("missing") != nil {
			inc.ignoreMissing = true
		} else {
			args.Stream().Backup()
		}
	}
	if tok := args.MatchName("with", "without"); tok != nil {
		if args.MatchName("context") == nil {
			args.Stream().Backup()
		}
	}
	if !args.End() {
		return nil, args.Error("malformed include tag: use {% include \"name\" [ignore missing] [with context] %}", nil)
	}
	return inc, nil
}
