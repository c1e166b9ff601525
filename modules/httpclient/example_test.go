package httpclient_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"time"

	"github.com/egg-go/egg/modules/httpclient"
)

// A client without an egg app: built from config, JSON in and out.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"id":1,"name":"carol","agent":%q}`, r.UserAgent())
	}))
	defer api.Close()

	client, err := httpclient.New(httpclient.DefaultConfig(), httpclient.WithName("shop"))
	if err != nil {
		panic(err)
	}
	defer client.CloseIdleConnections()

	var user struct {
		ID    int
		Name  string
		Agent string
	}
	if err := client.GetJSON(context.Background(), api.URL+"/users/1", &user); err != nil {
		panic(err)
	}
	fmt.Println(user.ID, user.Name, user.Agent)
	// Output: 1 carol shop egg-go
}

// Retries are asked for per call, through the context; the OnCall event
// counts the tries.
func ExampleWithRetry() {
	var hits atomic.Int32
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) < 3 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, `"done"`)
	}))
	defer api.Close()

	cfg := httpclient.DefaultConfig()
	cfg.RetryBackoff = 10 * time.Millisecond
	client, _ := httpclient.New(cfg)
	defer client.CloseIdleConnections()
	client.OnCall(func(e httpclient.CallEvent) { fmt.Println(e.Method, e.Status, "after", e.Attempts, "tries") })

	ctx := httpclient.WithRetry(context.Background(), httpclient.Retry{Attempts: 3})
	var out string
	err := client.GetJSON(ctx, api.URL, &out)
	fmt.Println(out, err)

	// a POST is not retried unless the call says it is safe to repeat
	hits.Store(0)
	err = client.JSON(ctx, http.MethodPost, api.URL, map[string]int{"n": 1}, &out)
	var se *httpclient.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, string(se.Body))
	}
	// Output:
	// GET 200 after 3 tries
	// done <nil>
	// POST 503 after 1 tries
	// 503 busy
}
