package logrotator

import (
	"fmt"
	"time"
)

// Period says when a File rotates.
type Period int

const (
	// Never renames the file; it is still reopened when something else
	// moves it away (an outside logrotate).
	Never Period = iota
	// Daily renames the file to name.YYYY-MM-DD at local midnight, the
	// date being the day its lines were written (Egg's default).
	Daily
	// Hourly renames the file to name.YYYY-MM-DD-HH on the hour (Egg's
	// filesRotateByHour).
	Hourly
	// BySize renames the file to name.1 before a write would take it
	// past MaxSize, shifting name.1 to name.2 and so on up to
	// name.MaxFiles (Egg's filesRotateBySize).
	BySize
)

// String names the period as the README does.
func (p Period) String() string {
	switch p {
	case Never:
		return "never"
	case Daily:
		return "daily"
	case Hourly:
		return "hourly"
	case BySize:
		return "by size"
	}
	return fmt.Sprintf("Period(%d)", int(p))
}

// Rule says when a File rotates and which rotated files it keeps. The
// zero Rule never rotates.
type Rule struct {
	// Every is when the file rotates.
	Every Period
	// MaxSize is the size in bytes a BySize file stays under (a single
	// line larger than that gets a file of its own). Default 50 MiB.
	MaxSize int64
	// MaxFiles is how many rotated BySize files are kept (name.1 is the
	// newest). Default 10.
	MaxFiles int
	// MaxDays removes Daily and Hourly rotated files whose date is more
	// than this many days before today, at each rotation and when the
	// file opens (Egg's maxDays). 0 keeps them all.
	MaxDays int
	// HourDelimiter goes between the date and the hour of an Hourly
	// file's name. Default "-".
	HourDelimiter string
}

// Defaults of a Rule's zero fields.
const (
	DefaultMaxSize       = 50 << 20
	DefaultMaxFiles      = 10
	DefaultHourDelimiter = "-"
)

// withDefaults fills the zero fields that need a value.
func (r Rule) withDefaults() Rule {
	if r.MaxSize <= 0 {
		r.MaxSize = DefaultMaxSize
	}
	if r.MaxFiles <= 0 {
		r.MaxFiles = DefaultMaxFiles
	}
	if r.HourDelimiter == "" {
		r.HourDelimiter = DefaultHourDelimiter
	}
	return r
}

// periodStart is the start of the Daily or Hourly period that holds t.
func (r Rule) periodStart(t time.Time) time.Time {
	y, m, d := t.Date()
	if r.Every == Hourly {
		return time.Date(y, m, d, t.Hour(), 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// periodEnd is the start of the period after the one starting at start.
func (r Rule) periodEnd(start time.Time) time.Time {
	if r.Every == Hourly {
		return start.Add(time.Hour)
	}
	y, m, d := start.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, start.Location())
}

// label is the suffix of a file rotated at the end of the period that
// starts at start: "2006-01-02", or "2006-01-02-15" when Hourly.
func (r Rule) label(start time.Time) string {
	if r.Every == Hourly {
		return start.Format("2006-01-02") + r.HourDelimiter + start.Format("15")
	}
	return start.Format("2006-01-02")
}
