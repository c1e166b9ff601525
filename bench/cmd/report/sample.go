package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// sample is one measured wrk run against one server and route.
type sample struct {
	rep, order    int // repetition, and the server's place in its rotating order
	server, route string
	attempt       int
	kept, noisy   bool // kept: aggregated; noisy: kept although neighbours were busy
	startupMs     float64
	requests      float64
	durationUs    float64
	p50Us, p99Us  float64
	errs          float64 // connect + read + write + timeout + HTTP ≥ 400
	cpuTicks      float64 // the server's process tree, during the run
	wrkTicks      float64 // wrk itself
	sysBusy       float64 // the whole machine, busy ticks during the run
	sysTotal      float64 // the whole machine, all ticks during the run
	idleBusyPct   float64 // the machine's load in the idle check before the run
	clkTck        float64
	rssKB         float64
}

func (s sample) reqPerSec() float64 { return div(s.requests, s.durationUs/1e6) }
func (s sample) cpuUsPerReq() float64 {
	return div(s.cpuTicks/s.clkTck*1e6, s.requests)
}
func (s sample) rssMB() float64 { return s.rssKB / 1024 }
func (s sample) p99Ms() float64 { return s.p99Us / 1000 }

// neighbourPct is the share of the machine that other processes used
// during the run: busy ticks minus the server's and wrk's.
func (s sample) neighbourPct() float64 {
	return 100 * div(max(0, s.sysBusy-s.cpuTicks-s.wrkTicks), s.sysTotal)
}

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
	"rep", "order", "server", "route", "attempt", "kept", "noisy", "startup_ms",
	"requests", "duration_us", "p50_us", "p99_us", "errors_connect", "errors_read",
	"errors_write", "errors_status", "errors_timeout", "cpu_ticks", "wrk_ticks",
	"sys_busy_ticks", "sys_total_ticks", "idle_busy_pct", "clk_tck", "rss_kb",
}

// readSamples parses raw.csv: a header row naming the columns (any order,
// extra columns ignored), then one row per run.
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
			return nil, fmt.Errorf("missing column %q (written by an older compare.sh? run it again)", name)
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
			rep:         int(num("rep")),
			order:       int(num("order")),
			server:      rec[col["server"]],
			route:       rec[col["route"]],
			attempt:     int(num("attempt")),
			kept:        num("kept") != 0,
			noisy:       num("noisy") != 0,
			startupMs:   num("startup_ms"),
			requests:    num("requests"),
			durationUs:  num("duration_us"),
			p50Us:       num("p50_us"),
			p99Us:       num("p99_us"),
			cpuTicks:    num("cpu_ticks"),
			wrkTicks:    num("wrk_ticks"),
			sysBusy:     num("sys_busy_ticks"),
			sysTotal:    num("sys_total_ticks"),
			idleBusyPct: num("idle_busy_pct"),
			clkTck:      num("clk_tck"),
			rssKB:       num("rss_kb"),
		}
		s.errs = num("errors_connect") + num("errors_read") + num("errors_write") +
			num("errors_timeout") + num("errors_status")
		if perr != nil {
			return nil, perr
		}
		out = append(out, s)
	}
}
