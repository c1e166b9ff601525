package nofx_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/_examples/embed/nofx"
)

// A host without fx: build, start, serve the host's router, stop.
func Example() {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc, err := nofx.New(logger, egg.Env("unittest"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	if err := svc.Start(ctx); err != nil {
		fmt.Println(err)
		return
	}
	srv := httptest.NewServer(svc.Router)
	for _, path := range []string{"/healthz", "/api/users/2"} {
		resp, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			fmt.Println(err)
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Printf("%s %d %s\n", path, resp.StatusCode, b)
	}
	srv.Close()
	if err := svc.Stop(ctx); err != nil {
		fmt.Println(err)
	}
	// Output:
	// /healthz 200 ok
	// /api/users/2 200 {"id":2,"name":"bob"}
}
