package jsonp_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/eggtest"
	"github.com/egg-go/egg/modules/jsonp"
	"github.com/egg-go/egg/modules/onerror"
	"github.com/egg-go/egg/modules/security"
	"go.uber.org/fx"
)

func TestMain(m *testing.M) { eggtest.VerifyTestMain(m) }

type user struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// listUsers is an ordinary JSON handler; the tests never change it.
func listUsers(c *egg.Ctx) error {
	return c.JSON(200, []user{{1, "ann"}, {2, "bo\u2028b"}})
}

// routes mounts the same handlers with the module's JSONP middleware and
// with a per-route override.
var routes = egg.Module("routes", egg.Routes(func(r *egg.Router, j *jsonp.JSONP) {
	api := r.With(j.Middleware())
	api.Get("/api/users", listUsers)
	api.Get("/api/missing", func(c *egg.Ctx) error { return egg.NewError(404, "user_not_found", "no such user") })
	api.Get("/api/text", func(c *egg.Ctx) error { return c.Text(200, "plain") })
	api.Get("/api/panic", func(c *egg.Ctx) error { panic("boom") })
	api.Get("/api/raw", func(c *egg.Ctx) error { // JSON from another encoder, U+2028 and U+2029 left raw
		w := c.Response()
		w.Header().Set("Content-Type", "application/vnd.api+json")
		w.Header().Set("Content-Length", "99")
		w.WriteHeader(200)
		for _, part := range []string{"[\"a\xe2", "\x80\xa8b\", \"c\u2029\", \"\xe2\x80", "\xe2\x80x\"]"} {
			_, _ = w.Write([]byte(part))
		}
		return nil
	})
	api.Get("/api/empty", func(c *egg.Ctx) error { return c.Blob(200, "application/json", nil) })
	r.With(j.Middleware(func(c *jsonp.Config) { c.Callbacks = []string{"cb"}; c.Limit = 5; c.CSRF = false })).
		Get("/short", listUsers)
	r.Get("/plain", listUsers)
}))

type server struct {
	*eggtest.App
	t      *testing.T
	url    string
	client *http.Client
}

func serve(t *testing.T, opts ...fx.Option) *server {
	t.Helper()
	app := eggtest.New(t, append([]fx.Option{onerror.Module, security.Module, jsonp.Module, routes,
		egg.Configure(func(c *egg.AppConfig) { c.Keys = []string{"k1"} })}, opts...)...)
	srv := httptest.NewServer(app)
	t.Cleanup(srv.Close)
	return &server{App: app, t: t, url: srv.URL, client: srv.Client()}
}

type result struct {
	code   int
	header http.Header
	body   string
}

func (s *server) get(path string, kv ...string) result {
	s.t.Helper()
	req, err := http.NewRequestWithContext(s.t.Context(), "GET", s.url+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	for i := 0; i+1 < len(kv); i += 2 {
		req.Header.Set(kv[i], kv[i+1])
	}
	res, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return result{code: res.StatusCode, header: res.Header, body: string(b)}
}
