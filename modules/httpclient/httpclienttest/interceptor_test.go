package httpclienttest

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/httpclient"
	"go.uber.org/fx"
)

type user struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// profileApp is an app whose route calls an outside API through the
// injected client.
var profileApp = egg.Module("profile",
	egg.Routes(func(r *egg.Router, c *httpclient.Client) {
		r.Get("/profile/{id}", func(ec *egg.Ctx) error {
			var u user
			if err := c.GetJSON(ec, "https://api.example.com/users/"+ec.Param("id")+"?fields=all", &u); err != nil {
				return err
			}
			return ec.JSON(200, map[string]string{"name": u.Name})
		})
	}),
)

func TestInterceptInApp(t *testing.T) {
	ic := Intercept(t, ReplyJSON("GET", "api.example.com/users/*", 200, user{ID: 1, Name: "carol"}))
	app := eggtest.New(t, egg.Name("shop"), httpclient.Module, profileApp, ic)

	app.GET("/profile/1").Header("X-Request-Id", "req-7").Do().Status(200).JSONEquals(`{"name":"carol"}`)

	call := ic.AssertCalled("GET", "https://api.example.com/users/1")
	if got := call.Header.Get("X-Request-Id"); got != "req-7" {
		t.Errorf("forwarded X-Request-Id = %q, want req-7", got)
	}
	if got := call.Header.Get("User-Agent"); got != "shop egg-go" {
		t.Errorf("User-Agent = %q", got)
	}
	if call.URL.Query().Get("fields") != "all" {
		t.Errorf("recorded URL %s lost its query", call.URL)
	}
	ic.AssertCalls("GET", "api.example.com", 1)
	ic.AssertAllUsed()
	app.ExpectLog(`msg="httpclient call" logger=httpclient method=GET host=api.example.com status=200`)
}

// A call no rule expects fails the test and returns an error to the app.
func TestUnexpectedCallFailsTest(t *testing.T) {
	ft := newFakeTB(t)
	ic := Intercept(ft, Reply("GET", "api.example.com/a", 200, "ok"))
	c := newClient(t, ic)

	_, err := get(t, c, "http://api.example.com/b")
	if !errors.Is(err, ErrUnexpectedCall) {
		t.Fatalf("err = %v, want ErrUnexpectedCall", err)
	}
	ft.failedWith(t, "unexpected outbound call GET http://api.example.com/b", "GET api.example.com/a → reply 200, matched 0 times")

	// the same through an app: the handler's error is a 500 and the test fails
	ft2 := newFakeTB(t)
	ic2 := Intercept(ft2)
	app := eggtest.New(t, httpclient.Module, profileApp, ic2)
	app.GET("/profile/2").Do().Status(500)
	ft2.failedWith(t, "unexpected outbound call GET https://api.example.com/users/2?fields=all", "(none)")
}

// After the test has ended, a late call (from a goroutine the app left
// running) is refused without touching the finished test.
func TestCallAfterTestEnds(t *testing.T) {
	ft := newFakeTB(t)
	ic := Intercept(ft)
	c := newClient(t, ic)
	ft.end()
	if _, err := get(t, c, "http://api.example.com/late"); !errors.Is(err, ErrUnexpectedCall) {
		t.Fatalf("err = %v, want ErrUnexpectedCall", err)
	}
	if f := ft.failures(); len(f) != 0 {
		t.Fatalf("the ended test was failed: %q", f)
	}
}

func TestHandleRule(t *testing.T) {
	ic := Intercept(t, Handle("POST", "api.example.com/echo", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Host", r.Host)
		w.Header().Set("X-URI", r.RequestURI)
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(append([]byte(r.Header.Get("Content-Type")+" "), b...))
	})))
	c := newClient(t, ic)
	req, _ := httpclient.NewJSONRequest(t.Context(), "POST", "http://api.example.com/echo?x=1", map[string]int{"n": 1})
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 201 || string(b) != `application/json {"n":1}` ||
		resp.Header.Get("X-Host") != "api.example.com" || resp.Header.Get("X-URI") != "/echo?x=1" {
		t.Errorf("got %d %q %v", resp.StatusCode, b, resp.Header)
	}
	var sent map[string]int
	if err := ic.AssertCalled("POST", "api.example.com/echo").DecodeJSON(&sent); err != nil || sent["n"] != 1 {
		t.Errorf("recorded body %v, %v", sent, err)
	}
}

// Times makes sequences: here a network error, a 503 with Retry-After,
// then success, which the client's retries walk through.
func TestSequenceWithRetries(t *testing.T) {
	ic := Intercept(t,
		Fail("GET", "api.example.com/flaky", errors.New("connection reset by peer")).Times(1),
		Reply("GET", "api.example.com/flaky", 503, "busy").WithHeader("Retry-After", "0").Times(1),
		Reply("*", "api.example.com/flaky", 200, "ok"),
	)
	cfg := httpclient.DefaultConfig()
	cfg.RetryBackoff = time.Millisecond
	c := newClient(t, ic, cfg)
	ctx := httpclient.WithRetry(t.Context(), httpclient.Retry{Attempts: 3})
	resp, err := get(t, c, "http://api.example.com/flaky", ctx)
	if err != nil || resp != "200 ok" {
		t.Fatalf("got %q, %v; want 200 ok after retries", resp, err)
	}
	ic.AssertCalls("GET", "api.example.com/flaky", 3)
	ic.AssertAllUsed()

	// without retries the first answer is final
	ic2 := Intercept(t, Fail("GET", "*/x", errors.New("refused")))
	if _, err := get(t, newClient(t, ic2), "http://any.example.com/x"); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v, want the rule's error", err)
	}
}

func TestHeadHasNoBody(t *testing.T) {
	ic := Intercept(t, Reply("HEAD", "api.example.com", 200, "body"))
	c := newClient(t, ic)
	resp, err := c.Head("http://api.example.com/")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if len(b) != 0 {
		t.Errorf("HEAD body = %q", b)
	}
}

func TestCanceledCall(t *testing.T) {
	ic := Intercept(t, Reply("GET", "api.example.com", 200, "ok"))
	c := newClient(t, ic)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := get(t, c, "http://api.example.com/", ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestAssertionsFail(t *testing.T) {
	ft := newFakeTB(t)
	ic := Intercept(ft, Reply("GET", "api.example.com/a", 200, "ok"), Reply("GET", "api.example.com/unused", 200, "ok"))
	c := newClient(t, ic)
	if _, err := get(t, c, "http://api.example.com/a"); err != nil {
		t.Fatal(err)
	}

	if got := ic.AssertCalled("POST", "api.example.com/a"); got.Method != "" {
		t.Errorf("AssertCalled returned %v for a call never made", got)
	}
	ft.failedWith(t, "no call to POST api.example.com/a", "GET http://api.example.com/a")

	ft.errs = nil
	ic.AssertCalls("GET", "api.example.com/a", 2)
	ft.failedWith(t, "1 calls to GET api.example.com/a, want 2")

	ft.errs = nil
	ic.AssertAllUsed()
	ft.failedWith(t, "rules no call matched", "GET api.example.com/unused → reply 200")

	ft.errs = nil
	ic.AssertCalls("*", "api.example.com", 1)
	ic.AssertCalled("", "*/a")
	if f := ft.failures(); len(f) != 0 {
		t.Errorf("passing assertions failed: %q", f)
	}
}

func TestBadRulesFailAtOnce(t *testing.T) {
	for _, r := range []Rule{
		Reply("GET", "", 200, ""),
		Reply("GET", "ftp://api.example.com", 200, ""),
		Reply("GET", "api.example.com/a?x=1", 200, ""),
		Reply("GET", "api.example.com/*/x", 200, ""),
		ReplyJSON("GET", "api.example.com", 200, make(chan int)),
	} {
		ft := newFakeTB(t)
		fatal(func() { Intercept(ft, r) })
		if f := ft.failures(); len(f) != 1 || !strings.Contains(f[0], "httpclienttest: rule 0") {
			t.Errorf("rule %s: failures %q, want one naming the rule", r, f)
		}
	}
	ft := newFakeTB(t)
	ic := Intercept(ft)
	fatal(func() { ic.CallsTo("GET", "") })
	ft.failedWith(t, "CallsTo")
}

// newClient is a client over ic, closed at the end of the test.
func newClient(t *testing.T, ic *Interceptor, cfg ...httpclient.Config) *httpclient.Client {
	t.Helper()
	conf := httpclient.DefaultConfig()
	if len(cfg) > 0 {
		conf = cfg[0]
	}
	c, err := httpclient.New(conf, httpclient.WithNetwork(ic))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// get GETs url and returns "status body".
func get(t *testing.T, c *httpclient.Client, url string, ctx ...context.Context) (string, error) {
	t.Helper()
	cx := t.Context()
	if len(ctx) > 0 {
		cx = ctx[0]
	}
	req, err := http.NewRequestWithContext(cx, "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.Status[:3] + " " + string(b), nil
}

// Without httpclient.Module in the app there is nothing to decorate: eggtest
// refuses the app, so that a test never runs against the real network while
// believing its calls are intercepted.
func TestInterceptWithoutModule(t *testing.T) {
	ic := Intercept(t)
	_, err := eggtest.Start(t, ic, fx.Invoke(func() {}))
	if err == nil || !strings.Contains(err.Error(), "httpclient.Network") {
		t.Fatalf("want a start error naming httpclient.Network, got %v", err)
	}
	if len(ic.Calls()) != 0 {
		t.Fatal("calls recorded without a client")
	}
}
