package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/egg-go/egg/_examples/site/app/shared"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/gorm/gormtest"
	"github.com/go-sql-driver/mysql"
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

// sharedDatabase returns the DATABASE_URL the two instances of a
// TestTwoInstancesShareState subtest share, made for this test: a SQLite
// file in a temporary directory, a PostgreSQL schema (search_path) in
// DATABASE_URL's database, or a database on MYSQL_URL's server (both by
// default the local servers; see gormtest). The schema and the database
// are dropped when the test ends, after the instances stopped.
func sharedDatabase(t *testing.T, kind string) string {
	t.Helper()
	name := uniqueName(t)
	switch kind {
	case "sqlite":
		return "sqlite://" + filepath.Join(t.TempDir(), "site.db")
	case "postgres":
		base := gormtest.PostgresURL(t)
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			t.Fatalf("DATABASE_URL=%s: the site reads a postgres:// URL; write it as postgres://user@host:5432/db?sslmode=disable", gorm.DSN(base))
		}
		adminExec(t, gorm.Postgres, base, `CREATE SCHEMA "`+name+`"`, `DROP SCHEMA IF EXISTS "`+name+`" CASCADE`)
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return u.String()
	case "mysql":
		base := gormtest.MySQLURL(t)
		adminExec(t, gorm.MySQL, base, "CREATE DATABASE `"+name+"`", "DROP DATABASE IF EXISTS `"+name+"`")
		if strings.Contains(base, "://") {
			u, err := url.Parse(base)
			if err != nil {
				t.Fatalf("MYSQL_URL=%s: %v", gorm.DSN(base), err)
			}
			u.Path = "/" + name
			return u.String()
		}
		cfg, err := mysql.ParseDSN(base)
		if err != nil || cfg.Net != "tcp" {
			t.Fatalf("MYSQL_URL=%s: want user:password@tcp(host:port)/db or a mysql:// URL (%v)", gorm.DSN(base), err)
		}
		u := url.URL{Scheme: "mysql", User: url.User(cfg.User), Host: cfg.Addr, Path: "/" + name}
		if cfg.Passwd != "" {
			u.User = url.UserPassword(cfg.User, cfg.Passwd)
		}
		return u.String()
	}
	t.Fatalf("unknown database kind %q", kind)
	return ""
}

// uniqueName is a schema or database name for this test run:
// t_site_<random hex>.
func uniqueName(t *testing.T) string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	return "t_site_" + hex.EncodeToString(b[:])
}

// adminExec runs create on the server at dsn now, and drop when the test
// ends.
func adminExec(t *testing.T, driver, dsn, create, drop string) {
	t.Helper()
	run := func(stmt string) error {
		ds := gorm.DefaultDatasource()
		ds.Driver, ds.DSN, ds.ConnectAttempts, ds.MaxOpenConns, ds.MaxIdleConns = driver, gorm.DSN(dsn), 1, 1, 1
		reg, err := gorm.New(gorm.Config{DB: ds}, nil)
		if err != nil {
			return err
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := reg.Open(ctx); err != nil {
			return err
		}
		defer reg.Close()
		return reg.DB().WithContext(ctx).Exec(stmt).Error
	}
	if err := run(create); err != nil {
		t.Fatalf("%s on %s: %v", create, gorm.DSN(dsn), err)
	}
	t.Cleanup(func() {
		if err := run(drop); err != nil {
			t.Errorf("%s on %s: %v", drop, gorm.DSN(dsn), err)
		}
	})
}

// Two site processes on two ports share one Redis and one database, once
// per database the site reads: an account registered on one signs in on
// the other, a login on one is seen on the other (sessions in Redis), a
// name is taken once across both, and the heartbeat runs once per tick in
// total (its worker lock in Redis), counted in site:heartbeat.
func TestTwoInstancesShareState(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs two binaries per database; skipped with -short")
	}
	bin := buildSite(t)
	for _, kind := range []string{"sqlite", "postgres", "mysql"} {
		t.Run(kind, func(t *testing.T) {
			redisURL, rc := sharedRedisURL(t)
			databaseURL := sharedDatabase(t, kind)
			env := []string{"REDIS_URL=" + redisURL, "DATABASE_URL=" + databaseURL, "EGG_KEYS=two-instances-share-this-key-0123456789"}
			portA, portB := freePort(t), freePort(t)
			a := startSite(t, bin, portA, []string{"--port", strconv.Itoa(portA)}, env...)
			b := startSite(t, bin, portB, []string{"--port", strconv.Itoa(portB)}, env...)
			baseA, baseB := fmt.Sprintf("http://127.0.0.1:%d", portA), fmt.Sprintf("http://127.0.0.1:%d", portB)

			sharedAccounts(t, baseA, baseB)
			sharedHeartbeat(t, rc, a, b)
			a.stop(t)
			b.stop(t)
		})
	}
}

// browserClient is one browser: a cookie jar (one for 127.0.0.1, so for
// both instances) and redirects returned, not followed.
func browserClient() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// post sends a form and returns the status, Location and body.
func post(t *testing.T, client *http.Client, url string, form url.Values) (int, string, string) {
	t.Helper()
	res, err := client.PostForm(url, form)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	body := readAll(t, res)
	return res.StatusCode, res.Header.Get("Location"), body
}

// signedIn checks that client's GET /me on base shows user.
func signedIn(t *testing.T, client *http.Client, base, user, why string) {
	t.Helper()
	res, err := client.Get(base + "/me")
	if err != nil {
		t.Fatal(err)
	}
	body := readAll(t, res)
	if want := `<strong id="user" class="user">` + user + `</strong>`; res.StatusCode != http.StatusOK || !strings.Contains(body, want) {
		t.Fatalf("GET /me on %s %s = %d, want 200 naming %s:\n%s", base, why, res.StatusCode, user, body)
	}
}

func sharedAccounts(t *testing.T, baseA, baseB string) {
	bob := url.Values{"username": {"bob"}, "password": {"correct horse"}}

	// register bob on A: signed in there, and on B with the same cookie
	first := browserClient()
	if code, loc, body := post(t, first, baseA+"/register", bob); code != http.StatusFound || loc != "/me" {
		t.Fatalf("POST /register on A = %d %q, want 302 /me:\n%s", code, loc, body)
	}
	signedIn(t, first, baseB, "bob", "after registering on A")

	// another browser signs in as bob on B, and is seen on A
	second := browserClient()
	if code, loc, body := post(t, second, baseB+"/login", bob); code != http.StatusFound || loc != "/me" {
		t.Fatalf("POST /login on B for the account made on A = %d %q, want 302 /me:\n%s", code, loc, body)
	}
	signedIn(t, second, baseA, "bob", "after a login on B")

	// a sign-out on A ends the session on B: it lived in Redis, so even the
	// old cookie, sent again, is no session any more
	u, _ := url.Parse(baseB)
	old := second.Jar.Cookies(u)
	if code, loc, _ := post(t, second, baseA+"/logout", nil); code != http.StatusFound || loc != "/" {
		t.Fatalf("POST /logout on A = %d %q, want 302 /", code, loc)
	}
	replay := browserClient()
	replay.Jar.SetCookies(u, old)
	res, err := replay.Get(baseB + "/me")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/login" {
		t.Errorf("GET /me on B with the cookie of a session ended on A = %d %q, want 302 /login", res.StatusCode, res.Header.Get("Location"))
	}
	if code, _, _ := post(t, browserClient(), baseB+"/login", url.Values{"username": {"bob"}, "password": {"wrong horse"}}); code != http.StatusUnauthorized {
		t.Errorf("POST /login on B with a wrong password = %d, want 401", code)
	}

	// the demo account, made by whichever instance started first
	third := browserClient()
	if code, loc, _ := post(t, third, baseA+"/login", url.Values{"username": {"alice"}, "password": {"secret"}}); code != http.StatusFound || loc != "/me" {
		t.Fatalf("POST /login on A as alice = %d %q, want 302 /me", code, loc)
	}
	signedIn(t, third, baseB, "alice", "after a login on A")

	// bob is taken on B too
	code, _, body := post(t, browserClient(), baseB+"/register", url.Values{"username": {"bob"}, "password": {"another password"}})
	if code != http.StatusConflict || !strings.Contains(body, "That username is taken: choose another one.") {
		t.Errorf("POST /register on B for bob, made on A = %d, want 409 with the message:\n%s", code, body)
	}

	// one name asked for on both at once: one account, the rest 409
	const n = 6
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		base := baseA
		if i%2 == 1 {
			base = baseB
		}
		wg.Go(func() {
			res, err := browserClient().PostForm(base+"/register", url.Values{"username": {"carol"}, "password": {"correct horse"}})
			if err != nil {
				t.Errorf("POST /register: %v", err)
				return
			}
			res.Body.Close()
			codes[i] = res.StatusCode
		})
	}
	wg.Wait()
	created, refused := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusFound:
			created++
		case http.StatusConflict:
			refused++
		}
	}
	if created != 1 || refused != n-1 {
		t.Errorf("%d registrations of carol at once on A and B answered %v; want one 302 and %d 409", n, codes, n-1)
	}
}

// sharedHeartbeat: over a few seconds both instances run, but each tick
// (and the immediate run at ready) is counted once in total.
func sharedHeartbeat(t *testing.T, rc *goredis.Client, a, b *process) {
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
