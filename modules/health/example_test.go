package health_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/modules/health"
)

// A module registers a readiness check that uses its own service; the
// app adds health.Module. Here the check fails, so readiness is 503.
func Example() {
	db := egg.Module("db",
		health.Register(func() health.Check {
			return health.Check{Name: "db", Func: func(ctx context.Context) error { return sql.ErrConnDone }}
		}),
	)
	app, err := egg.New(egg.Env("local"), egg.LogOutput(io.Discard), health.Module, db)
	if err != nil {
		panic(err)
	}
	if err := app.Start(context.Background()); err != nil {
		panic(err)
	}
	defer app.Stop(context.Background())

	for _, path := range []string{"/healthz", "/readyz"} {
		w := httptest.NewRecorder()
		app.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		var body struct {
			Status string
			Checks []health.CheckResult
		}
		_ = json.Unmarshal(w.Body.Bytes(), &body)
		fmt.Println(path, w.Code, body.Status)
		for _, c := range body.Checks {
			fmt.Printf("  %s: %s (%s)\n", c.Name, c.Status, c.Error)
		}
	}
	// Output:
	// /healthz 200 ok
	// /readyz 503 unavailable
	//   db: fail (sql: connection is already closed)
}
