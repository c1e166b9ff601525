package schedule

import (
	"testing"
	"time"
)

// FuzzParseInterval: any string gives an interval of at least 1ms or an
// error, never a panic; a Go duration string of the result reads back the
// same.
func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"5s", "1h30m", "2 days", "5000", "1.5 d", "-1", "1e9", "", ".", "9999999999999999999y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseInterval(s)
		if err != nil {
			return
		}
		if d < time.Millisecond {
			t.Fatalf("ParseInterval(%q) = %v, below 1ms", s, d)
		}
		if back, err := ParseInterval(d.String()); err != nil || back != d {
			t.Fatalf("ParseInterval(%q) = %v, but %q reads back as %v, %v", s, d, d.String(), back, err)
		}
	})
}

// FuzzCron: any spec parses or fails with an error, never a panic, and a
// parsed spec's next tick lies after the time asked about.
func FuzzCron(f *testing.F) {
	for _, s := range []string{"* * * * * *", "*/5 * * * *", "0 0 3 * * MON-FRI", "@hourly", "@every 5s", "0 0 30 2 *",
		"*/0 * * * * *", "1-0 * * * * *", "? ? ? ? ? ?", "0 0 0 L * *", "TZ=UTC * * * * *"} {
		f.Add(s)
	}
	at := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, spec string) {
		ct, err := parseCron(spec, "UTC")
		if err != nil {
			return
		}
		if next := ct.next(at); !next.IsZero() && !next.After(at) {
			t.Fatalf("spec %q: next(%v) = %v, not after it", spec, at, next)
		}
	})
}
