package main

import (
	"fmt"
	"strconv"
	"strings"
)

// serverColor picks a stable bar colour for a server name.
func serverColor(server string, i int) string {
	switch server {
	case "chi":
		return "#7f7f7f"
	case "egg-minimal":
		return "#98df8a"
	case "egg-default":
		return "#2ca02c"
	case "eggjs-minimal":
		return "#9ecae1"
	case "eggjs-default":
		return "#3182bd"
	}
	palette := []string{"#ff7f0e", "#d62728", "#9467bd", "#8c564b"}
	return palette[i%len(palette)]
}

// gnuplot returns a gnuplot script drawing two panels of grouped bars
// (CPU µs/req, the headline, then req/s), one group per route and one bar per server, with
// min–max whiskers over repetitions, into png.
func gnuplot(d data, png string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	n := len(d.servers)
	width := 0.8 / float64(n)
	block := func(name string, get func(cell) stat, prec int) {
		p("$%s << EOD\n", name)
		for ri, route := range d.routes {
			for si, server := range d.servers {
				c, ok := d.cell(server, route)
				if !ok {
					continue
				}
				st := get(c)
				if st.median != st.median {
					continue
				}
				x := float64(ri+1) - 0.4 + width*(float64(si)+0.5)
				color, _ := strconv.ParseInt(strings.TrimPrefix(serverColor(server, si), "#"), 16, 64)
				p("%.4f %g %g %g %d \"%s\"\n", x, st.median, st.min, st.max, color,
					fmtNum(st.median, prec))
			}
		}
		p("EOD\n\n")
	}
	block("cpu", func(c cell) stat { return c.cpuUs }, 1)
	block("reqs", func(c cell) stat { return c.reqPerSec }, 0)

	var xtics []string
	for i, r := range d.routes {
		xtics = append(xtics, fmt.Sprintf("\"GET %s\" %d", r, i+1))
	}

	p("set terminal pngcairo size 1400,560 font \"Sans,11\"\n")
	p("set output %q\n", png)
	p("set style fill solid 0.9 border -1\n")
	p("set boxwidth %.4f absolute\n", width*0.95)
	p("set xtics (%s) nomirror scale 0\n", strings.Join(xtics, ", "))
	p("set xrange [0.5:%g]\n", float64(len(d.routes))+0.5)
	p("set yrange [0:*]\n")
	p("set grid ytics lc rgb \"#dddddd\"\n")
	p("set key outside bottom center horizontal\n")
	p("set offsets 0, 0, graph 0.12, 0\n")
	// Whiskers (min–max over repetitions) only when there is more than one.
	whiskers := false
	for _, c := range d.cells {
		whiskers = whiskers || c.reps > 1
	}
	title := "egg vs chi vs Egg.js over the wire (median of repetitions"
	if whiskers {
		title += "; whiskers: min–max"
	}
	p("set multiplot layout 1,2 title %q\n", title+")")
	plot := func(title, block string) {
		p("set title %q\n", title)
		var keys []string
		for i, s := range d.servers {
			keys = append(keys, fmt.Sprintf("keyentry with boxes lc rgb %q title %q", serverColor(s, i), s))
		}
		p("plot $%s using 1:2:5 with boxes lc rgb variable notitle, \\\n", block)
		if whiskers {
			p("     $%s using 1:3:(0):($4-$3) with vectors nohead lc rgb \"black\" lw 1.5 notitle, \\\n", block)
		}
		p("     $%s using 1:4:6 with labels offset 0,0.8 font \",9\" notitle, \\\n", block)
		p("     %s\n", strings.Join(keys, ", \\\n     "))
	}
	plot("Server CPU per request, µs (lower is better)", "cpu")
	plot("Requests per second (higher is better)", "reqs")
	p("unset multiplot\n")
	return b.String()
}
