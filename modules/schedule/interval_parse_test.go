package schedule_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg/modules/schedule"
)

func TestParseInterval(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"5s", 5 * time.Second},
		{"1m", time.Minute},
		{"2h", 2 * time.Hour},
		{"1h30m", 90 * time.Minute},
		{"500ms", 500 * time.Millisecond},
		{"1.5h", 90 * time.Minute},
		{"5000", 5 * time.Second}, // Egg: a bare number is milliseconds
		{"1", time.Millisecond},
		{"1d", day},
		{"2 days", 2 * day},
		{"1w", 7 * day},
		{"1y", 365*day + 6*time.Hour},
		{"10 minutes", 10 * time.Minute},
		{"5 sec", 5 * time.Second},
		{"3 HRS", 3 * time.Hour},
		{" 1.5 d ", 36 * time.Hour},
		{".5s", 500 * time.Millisecond},
		{"100 msecs", 100 * time.Millisecond},
	} {
		got, err := schedule.ParseInterval(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, why string }{
		{"", "is empty"},
		{"   ", "is empty"},
		{"soon", "does not start with a number"},
		{"5 fortnights", `unit "fortnights" is unknown`},
		{"0", "shorter than 1ms"},
		{"0.5", "shorter than 1ms"},
		{"-5s", "shorter than 1ms"},
		{"-5 days", "shorter than 1ms"},
		{"1.2.3s", "its number cannot be read"},
		{"400y", "longer than about 292 years"},
		{"1e400", `unit "e400" is unknown`},
		{strings.Repeat("9", 101), "longer than 100 characters"},
	} {
		_, err := schedule.ParseInterval(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.why) {
			t.Errorf("ParseInterval(%q) error = %v; want %q", tc.in, err, tc.why)
		}
	}
}

func ExampleParseInterval() {
	for _, s := range []string{"5s", "1h30m", "2 days", "5000"} {
		d, _ := schedule.ParseInterval(s)
		fmt.Println(s, "=", d)
	}
	// Output:
	// 5s = 5s
	// 1h30m = 1h30m0s
	// 2 days = 48h0m0s
	// 5000 = 5s
}
