// Command report aggregates the per-repetition measurements written by
// bench/compare.sh (raw.csv) into a Markdown summary (results.md) and a
// gnuplot script that draws the bar chart (chart.png).
//
// Usage:
//
//	report -raw bench/results/raw.csv -md bench/results/results.md \
//	       [-gp chart.gp -png bench/results/chart.png] \
//	       [-date D] [-machine M] [-command C] [-settings S]
//
// raw.csv has one row per (rep, server, route) with a header row naming the
// columns (any order): rep, server, route, startup_ms, requests, duration_us,
// p50_us, p99_us, errors_connect, errors_read, errors_write, errors_status,
// errors_timeout, cpu_ticks, clk_tck, rss_kb. Derived values are computed
// here: req/s = requests / duration, CPU µs/req = cpu_ticks / clk_tck /
// requests, RSS MB = rss_kb / 1024. The summary tables show, per route and
// server, the median over repetitions.
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
)

func main() {
	var opts options
	flag.StringVar(&opts.raw, "raw", "bench/results/raw.csv", "input CSV written by compare.sh")
	flag.StringVar(&opts.md, "md", "bench/results/results.md", "Markdown summary to write")
	flag.StringVar(&opts.gp, "gp", "", "gnuplot script to write (none if empty)")
	flag.StringVar(&opts.png, "png", "bench/results/chart.png", "PNG file the gnuplot script draws")
	flag.StringVar(&opts.date, "date", "", "date line for the summary")
	flag.StringVar(&opts.machine, "machine", "", "machine line for the summary")
	flag.StringVar(&opts.command, "command", "", "command line that produced the data")
	flag.StringVar(&opts.settings, "settings", "", "load settings line (duration, connections, ...)")
	flag.Parse()
	if err := run(opts); err != nil {
		fmt.Fprintf(os.Stderr, "report: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	raw, md, gp, png                 string
	date, machine, command, settings string
}

func run(opts options) error {
	f, err := os.Open(opts.raw)
	if err != nil {
		return err
	}
	samples, err := readSamples(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", opts.raw, err)
	}
	if len(samples) == 0 {
		return fmt.Errorf("%s: no data rows", opts.raw)
	}
	d := aggregate(samples)
	if err := os.WriteFile(opts.md, []byte(markdown(d, opts)), 0o644); err != nil {
		return err
	}
	if opts.gp != "" {
		if err := os.WriteFile(opts.gp, []byte(gnuplot(d, opts.png)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// sample is one wrk run against one server and route in one repetition.
type sample struct {
	rep           int
	server, route string
	startupMs     float64
	requests      float64
	durationUs    float64
	p50Us, p99Us  float64
	errs          float64 // connect + read + write + timeout + non-2xx/3xx
	errsStatus    float64 // non-2xx/3xx responses alone
	cpuTicks      float64
	clkTck        float64
	rssKB         float64
}

func (s sample) reqPerSec() float64 { return div(s.requests, s.durationUs/1e6) }
func (s sample) cpuUsPerReq() float64 {
	return div(s.cpuTicks/s.clkTck*1e6, s.requests)
}
func (s sample) rssMB() float64 { return s.rssKB / 1024 }
func (s sample) p99Ms() float64 { return s.p99Us / 1000 }

// div returns a/b, or NaN when b is zero.
func div(a, b float64) float64 {
	if b == 0 {
		return nan()
	}
	return a / b
}

func nan() float64 {
	var zero float64
	return zero / zero
}

var requiredColumns = []string{
	"rep", "server", "route", "startup_ms", "requests", "duration_us",
	"p50_us", "p99_us", "errors_connect", "errors_read", "errors_write",
	"errors_status", "errors_timeout", "cpu_ticks", "clk_tck", "rss_kb",
}

// readSamples parses raw.csv.
func readSamples(r io.Reader) ([]sample, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	col := map[string]int{}
	for i, name := range header {
		col[strings.TrimSpace(name)] = i
	}
	for _, name := range requiredColumns {
		if _, ok := col[name]; !ok {
			return nil, fmt.Errorf("missing column %q", name)
		}
	}
	var out []sample
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		var perr error
		num := func(name string) float64 {
			v, err := strconv.ParseFloat(strings.TrimSpace(rec[col[name]]), 64)
			if err != nil && perr == nil {
				perr = fmt.Errorf("line %d: column %s: %w", line, name, err)
			}
			return v
		}
		s := sample{
			rep:        int(num("rep")),
			server:     rec[col["server"]],
			route:      rec[col["route"]],
			startupMs:  num("startup_ms"),
			requests:   num("requests"),
			durationUs: num("duration_us"),
			p50Us:      num("p50_us"),
			p99Us:      num("p99_us"),
			errsStatus: num("errors_status"),
			cpuTicks:   num("cpu_ticks"),
			clkTck:     num("clk_tck"),
			rssKB:      num("rss_kb"),
		}
		s.errs = num("errors_connect") + num("errors_read") + num("errors_write") +
			num("errors_timeout") + s.errsStatus
		if perr != nil {
			return nil, perr
		}
		out = append(out, s)
	}
}

// stat is the median (and range) of one metric over repetitions.
type stat struct {
	median, min, max float64
}

// cell holds the aggregated metrics of one server on one route.
type cell struct {
	reps                           int
	reqPerSec, p99Ms, cpuUs, rssMB stat
	startupMs                      stat
	errs                           float64
}

// data is the aggregated result: routes in first-seen order, servers in
// serverOrder, then first-seen order.
type data struct {
	servers, routes []string
	cells           map[[2]string]cell // key: {server, route}
	samples         []sample
}

func (d data) cell(server, route string) (cell, bool) {
	c, ok := d.cells[[2]string{server, route}]
	return c, ok
}

func aggregate(samples []sample) data {
	d := data{cells: map[[2]string]cell{}, samples: samples}
	groups := map[[2]string][]sample{}
	for _, s := range samples {
		if !slices.Contains(d.servers, s.server) {
			d.servers = append(d.servers, s.server)
		}
		if !slices.Contains(d.routes, s.route) {
			d.routes = append(d.routes, s.route)
		}
		k := [2]string{s.server, s.route}
		groups[k] = append(groups[k], s)
	}
	slices.SortStableFunc(d.servers, func(a, b string) int { return serverRank(a) - serverRank(b) })
	for k, g := range groups {
		c := cell{
			reps:      len(g),
			reqPerSec: summarize(g, sample.reqPerSec),
			p99Ms:     summarize(g, sample.p99Ms),
			cpuUs:     summarize(g, sample.cpuUsPerReq),
			rssMB:     summarize(g, sample.rssMB),
			startupMs: summarize(g, func(s sample) float64 { return s.startupMs }),
		}
		for _, s := range g {
			c.errs += s.errs
		}
		d.cells[k] = c
	}
	return d
}

// summarize returns the median, min and max of f over g.
func summarize(g []sample, f func(sample) float64) stat {
	v := make([]float64, len(g))
	for i, s := range g {
		v[i] = f(s)
	}
	sort.Float64s(v)
	n := len(v)
	st := stat{min: v[0], max: v[n-1]}
	if n%2 == 1 {
		st.median = v[n/2]
	} else {
		st.median = (v[n/2-1] + v[n/2]) / 2
	}
	return st
}

// ratioPair compares server a against server b on some metrics.
type ratioPair struct {
	a, b    string
	metrics []ratioMetric
}

type ratioMetric struct {
	name string
	get  func(cell) float64
	hint string
}

var (
	ratioReq = ratioMetric{"req/s", func(c cell) float64 { return c.reqPerSec.median }, "higher is better"}
	ratioCPU = ratioMetric{"CPU/req", func(c cell) float64 { return c.cpuUs.median }, "lower is better"}
	ratioRSS = ratioMetric{"RSS", func(c cell) float64 { return c.rssMB.median }, "lower is better"}

	ratioPairs = []ratioPair{
		{"egg", "chi", []ratioMetric{ratioReq, ratioCPU}},
		{"egg", "eggjs-2", []ratioMetric{ratioReq, ratioCPU, ratioRSS}},
	}
)

func markdown(d data, opts options) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }

	p("# Over-the-wire comparison: egg vs chi vs Egg.js\n\n")
	p("Generated by `bench/compare.sh` (see bench/README.md).\n\n")
	if opts.date != "" {
		p("- Date: %s\n", opts.date)
	}
	if opts.machine != "" {
		p("- Machine: %s\n", opts.machine)
	}
	if opts.settings != "" {
		p("- Load: %s\n", opts.settings)
	}
	if opts.command != "" {
		p("- Command: `%s`\n", opts.command)
	}
	p("- Servers: %s\n\n", strings.Join(d.servers, ", "))
	p("Each value is the median over repetitions (%s). ", repsText(d))
	p("Req/s and p99 come from wrk; CPU µs/req is the user+system CPU time of the server's whole process tree during the measured wrk run divided by the requests completed; RSS is the summed VmRSS of the process tree right after that run; start-up is the time from exec to the first 200 OK on /hello.\n\n")

	for _, route := range d.routes {
		p("## GET %s\n\n", route)
		p("| server | req/s | p99 ms | CPU µs/req | RSS MB | start-up ms | errors |\n")
		p("|---|---:|---:|---:|---:|---:|---:|\n")
		for _, server := range d.servers {
			c, ok := d.cell(server, route)
			if !ok {
				continue
			}
			p("| %s | %s | %s | %s | %s | %s | %s |\n", server,
				fmtNum(c.reqPerSec.median, 0), fmtNum(c.p99Ms.median, 2),
				fmtNum(c.cpuUs.median, 1), fmtNum(c.rssMB.median, 1),
				fmtNum(c.startupMs.median, 1), fmtNum(c.errs, 0))
		}
		p("\n")
	}

	p("## Ratios\n\n")
	p("Ratios of medians, first server divided by second.\n\n")
	for _, rp := range ratioPairs {
		if !slices.Contains(d.servers, rp.a) || !slices.Contains(d.servers, rp.b) {
			p("- %s vs %s: not shown, ", rp.a, rp.b)
			var missing []string
			for _, s := range []string{rp.a, rp.b} {
				if !slices.Contains(d.servers, s) {
					missing = append(missing, s)
				}
			}
			p("%s did not run.\n", strings.Join(missing, " and "))
			continue
		}
		p("### %s vs %s\n\n", rp.a, rp.b)
		p("| route |")
		for _, m := range rp.metrics {
			p(" %s ratio (%s) |", m.name, m.hint)
		}
		p("\n|---|")
		for range rp.metrics {
			p("---:|")
		}
		p("\n")
		for _, route := range d.routes {
			ca, okA := d.cell(rp.a, route)
			cb, okB := d.cell(rp.b, route)
			if !okA || !okB {
				continue
			}
			p("| %s |", route)
			for _, m := range rp.metrics {
				p(" %s |", fmtRatio(div(m.get(ca), m.get(cb))))
			}
			p("\n")
		}
		p("\n")
	}
	p("\n")

	p("## Chart\n\n![req/s and CPU µs/req per server and route](chart.png)\n\n")

	p("## Per-repetition data\n\n")
	p("Raw numbers are in `raw.csv`.\n\n")
	p("| rep | server | route | req/s | p50 ms | p99 ms | CPU µs/req | RSS MB | start-up ms | errors |\n")
	p("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, s := range d.samples {
		p("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", s.rep, s.server, s.route,
			fmtNum(s.reqPerSec(), 0), fmtNum(s.p50Us/1000, 2), fmtNum(s.p99Ms(), 2),
			fmtNum(s.cpuUsPerReq(), 1), fmtNum(s.rssMB(), 1), fmtNum(s.startupMs, 1),
			fmtNum(s.errs, 0))
	}
	return b.String()
}

// repsText describes how many repetitions the medians are over.
func repsText(d data) string {
	n := map[int]bool{}
	for _, c := range d.cells {
		n[c.reps] = true
	}
	if len(n) == 1 {
		for k := range n {
			if k == 1 {
				return "1 repetition, so simply that run"
			}
			return fmt.Sprintf("%d repetitions", k)
		}
	}
	return "repetition counts differ between servers"
}

func fmtNum(v float64, prec int) string {
	if v != v {
		return "n/a"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func fmtRatio(v float64) string {
	if v != v {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", v)
}

// serverOrder is the display order of the known servers; others follow in
// the order they first appear in raw.csv.
var serverOrder = []string{"chi", "egg", "eggjs-1", "eggjs-2"}

func serverRank(server string) int {
	if i := slices.Index(serverOrder, server); i >= 0 {
		return i
	}
	return len(serverOrder)
}

// serverColor picks a stable bar colour for a server name.
func serverColor(server string, i int) string {
	switch server {
	case "chi":
		return "#7f7f7f"
	case "egg":
		return "#2ca02c"
	case "eggjs-1":
		return "#9ecae1"
	case "eggjs-2":
		return "#3182bd"
	}
	palette := []string{"#ff7f0e", "#d62728", "#9467bd", "#8c564b"}
	return palette[i%len(palette)]
}

// gnuplot returns a gnuplot script drawing two panels of grouped bars
// (req/s, CPU µs/req), one group per route and one bar per server, with
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
	block("reqs", func(c cell) stat { return c.reqPerSec }, 0)
	block("cpu", func(c cell) stat { return c.cpuUs }, 1)

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
	plot("Requests per second (higher is better)", "reqs")
	plot("Server CPU per request, µs (lower is better)", "cpu")
	p("unset multiplot\n")
	return b.String()
}
