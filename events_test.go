package egg_test

import (
	"log/slog"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"go.uber.org/fx"
)

// OnCtxLogger adds attributes to every request's logger, once per request.
func TestOnCtxLoggerAddsAttributes(t *testing.T) {
	var logs logBuffer
	built := 0
	app := start(t, egg.LogOutput(&logs), egg.Env("prod"),
		egg.Module("tenant", fx.Invoke(func(a *egg.App) {
			a.OnCtxLogger(func(c *egg.Ctx, attrs []slog.Attr) []slog.Attr {
				built++
				return append(attrs, slog.String("tenant", c.Header("X-Tenant")))
			})
		})),
		withRoutes(func(r *egg.Router) {
			r.Get("/log", func(c *egg.Ctx) error {
				c.Logger().Info("one")
				c.Logger().Info("two")
				return c.Text(200, "ok")
			})
		}))
	serve(app, "GET", "/log", nil, "X-Tenant", "acme")
	if built != 1 {
		t.Errorf("the hook ran %d times for one request, want 1", built)
	}
	if n := strings.Count(logs.String(), `"tenant":"acme"`); n != 2 {
		t.Errorf("%d lines carry the tenant, want 2:\n%s", n, logs.String())
	}
	mustContain(t, logs.String(), `"req":{"id":`)
}
