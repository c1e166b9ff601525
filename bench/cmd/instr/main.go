// Command instr turns two callgrind runs of one benchmark (b.N = n1 and
// b.N = n2 iterations) into instructions per operation, split into the
// garbage collector's work and the rest (the request path), for
// bench/instructions.sh.
//
// Usage:
//
//	instr -name Hello/chi -n1 20000 -ann1 a1.txt -log1 l1.txt \
//	      -n2 120000 -ann2 a2.txt -log2 l2.txt [-top 25 -topfile top.md]
//	instr -header
//
// ann1 and ann2 are `callgrind_annotate --threshold=100` outputs (self
// cost per function), log1 and log2 the output (stdout and stderr) of the
// same runs with GODEBUG=gctrace=1: the GC's cycle lines and the
// benchmark's result line with its live-heap-B metric. Everything the two runs share — start-up, the
// benchmark's setup, its first b.N=1 round — cancels out in the
// difference, so per op = (run2 − run1) / (n2 − n1), per function and in
// total. Background goroutines (the GC's mark workers, the sweeper) are
// included: they run because the operations allocate.
//
// It prints one Markdown table row: total, GC (see gcFunc), the rest
// ("request path"), of which allocation (see allocFunc) and egg's own code
// (functions of github.com/egg-go/egg outside bench/, self cost only: a
// stdlib call made by egg counts as stdlib), and GC cycles per 1000 ops
// (from gctrace) and the live heap after a full collection (the
// benchmark's live-heap-B).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

func main() {
	var o options
	flag.BoolVar(&o.header, "header", false, "print the table header and exit")
	flag.StringVar(&o.name, "name", "", "benchmark name for the row")
	flag.Int64Var(&o.n1, "n1", 0, "iterations of the first run")
	flag.Int64Var(&o.n2, "n2", 0, "iterations of the second run")
	flag.StringVar(&o.ann1, "ann1", "", "callgrind_annotate output of the first run")
	flag.StringVar(&o.ann2, "ann2", "", "callgrind_annotate output of the second run")
	flag.StringVar(&o.log1, "log1", "", "output of the first run, with GODEBUG=gctrace=1")
	flag.StringVar(&o.log2, "log2", "", "output of the second run, with GODEBUG=gctrace=1")
	flag.IntVar(&o.top, "top", 0, "also list the top functions per op")
	flag.IntVar(&o.byPkg, "bypkg", 0, "also list the top packages per op (self cost; the runtime split into GC, alloc and the rest)")
	flag.StringVar(&o.topFile, "topfile", "", "file to append the top-function and package lists to (default stderr)")
	flag.Parse()
	if o.header {
		fmt.Print(header)
		return
	}
	if err := run(o, os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "instr: %v\n", err)
		os.Exit(1)
	}
}

type options struct {
	header                       bool
	name, ann1, ann2, log1, log2 string
	n1, n2                       int64
	top, byPkg                   int
	topFile                      string
}

const header = "| benchmark | instr/op | GC instr/op | request path instr/op | of which alloc | of which egg code | GC cycles / 1000 ops | live heap after GC |\n" +
	"|---|---:|---:|---:|---:|---:|---:|---:|\n"

func run(o options, out io.Writer) error {
	if o.name == "" || o.n2 <= o.n1 || o.n1 < 0 {
		return fmt.Errorf("need -name and 0 <= -n1 < -n2, got %q, %d, %d", o.name, o.n1, o.n2)
	}
	a1, t1, err := readAnnotate(o.ann1)
	if err != nil {
		return err
	}
	a2, t2, err := readAnnotate(o.ann2)
	if err != nil {
		return err
	}
	c1, _, err := readLog(o.log1)
	if err != nil {
		return err
	}
	c2, heap, err := readLog(o.log2)
	if err != nil {
		return err
	}
	ops := float64(o.n2 - o.n1)
	d := diff(a1, a2)
	var gc, alloc, egg float64
	for fn, v := range d {
		switch {
		case gcFunc(fn):
			gc += v
		case allocFunc(fn):
			alloc += v
		}
		if eggFunc(fn) {
			egg += v
		}
	}
	total := float64(t2 - t1)
	fmt.Fprintf(out, "| %s | %s | %s (%.0f %%) | %s | %s | %s | %.2f | %s |\n", o.name,
		kilo(total/ops), kilo(gc/ops), 100*gc/total, kilo((total-gc)/ops), kilo(alloc/ops), kilo(egg/ops),
		1000*float64(c2-c1)/ops, heap)
	if o.top > 0 || o.byPkg > 0 {
		w := io.Writer(os.Stderr)
		if o.topFile != "" {
			f, err := os.OpenFile(o.topFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
			if err != nil {
				return err
			}
			defer f.Close()
			w = f
		}
		if o.byPkg > 0 {
			writePackages(w, o, d, ops)
		}
		if o.top > 0 {
			writeTop(w, o, d, ops)
		}
	}
	return nil
}

// kilo formats an instruction count: 4,512 → "4.51k", 312 → "312".
func kilo(v float64) string {
	if v >= 1000 || v <= -1000 {
		return strconv.FormatFloat(v/1000, 'f', 2, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', 0, 64)
}

func writeTop(w io.Writer, o options, d map[string]float64, ops float64) {
	type fv struct {
		fn string
		v  float64
	}
	var l []fv
	for fn, v := range d {
		l = append(l, fv{fn, v / ops})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
	fmt.Fprintf(w, "\n### %s: top %d functions, self instructions per op\n\n", o.name, o.top)
	fmt.Fprintf(w, "| instr/op | group | function |\n|---:|---|---|\n")
	for i, e := range l {
		if i == o.top {
			break
		}
		group := "request"
		switch {
		case gcFunc(e.fn):
			group = "GC"
		case allocFunc(e.fn):
			group = "alloc"
		}
		if eggFunc(e.fn) {
			group += ", egg"
		}
		fmt.Fprintf(w, "| %.0f | %s | `%s` |\n", e.v, group, e.fn)
	}
}

// writePackages lists the o.byPkg packages with the most self
// instructions per op.
func writePackages(w io.Writer, o options, d map[string]float64, ops float64) {
	pk := map[string]float64{}
	var total float64
	for fn, v := range d {
		pk[packageOf(fn)] += v
		total += v
	}
	type pv struct {
		pkg string
		v   float64
	}
	var l []pv
	for p, v := range pk {
		l = append(l, pv{p, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v })
	fmt.Fprintf(w, "\n### %s: top %d packages, self instructions per op\n\n", o.name, o.byPkg)
	fmt.Fprintf(w, "| instr/op | share | package |\n|---:|---:|---|\n")
	for i, e := range l {
		if i == o.byPkg {
			break
		}
		fmt.Fprintf(w, "| %s | %.1f %% | `%s` |\n", kilo(e.v/ops), 100*e.v/total, e.pkg)
	}
}

// packageOf returns the package of a function symbol
// ("go.uber.org/dig/internal/graph.IsAcyclic" → "go.uber.org/dig/internal/graph"),
// with the runtime split into "runtime (GC)", "runtime (alloc)" and
// "runtime", and assembly or C symbols as "(other)".
func packageOf(fn string) string {
	switch {
	case gcFunc(fn):
		return "runtime (GC)"
	case allocFunc(fn):
		return "runtime (alloc)"
	}
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return "(other)"
	}
	return fn[:slash+1+dot]
}

// diff returns b − a per function.
func diff(a, b map[string]int64) map[string]float64 {
	d := map[string]float64{}
	for fn, v := range b {
		d[fn] += float64(v)
	}
	for fn, v := range a {
		d[fn] -= float64(v)
	}
	return d
}

// annotateLine is one function line of callgrind_annotate's output:
// "  1,234 ( 0.12%)  /path/file.go:pkg.Func [/bin]"; the file is where
// the instructions' source lines are (an inlined callee's file), so one
// function can appear on several lines and is summed.
var annotateLine = regexp.MustCompile(`^\s*([0-9,]+) \([ 0-9.]+%\)\s+(.*)$`)

// recursion is callgrind's suffix for a recursive call level: "f'2".
var recursion = regexp.MustCompile(`'[0-9]+$`)

// readAnnotate returns the self instructions per function and the
// program total from a callgrind_annotate output.
func readAnnotate(path string) (map[string]int64, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	fns := map[string]int64{}
	var total int64 = -1
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		m := annotateLine.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		v, err := strconv.ParseInt(strings.ReplaceAll(m[1], ",", ""), 10, 64)
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %q: %v", path, sc.Text(), err)
		}
		rest := m[2]
		if rest == "PROGRAM TOTALS" {
			total = v
			continue
		}
		if i := strings.LastIndex(rest, " ["); i >= 0 && strings.HasSuffix(rest, "]") {
			rest = rest[:i]
		}
		fn := rest
		if i := strings.Index(rest, ":"); i >= 0 {
			fn = rest[i+1:]
		}
		fns[recursion.ReplaceAllString(fn, "")] += v
	}
	if err := sc.Err(); err != nil {
		return nil, 0, err
	}
	if total < 0 {
		return nil, 0, fmt.Errorf("%s: no PROGRAM TOTALS line: not a callgrind_annotate output", path)
	}
	return fns, total, nil
}

// gcLine is a gctrace line: "gc 12 @0.5s 3%: ...".
var gcLine = regexp.MustCompile(`^gc (\d+) @`)

// heapMetric is the benchmark's live-heap-B metric on its result line.
var heapMetric = regexp.MustCompile(`\s([0-9.e+]+) live-heap-B\b`)

// readLog returns the number of the run's last GC cycle and its live heap
// after a full collection ("1.39 MB", or "n/a").
func readLog(path string) (int, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, "", err
	}
	defer f.Close()
	n, heap := 0, "n/a"
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := gcLine.FindStringSubmatch(sc.Text()); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		if m := heapMetric.FindStringSubmatch(sc.Text()); m != nil {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil {
				heap = strconv.FormatFloat(v/1e6, 'f', 2, 64) + " MB"
			}
		}
	}
	return n, heap, sc.Err()
}

// gcPatterns name the runtime's garbage-collector functions: marking
// (Green Tea's span scanning included), the mark workers and assists,
// write barriers (on only while a cycle marks), sweeping and pacing.
var gcPatterns = regexp.MustCompile(`^(gcWriteBarrier|runtime\.(gc|\(\*gc|wbBuf|wbMove|wbZero|bulkBarrier|typePointers\.|\(\*mspan\)\.(typePointersOf|moveInlineMarks|markBitsForIndex|heapBitsSmallForAddr|sweep)|scan|greyobject|findObject|markroot|tryDeferToSpanScan|shade|\(\*spanInlineMarkBits\)|\(\*spanQueue\)|\(\*spanSPMC|sweepone|bgsweep|\(\*sweepLocke[dr]\)|\(\*activeSweep\)|\(\*mheap\)\.(nextSpanForSweep|reclaim)|finishsweep_m|deductSweepCredit|markBits|\(\*markBits\)|spanOfHeap|clearpools|\(\*mcentral\)\.(partial|full)(Un)?[sS]wept))`)

func gcFunc(fn string) bool { return gcPatterns.MatchString(fn) }

// allocPatterns name the allocator: mallocgc and its size-class paths,
// span refills, heap bitmaps written at allocation, and zeroing.
var allocPatterns = regexp.MustCompile(`^runtime\.(mallocgc|newobject|newarray|makeslice|makemap|growslice|rawstring|rawbyteslice|rawruneslice|nextFreeFast|heapSetType|memclrNoHeapPointers|publicationBarrier|\(\*mcache\)|\(\*mcentral\)|\(\*mheap\)\.(alloc|initSpan|setSpans|freeSpan|allocNeedsZero|grow)|\(\*mspan\)\.(writeHeapBits|init|initHeapBits|nextFreeIndex|refillAllocCache|heapBits))`)

func allocFunc(fn string) bool { return allocPatterns.MatchString(fn) }

// eggFunc reports egg's own code: the kernel and its modules, not the
// benchmark apps.
func eggFunc(fn string) bool {
	return strings.HasPrefix(fn, "github.com/egg-go/egg") && !strings.HasPrefix(fn, "github.com/egg-go/egg/bench")
}
