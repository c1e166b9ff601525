package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg/_examples/site/app/shared"
	goredis "github.com/redis/go-redis/v9"
)

// sharedRedisURL is the Redis the shared-state test uses: REDIS_URL's
// server, database 11, emptied first. No server: skipped, except under
// CI=true, where that is a failure.
func sharedRedisURL(t *testing.T) (string, *goredis.Client) {
	t.Helper()
	base := os.Getenv("REDIS_URL")
	if base == "" {
		base = "redis://127.0.0.1:6379/0"
	}
	opts, err := goredis.ParseURL(base)
	if err != nil {
		t.Fatalf("REDIS_URL=%q: %v", base, err)
	}
	opts.DB = 11
	rc := goredis.NewClient(opts)
	t.Cleanup(func() { rc.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	if err := rc.Ping(ctx).Err(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no Redis at %s: %v; CI must provide one", opts.Addr, err)
		}
		t.Skipf("no Redis at %s: %v", opts.Addr, err)
	}
	if err := rc.FlushDB(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("redis://%s/11", opts.Addr), rc
}

// Two site processes on two ports share one Redis: a login on one is seen
// on the other (sessions in Redis), and the heartbeat runs once per tick
// in total (its worker lock in Redis), counted in site:heartbeat.
func TestTwoInstancesShareState(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two binaries; skipped with -short")
	}
	redisURL, rc := sharedRedisURL(t)
	bin := buildSite(t)
	env := []string{"REDIS_URL=" + redisURL, "EGG_KEYS=two-instances-share-this-key-0123456789"}
	portA, portB := freePort(t), freePort(t)
	a := startSite(t, bin, portA, []string{"--port", strconv.Itoa(portA)}, env...)
	b := startSite(t, bin, portB, []string{"--port", strconv.Itoa(portB)}, env...)
	baseA, baseB := fmt.Sprintf("http://127.0.0.1:%d", portA), fmt.Sprintf("http://127.0.0.1:%d", portB)

	// log in on A; the same browser (one cookie jar for 127.0.0.1) asks B
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(baseA+"/login", url.Values{"username": {"alice"}, "password": {"secret"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/me" {
		t.Fatalf("POST /login on A = %d %q, want 302 /me", res.StatusCode, res.Header.Get("Location"))
	}
	res, err = client.Get(baseB + "/me")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "alice") {
		t.Fatalf("GET /me on B after a login on A = %d, want 200 naming alice:\n%s", res.StatusCode, body)
	}

	// the heartbeat: over a few seconds both instances run, but each tick
	// (and the immediate run at ready) is counted once in total
	ctx := context.Background()
	start, _ := rc.Get(ctx, shared.HeartbeatKey).Int64()
	time.Sleep(3500 * time.Millisecond)
	end, err := rc.Get(ctx, shared.HeartbeatKey).Int64()
	if err != nil {
		t.Fatalf("GET %s: %v", shared.HeartbeatKey, err)
	}
	// 3.5 s of 1 s ticks is 3 or 4 ticks; a double run would give 6 or more
	if n := end - start; n < 2 || n > 5 {
		t.Errorf("heartbeat counted %d times in 3.5 s across two instances; want once per tick (3-4)", n)
	}
	// each instance logs the beats it ran ("heartbeat ... count=N"); together
	// they ran exactly what Redis counted (the last beat may be in flight)
	beats := heartbeatLines(a.out.String()) + heartbeatLines(b.out.String())
	if total, _ := rc.Get(ctx, shared.HeartbeatKey).Int64(); beats == 0 || int64(beats) > total+1 {
		t.Errorf("the instances logged %d beats but Redis counted %d\nA:\n%s\nB:\n%s", beats, total, a.out, b.out)
	}
	a.stop(t)
	b.stop(t)
}

// heartbeatLines counts the heartbeat log lines in a process's output.
func heartbeatLines(out string) int {
	n := 0
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "heartbeat") && strings.Contains(line, "count") {
			n++
		}
	}
	return n
}

func readAll(t *testing.T, res *http.Response) string {
	t.Helper()
	defer res.Body.Close()
	var sb strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		sb.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return sb.String()
}
