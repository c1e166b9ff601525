package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const header = "rep,order,server,route,attempt,kept,noisy,startup_ms,requests,duration_us,p50_us,p99_us," +
	"errors_connect,errors_read,errors_write,errors_status,errors_timeout,cpu_ticks,wrk_ticks," +
	"sys_busy_ticks,sys_total_ticks,idle_busy_pct,clk_tck,ncpu,rss_kb\n"

// row is a run of 100000 requests in 10 s with cpu ticks of server CPU
// (100 ticks/s, so cpu/10 µs per request).
func row(rep, order int, server, route string, attempt, kept, noisy int, startup float64, cpu, busy int, rss int) string {
	return strings.Join([]string{
		itoa(rep), itoa(order), server, route, itoa(attempt), itoa(kept), itoa(noisy), ftoa(startup),
		"100000", "10000000", "500", "2000", "0", "0", "0", "0", "0", itoa(cpu), "50",
		itoa(busy), "2000", "3", "100", "2", itoa(rss),
	}, ",") + "\n"
}

func itoa(i int) string     { return strconv.Itoa(i) }
func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func TestReport(t *testing.T) {
	raw := header +
		row(1, 1, "chi", "/hello", 1, 1, 0, 10, 100, 160, 10240) + // 10 µs/req
		row(1, 2, "egg-default", "/hello", 1, 0, 0, 12, 900, 1900, 20480) + // discarded: not aggregated
		row(1, 2, "egg-default", "/hello", 2, 1, 0, 12, 120, 180, 20480) + // 12 µs/req
		row(2, 1, "egg-default", "/hello", 1, 1, 1, 14, 140, 600, 20480) + // 14 µs/req, noisy
		row(2, 2, "chi", "/hello", 1, 1, 0, 10, 110, 170, 10240) // 11 µs/req
	dir := t.TempDir()
	in := filepath.Join(dir, "raw.csv")
	if err := os.WriteFile(in, []byte(raw), 0o644); err != nil {
		t.Fatal(err)
	}
	md := filepath.Join(dir, "results.md")
	gp := filepath.Join(dir, "chart.gp")
	if err := run(options{raw: in, md: md, gp: gp, png: "chart.png", machine: "2 CPUs, Test CPU, Linux 6.1"}); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"- Machine: 2 CPUs, Test CPU, Linux 6.1",
		"| chi | 10.5 | 10.0–11.0 (±5 %) | 10000 | – |",         // median of 10 and 11 µs
		"| egg-default | 13.0 | 12.0–14.0 (±8 %) | 10000 | – |", // the discarded 90 µs run left out
		"| 2 (1) | 0 |", // two kept runs, one noisy
		"| egg-default | chi | /hello | 1.24× | 1.00× | – |", // 13 / 10.5
		"| egg-default | 13.0 | 12.0–14.0 (±8 %) | 1.30× |",  // start-up 13 ms vs chi's 10
		"1 run(s) were discarded and redone",
		"| 1 | 2 | egg-default | /hello | 1 | no (redone) | 90.0 |",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("results.md lacks %q:\n%s", want, out)
		}
	}
	script, err := os.ReadFile(gp)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(script), "whiskers: min–max") || !strings.Contains(string(script), `set output "chart.png"`) {
		t.Errorf("chart.gp misses the whiskers or the output:\n%s", script)
	}
}

func TestReportErrors(t *testing.T) {
	for _, tc := range []struct{ name, raw, want string }{
		{"old columns", "rep,server,route\n1,chi,/hello\n", `missing column "order"`},
		{"no rows", header, "no data rows"},
		{"bad number", header + strings.Replace(row(1, 1, "chi", "/hello", 1, 1, 0, 10, 100, 160, 1), "100000", "lots", 1), "column requests"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := filepath.Join(t.TempDir(), "raw.csv")
			if err := os.WriteFile(in, []byte(tc.raw), 0o644); err != nil {
				t.Fatal(err)
			}
			err := run(options{raw: in, md: filepath.Join(t.TempDir(), "r.md")})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
