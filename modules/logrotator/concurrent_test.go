package logrotator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg/modules/logrotator"
)

// TestConcurrentWritersLoseNoLine has writers append numbered lines while
// the clock runs over many periods, the size limit is hit and an outside
// logrotate moves the file away; afterwards every line is in exactly one
// file, whole.
func TestConcurrentWritersLoseNoLine(t *testing.T) {
	const writers, rounds, perRound = 8, 60, 40
	for _, tc := range []struct {
		name string
		rule logrotator.Rule
		step time.Duration
	}{
		{"daily", logrotator.Rule{Every: logrotator.Daily}, 7 * time.Hour},
		{"hourly", logrotator.Rule{Every: logrotator.Hourly}, 25 * time.Minute},
		{"by size", logrotator.Rule{Every: logrotator.BySize, MaxSize: 8 << 10, MaxFiles: 100000}, time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "app.log")
			c := newClock("2026-03-01 20:00:00")
			f := open(t, path, tc.rule, c)

			var done atomic.Bool
			var round atomic.Int64 // writers keep pace with the rounds of rotation
			var wg sync.WaitGroup
			written := make([]int, writers)
			for g := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := 0; !done.Load(); i++ {
						for int64(i) >= (round.Load()+1)*perRound && !done.Load() {
							runtime.Gosched()
						}
						written[g] = i + 1
						if _, err := fmt.Fprintf(f, "w%d-%04d %s\n", g, i, strings.Repeat("x", i%50)); err != nil {
							t.Error(err)
							return
						}
					}
				}()
			}
			chaos := make(chan int)
			go func() {
				moves := 0
				for i := range rounds {
					round.Store(int64(i))
					c.Add(tc.step)
					if err := f.Check(); err != nil {
						t.Error(err)
					}
					if i%7 == 3 { // an outside logrotate moves the file away
						if err := os.Rename(path, fmt.Sprintf("%s.moved-%d", path, i)); err == nil {
							moves++
						}
						if i%2 == 0 {
							_ = f.Reopen()
						}
					}
					time.Sleep(10 * time.Microsecond)
				}
				done.Store(true)
				chaos <- moves
			}()
			moves := <-chaos
			wg.Wait()
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}

			seen := map[string]int{}
			all := files(t, dir)
			for name, body := range all {
				if body != "" && !strings.HasSuffix(body, "\n") {
					t.Errorf("%s ends in a partial line", name)
				}
				for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
					if l != "" {
						seen[l]++
					}
				}
			}
			if len(all) < 10 || moves < 4 {
				t.Fatalf("the test must rotate and move: %d files, %d moves", len(all), moves)
			}
			count := 0
			total := 0
			for g := range writers {
				total += written[g]
				for i := range written[g] {
					l := fmt.Sprintf("w%d-%04d %s", g, i, strings.Repeat("x", i%50))
					switch seen[l] {
					case 1:
						count++
					case 0:
						t.Errorf("line %q lost", l)
					default:
						t.Errorf("line %q written %d times", l, seen[l])
					}
					delete(seen, l)
				}
			}
			for l := range seen {
				t.Errorf("unexpected line %q", l)
			}
			if count != total {
				t.Errorf("%d lines across %d files, want %d", count, len(all), total)
			}
			t.Logf("%d lines across %d files, %d outside moves", count, len(all), moves)
		})
	}
}
