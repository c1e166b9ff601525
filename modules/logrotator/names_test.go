package logrotator

import (
	"testing"
	"time"
)

func TestBackupDate(t *testing.T) {
	for _, tc := range []struct {
		suffix, delim string
		ok            bool
	}{
		{"2026-03-01", "-", true},
		{"2026-03-01.1", "-", true},
		{"2026-03-01.12", "-", true},
		{"2026-03-01-09", "-", true},
		{"2026-03-01_23.2", "_", true},
		{"2026-03-01-24", "-", false},
		{"2026-03-01-9", "-", false},
		{"2026-03-01.", "-", false},
		{"2026-03-01.x", "-", false},
		{"2026-03-01x", "-", false},
		{"2026-13-01", "-", false},
		{"2026-03-0", "-", false},
		{"1", "-", false},
		{"", "-", false},
		{"2026-03-01.gz", "-", false}, // compressed files are not this package's
	} {
		_, ok := backupDate(tc.suffix, tc.delim, time.UTC)
		if ok != tc.ok {
			t.Errorf("backupDate(%q, %q) ok = %v, want %v", tc.suffix, tc.delim, ok, tc.ok)
		}
	}
}

// FuzzBackupDate checks that any name is read without panicking, that a
// date read back is the one at the start of the name, and that every name
// the rules give is read back as its own date.
func FuzzBackupDate(f *testing.F) {
	f.Add("2026-03-01", "-", int64(0))
	f.Add("2026-03-01-09.3", "-", int64(1e9))
	f.Add("2026-03-01__23", "__", int64(1e12))
	f.Fuzz(func(t *testing.T, suffix, delim string, unix int64) {
		if day, ok := backupDate(suffix, delim, time.UTC); ok && day.Format("2006-01-02") != suffix[:10] {
			t.Errorf("backupDate(%q) = %s", suffix, day)
		}
		if delim == "" {
			return
		}
		tm := time.Unix(unix%(1<<40), 0).UTC()
		for _, r := range []Rule{{Every: Daily}, {Every: Hourly, HourDelimiter: delim}} {
			start := r.periodStart(tm)
			name := r.label(start)
			day, ok := backupDate(name, delim, time.UTC)
			want := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
			if tm.Year() >= 0 && tm.Year() <= 9999 && (!ok || !day.Equal(want)) {
				t.Errorf("label %q of %s read back as %s, %v", name, tm, day, ok)
			}
		}
	})
}
