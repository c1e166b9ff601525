package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// annotate writes a callgrind_annotate-like file: the total, then self
// costs per function, one function split over two source files as
// inlining makes it.
func annotate(t *testing.T, dir, name string, total, chi, gc, malloc, egg int) string {
	t.Helper()
	text := "--------------------------------------------------------------------------------\n" +
		"Ir\n--------------------------------------------------------------------------------\n" +
		fmtInt(total) + " (100.0%)  PROGRAM TOTALS\n\n" +
		"--------------------------------------------------------------------------------\n" +
		"Ir                   file:function\n" +
		"--------------------------------------------------------------------------------\n" +
		fmtInt(chi/2) + " ( 8.51%)  /x/tree.go:github.com/go-chi/chi/v5.(*node).findRoute'2 [/tmp/b.test]\n" +
		fmtInt(chi/2) + " ( 8.51%)  /x/mux.go:github.com/go-chi/chi/v5.(*node).findRoute [/tmp/b.test]\n" +
		fmtInt(gc) + " ( 5.17%)  /go/src/runtime/mgcmark_greenteagc.go:runtime.tryDeferToSpanScan [/tmp/b.test]\n" +
		fmtInt(malloc) + " ( 7.18%)  /go/src/runtime/malloc.go:runtime.mallocgcSmallScanNoHeader\n" +
		fmtInt(egg) + " ( 1.00%)  /w/ctx.go:github.com/egg-go/egg.(*App).acquire [/tmp/b.test]\n" +
		"     7 ( 0.00%)  /w/bench.go:github.com/egg-go/egg/bench.serveLoop [/tmp/b.test]\n"
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// fmtInt writes n with thousands separators, as callgrind_annotate does.
func fmtInt(n int) string {
	s := []byte(strconv.Itoa(n))
	var out []byte
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	return string(out)
}

func writeLog(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRow(t *testing.T) {
	dir := t.TempDir()
	// 1000 more ops in run 2: 3,000,000 more instructions, of which
	// 1,000,000 GC, 500,000 alloc, 200,000 egg, 1,300,000 chi.
	a1 := annotate(t, dir, "a1", 10_000_000, 2_000_000, 1_000_000, 600_000, 100_000)
	a2 := annotate(t, dir, "a2", 13_000_000, 3_300_000, 2_000_000, 1_100_000, 300_000)
	l1 := writeLog(t, dir, "l1", "gc 3 @0.1s 2%: ...\nBenchmarkHello/egg 1000 5 ns/op 1393512 live-heap-B 400 B/op\n")
	l2 := writeLog(t, dir, "l2", "gc 3 @0.1s 2%: ...\ngc 5 @0.2s 2%: ...\nBenchmarkHello/egg 2000 5 ns/op 1400000 live-heap-B 400 B/op\n")
	var out strings.Builder
	err := run(options{name: "Hello/egg", n1: 1000, n2: 2000, ann1: a1, ann2: a2, log1: l1, log2: l2}, &out)
	if err != nil {
		t.Fatal(err)
	}
	want := "| Hello/egg | 3.00k | 1.00k (33 %) | 2.00k | 500 | 200 | 2.00 | 1.40 MB |\n"
	if out.String() != want {
		t.Fatalf("row\n%s\nwant\n%s", out.String(), want)
	}
}

func TestRowErrors(t *testing.T) {
	dir := t.TempDir()
	a := annotate(t, dir, "a", 10, 2, 2, 2, 2)
	notAnnotate := writeLog(t, dir, "x", "hello\n")
	for _, tc := range []struct {
		name string
		o    options
		want string
	}{
		{"n2 not above n1", options{name: "X", n1: 5, n2: 5, ann1: a, ann2: a, log1: a, log2: a}, "0 <= -n1 < -n2"},
		{"no name", options{n1: 1, n2: 5}, "need -name"},
		{"not an annotation", options{name: "X", n1: 1, n2: 5, ann1: notAnnotate, ann2: a, log1: a, log2: a}, "no PROGRAM TOTALS"},
		{"missing file", options{name: "X", n1: 1, n2: 5, ann1: filepath.Join(dir, "nope"), ann2: a}, "no such file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.o, &strings.Builder{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestGroups(t *testing.T) {
	for _, tc := range []struct {
		fn        string
		gc, alloc bool
		pkg       string
	}{
		{"runtime.scanObject", true, false, "runtime (GC)"},
		{"gcWriteBarrier", true, false, "runtime (GC)"},
		{"runtime.(*gcWork).tryGet", true, false, "runtime (GC)"},
		{"runtime.bulkBarrierPreWrite", true, false, "runtime (GC)"},
		{"runtime.mallocgc", false, true, "runtime (alloc)"},
		{"runtime.(*mspan).writeHeapBitsSmall", false, true, "runtime (alloc)"},
		{"runtime.mapaccess2_faststr", false, false, "runtime"},
		{"go.uber.org/dig/internal/graph.IsAcyclic", false, false, "go.uber.org/dig/internal/graph"},
		{"github.com/go-chi/chi/v5.(*Mux).ServeHTTP", false, false, "github.com/go-chi/chi/v5"},
		{"memeqbody", false, false, "(other)"},
	} {
		if gcFunc(tc.fn) != tc.gc || allocFunc(tc.fn) != tc.alloc || packageOf(tc.fn) != tc.pkg {
			t.Errorf("%s: gc %v alloc %v package %q; want %v %v %q", tc.fn,
				gcFunc(tc.fn), allocFunc(tc.fn), packageOf(tc.fn), tc.gc, tc.alloc, tc.pkg)
		}
	}
}
