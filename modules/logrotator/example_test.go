package logrotator_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/egg-go/egg/modules/logrotator"
)

// A File is an io.Writer for any logger: here the standard log package,
// with the day changing between two lines (a fixed clock stands in for
// time.Now).
func Example() {
	dir, _ := os.MkdirTemp("", "logs")
	defer os.RemoveAll(dir)
	now := time.Date(2026, 3, 1, 23, 59, 59, 0, time.UTC)
	f, err := logrotator.Open(filepath.Join(dir, "app.log"), logrotator.Rule{Every: logrotator.Daily, MaxDays: 31},
		logrotator.WithClock(func() time.Time { return now }))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	l := log.New(f, "", 0)
	l.Print("last line of the day")
	now = now.Add(time.Second)
	l.Print("first line of the next")

	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		fmt.Printf("%s: %s", e.Name(), b)
	}
	// Output:
	// app.log: first line of the next
	// app.log.2026-03-01: last line of the day
}
