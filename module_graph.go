package egg

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"go.uber.org/fx"
)

// printModuleGraph writes the app's module graph in DOT for the graph
// subcommand: one node per declared module (grouped by the framework that
// declares it, numbered in load order), an edge to each module it
// requires (solid) or optionally follows (dashed), disabled modules and
// their edges greyed, a required module that is missing in red. It needs
// only the options, not a built app, so it also draws an app that does
// not start (a cycle, a missing module): the graph is printed, the error
// follows on stderr and the exit status is 1.
func printModuleGraph(stdout, stderr io.Writer, opts []fx.Option) int {
	p := newPlan(opts)
	fmt.Fprint(stdout, moduleGraph(p))
	if err := p.err(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

// moduleGraph renders the plan's modules as a DOT digraph; a module's
// number is its place in load order.
func moduleGraph(p *plan) string {
	var b strings.Builder
	q := strconv.Quote
	fmt.Fprintf(&b, "digraph modules {\n\tlabel=%s;\n\tlabelloc=t;\n\trankdir=BT;\n", q(fmt.Sprintf("modules of %s (env %s)", p.name, p.env)))
	b.WriteString("\tnode [shape=box, style=rounded, fontname=Helvetica];\n\tedge [fontname=Helvetica, fontsize=10];\n")
	byName := map[string]*moduleInfo{}
	var mods []*moduleInfo
	var fws []string
	for _, m := range p.modules {
		if _, ok := byName[m.name]; ok {
			continue // one node per name; a duplicate is reported as an error
		}
		byName[m.name] = m
		mods = append(mods, m)
		if m.fw != "" && !slices.Contains(fws, m.fw) {
			fws = append(fws, m.fw)
		}
	}
	ordered := p.err() == nil // load positions are known
	node := func(m *moduleInfo) string {
		if p.moduleOn(m) {
			label := m.name
			if ordered {
				label = fmt.Sprintf("%s\n#%d", m.name, m.index+1)
			}
			return fmt.Sprintf("\t%s [label=%s];\n", q(m.name), q(label))
		}
		why := "disabled by egg.Disable"
		if !p.disabled[m.name] {
			why = "off in env " + p.env
		}
		return fmt.Sprintf("\t%s [label=%s, color=gray, fontcolor=gray, style=\"rounded,dashed\"];\n", q(m.name), q(m.name+"\n"+why))
	}
	for i, fw := range fws {
		fmt.Fprintf(&b, "\tsubgraph cluster_%d {\n\t\tlabel=%s;\n\t\tstyle=dashed;\n\t\tcolor=gray;\n", i, q("framework "+fw))
		for _, m := range mods {
			if m.fw == fw {
				b.WriteString("\t" + node(m))
			}
		}
		b.WriteString("\t}\n")
	}
	for _, m := range mods {
		if m.fw == "" {
			b.WriteString(node(m))
		}
	}
	missing := map[string]bool{}
	edge := func(from *moduleInfo, to string, optional bool) {
		d, ok := byName[to]
		var attrs []string
		if optional {
			if !ok {
				return // an absent optional module changes nothing
			}
			attrs = append(attrs, "style=dashed", `label="optional"`)
		}
		switch {
		case !ok:
			missing[to] = true
			attrs = append(attrs, "color=red", `label="requires (missing)"`)
		case !p.moduleOn(from) || !p.moduleOn(d):
			attrs = append(attrs, "color=gray")
		}
		fmt.Fprintf(&b, "\t%s -> %s", q(from.name), q(to))
		if len(attrs) > 0 {
			fmt.Fprintf(&b, " [%s]", strings.Join(attrs, ", "))
		}
		b.WriteString(";\n")
	}
	for _, m := range mods {
		for _, r := range m.requires {
			edge(m, r, false)
		}
		for _, o := range m.optional {
			edge(m, o, true)
		}
	}
	for _, name := range sortedKeys(missing) {
		fmt.Fprintf(&b, "\t%s [label=%s, color=red, fontcolor=red];\n", q(name), q(name+"\nmissing"))
	}
	b.WriteString("}\n")
	return b.String()
}
