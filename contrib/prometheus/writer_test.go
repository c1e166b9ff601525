package prometheus_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/prometheus"
	"github.com/egg-go/egg/eggtest"
)

// Streaming, deadlines through http.ResponseController, io.Copy and
// hijacking all work through the middleware's writer, over a real
// server, and their sizes and statuses are recorded.
func TestWriterPassThrough(t *testing.T) {
	app := eggtest.New(t, prometheus.Module, egg.Routes(func(r *egg.Router) {
		r.Get("/stream", func(c *egg.Ctx) error {
			rc := http.NewResponseController(c.Response())
			if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				return err // the writer chain does not unwrap to net/http's
			}
			for i := range 3 {
				if _, err := io.WriteString(c.Response(), strings.Repeat("a", 10*(i+1))); err != nil {
					return err
				}
				c.Response().(http.Flusher).Flush()
			}
			return nil
		})
		r.Get("/copy", func(c *egg.Ctx) error {
			_, err := io.Copy(c.Response(), io.LimitReader(strings.NewReader(strings.Repeat("b", 5000)), 4096))
			return err
		})
		r.Get("/hijack", func(c *egg.Ctx) error {
			conn, buf, err := http.NewResponseController(c.Response()).Hijack()
			if err != nil {
				return err
			}
			defer conn.Close()
			_, _ = buf.WriteString("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
			return buf.Flush()
		})
	}))
	srv := httptest.NewServer(app)
	defer srv.Close()

	code, body := get(t, srv.URL+"/stream")
	if code != 200 || len(body) != 60 {
		t.Fatalf("/stream: %d, %d bytes", code, len(body))
	}
	if code, body := get(t, srv.URL+"/copy"); code != 200 || len(body) != 4096 {
		t.Fatalf("/copy: %d, %d bytes", code, len(body))
	}
	res, err := http.Get(srv.URL + "/hijack")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 204 {
		t.Fatalf("/hijack: %d", res.StatusCode)
	}
	srv.Client().CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()

	mfs := scrape(t, app, "/metrics")
	if h := histogram(t, mfs, "http_server_response_size_bytes", "method=GET,pattern=/stream,route=,status=2xx"); h.GetSampleSum() != 60 {
		t.Errorf("/stream size = %v, want 60", h.GetSampleSum())
	}
	if h := histogram(t, mfs, "http_server_response_size_bytes", "method=GET,pattern=/copy,route=,status=2xx"); h.GetSampleSum() != 4096 {
		t.Errorf("/copy size = %v, want 4096", h.GetSampleSum())
	}
	// the client has its answer before the handler returns: wait for it
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, ok := value(mfs, requests, "method=GET,pattern=/hijack,route=,status=1xx"); ok || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
		mfs = scrape(t, app, "/metrics")
	}
	expect(t, mfs, requests, "method=GET,pattern=/hijack,route=,status=1xx", 1)
}
