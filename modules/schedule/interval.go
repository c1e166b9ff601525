package schedule

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ParseInterval reads an interval written the way Egg's schedules write
// them, or as a Go duration:
//
//   - a Go duration: "5s", "1m", "2h", "1h30m", "500ms", "1.5h";
//   - a number and a unit, as Egg's `ms` strings: "5 sec", "10 minutes",
//     "1d", "2 days", "1w", "1y" (units ms, msec(s), millisecond(s),
//     s, sec(s), second(s), m, min(s), minute(s), h, hr(s), hour(s),
//     d, day(s), w, week(s), y, yr(s), year(s) of 365.25 days; any case);
//   - a plain number: milliseconds, as Egg's numeric interval ("5000").
//
// The result must be at least one millisecond. The error names the value
// and shows the accepted forms.
func ParseInterval(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("schedule: interval is empty; write a duration such as \"5s\", \"1m\", \"2h\" or \"1d\"")
	}
	if len(in) > 100 {
		return 0, fmt.Errorf("schedule: interval %.20q... is longer than 100 characters; write a duration such as \"5s\", \"1m\", \"2h\" or \"1d\"", in)
	}
	if d, err := time.ParseDuration(in); err == nil {
		return checkInterval(s, d)
	}
	num, unit := splitNumber(in)
	if num == "" {
		return 0, badInterval(s, "it does not start with a number")
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, badInterval(s, "its number cannot be read")
	}
	scale, ok := unitScale(strings.ToLower(strings.TrimSpace(unit)))
	if !ok {
		return 0, badInterval(s, fmt.Sprintf("unit %q is unknown", strings.TrimSpace(unit)))
	}
	v := f * float64(scale)
	if v >= math.MaxInt64 || v <= math.MinInt64 {
		return 0, badInterval(s, "it is longer than about 292 years")
	}
	return checkInterval(s, time.Duration(v))
}

func checkInterval(s string, d time.Duration) (time.Duration, error) {
	if d < time.Millisecond {
		return 0, badInterval(s, "it is shorter than 1ms")
	}
	return d, nil
}

func badInterval(s, why string) error {
	return fmt.Errorf("schedule: interval %q is invalid: %s; write a Go duration (\"5s\", \"1h30m\"), "+
		"a number and a unit (\"5 sec\", \"2 days\", \"1w\") or a number of milliseconds (\"5000\")", s, why)
}

// splitNumber splits "1.5 days" into "1.5" and " days".
func splitNumber(s string) (num, rest string) {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := false
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		digits = digits || s[i] != '.'
		i++
	}
	if !digits {
		return "", s
	}
	return s[:i], s[i:]
}

const (
	day  = 24 * time.Hour
	week = 7 * day
	year = 365*day + 6*time.Hour // 365.25 days, as Egg's ms package counts a year
)

// unitScale maps the unit words of Egg's ms strings to durations; ""
// is milliseconds, as a bare number in Egg is.
func unitScale(unit string) (time.Duration, bool) {
	switch unit {
	case "", "ms", "msec", "msecs", "millisecond", "milliseconds":
		return time.Millisecond, true
	case "s", "sec", "secs", "second", "seconds":
		return time.Second, true
	case "m", "min", "mins", "minute", "minutes":
		return time.Minute, true
	case "h", "hr", "hrs", "hour", "hours":
		return time.Hour, true
	case "d", "day", "days":
		return day, true
	case "w", "week", "weeks":
		return week, true
	case "y", "yr", "yrs", "year", "years":
		return year, true
	}
	return 0, false
}
