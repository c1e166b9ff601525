// Command report aggregates the per-run measurements written by
// bench/compare.sh (raw.csv) into a Markdown summary (results.md) and a
// gnuplot script that draws the bar chart (chart.png).
//
// Usage:
//
//	report -raw bench/results/raw.csv -md bench/results/results.md \
//	       [-gp chart.gp -png bench/results/chart.png] \
//	       [-date D] [-machine M] [-command C] [-settings S]
//
// raw.csv has one row per measured wrk run (sample.go names the columns);
// a run discarded for neighbour load (kept = 0) is listed but not
// aggregated. The summary shows, per route and server, the median over
// repetitions and the min–max spread of the server's CPU time per request
// (the headline) and of req/s, then the ratios between the frameworks and
// start-up as a multiple of bare chi's.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	var opts options
	flag.StringVar(&opts.raw, "raw", "bench/results/raw.csv", "input CSV written by compare.sh")
	flag.StringVar(&opts.md, "md", "bench/results/results.md", "Markdown summary to write")
	flag.StringVar(&opts.gp, "gp", "", "gnuplot script to write (none if empty)")
	flag.StringVar(&opts.png, "png", "bench/results/chart.png", "PNG file the gnuplot script draws")
	flag.StringVar(&opts.date, "date", "", "date line for the summary")
	flag.StringVar(&opts.machine, "machine", "", "machine line for the summary (CPUs, CPU model, kernel, versions)")
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
