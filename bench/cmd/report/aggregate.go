package main

import (
	"slices"
	"sort"
)

// stat is the median and range of one metric over repetitions.
type stat struct {
	median, min, max float64
}

// spreadPct is the range as a share of the median.
func (s stat) spreadPct() float64 { return 100 * div(s.max-s.min, s.median) }

// cell holds the aggregated metrics of one server on one route, over the
// kept runs.
type cell struct {
	reps                           int // kept runs
	noisy, discarded               int
	reqPerSec, p99Ms, cpuUs, rssMB stat
	neighbourPct                   stat
	errs                           float64
}

// data is the aggregated result: routes in first-seen order, servers in
// serverOrder, then first-seen order.
type data struct {
	servers, routes []string
	cells           map[[2]string]cell // key: {server, route}
	startup         map[string]stat    // per server, over its starts
	samples         []sample           // every run, discarded ones too
}

func (d data) cell(server, route string) (cell, bool) {
	c, ok := d.cells[[2]string{server, route}]
	return c, ok
}

func aggregate(samples []sample) data {
	d := data{cells: map[[2]string]cell{}, startup: map[string]stat{}, samples: samples}
	groups := map[[2]string][]sample{}
	discarded := map[[2]string]int{}
	starts := map[string]map[int]float64{} // server → rep → start-up ms
	for _, s := range samples {
		if !slices.Contains(d.servers, s.server) {
			d.servers = append(d.servers, s.server)
		}
		if !slices.Contains(d.routes, s.route) {
			d.routes = append(d.routes, s.route)
		}
		k := [2]string{s.server, s.route}
		if !s.kept {
			discarded[k]++
			continue
		}
		groups[k] = append(groups[k], s)
		if starts[s.server] == nil {
			starts[s.server] = map[int]float64{}
		}
		starts[s.server][s.rep] = s.startupMs // one start per server and rep
	}
	slices.SortStableFunc(d.servers, func(a, b string) int { return serverRank(a) - serverRank(b) })
	for k, g := range groups {
		c := cell{
			reps:         len(g),
			discarded:    discarded[k],
			reqPerSec:    summarize(g, sample.reqPerSec),
			p99Ms:        summarize(g, sample.p99Ms),
			cpuUs:        summarize(g, sample.cpuUsPerReq),
			rssMB:        summarize(g, sample.rssMB),
			neighbourPct: summarize(g, sample.neighbourPct),
		}
		for _, s := range g {
			c.errs += s.errs
			if s.noisy {
				c.noisy++
			}
		}
		d.cells[k] = c
	}
	for server, byRep := range starts {
		var v []float64
		for _, ms := range byRep {
			v = append(v, ms)
		}
		d.startup[server] = summarizeValues(v)
	}
	return d
}

// summarize returns the median, min and max of f over g.
func summarize(g []sample, f func(sample) float64) stat {
	v := make([]float64, len(g))
	for i, s := range g {
		v[i] = f(s)
	}
	return summarizeValues(v)
}

func summarizeValues(v []float64) stat {
	if len(v) == 0 {
		return stat{nan(), nan(), nan()}
	}
	v = slices.Clone(v)
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

// serverOrder is the display order of the known servers; others follow in
// the order they first appear in raw.csv.
var serverOrder = []string{"chi", "egg-minimal", "egg-default", "eggjs-minimal", "eggjs-default"}

func serverRank(server string) int {
	if i := slices.Index(serverOrder, server); i >= 0 {
		return i
	}
	return len(serverOrder)
}
