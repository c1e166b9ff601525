package logrotator

import (
	"time"
)

// backupDate reads the date of a Daily or Hourly rotated file from the
// part of its name after "name.": "2006-01-02", then optionally the hour
// delimiter and two digits, then optionally ".N" (a rotation whose name
// was taken). ok is false for anything else, so that cleaning removes only
// files this package names.
func backupDate(suffix, hourDelimiter string, loc *time.Location) (time.Time, bool) {
	const layout = "2006-01-02"
	if len(suffix) < len(layout) {
		return time.Time{}, false
	}
	day, err := time.ParseInLocation(layout, suffix[:len(layout)], loc)
	if err != nil {
		return time.Time{}, false
	}
	rest := suffix[len(layout):]
	if hourDelimiter != "" && len(rest) >= len(hourDelimiter)+2 && rest[:len(hourDelimiter)] == hourDelimiter {
		h := rest[len(hourDelimiter) : len(hourDelimiter)+2]
		if !digits(h) || h > "23" {
			return time.Time{}, false
		}
		rest = rest[len(hourDelimiter)+2:]
	}
	if rest != "" && (rest[0] != '.' || !digits(rest[1:])) {
		return time.Time{}, false
	}
	return day, true
}

// digits reports whether s is one or more ASCII digits.
func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
