package httpclient

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

type user struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

func jsonUpstream(t *testing.T) *upstream {
	return newUpstream(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/users/1":
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"id":1,"name":"carol"}`)
		case "/echo":
			w.Header().Set("Content-Type", "application/json")
			b, _ := json.Marshal(map[string]string{"content_type": r.Header.Get("Content-Type"), "accept": r.Header.Get("Accept"), "auth": r.Header.Get("Authorization")})
			_, _ = w.Write(b)
		case "/none":
			w.WriteHeader(http.StatusNoContent)
		case "/missing":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"code":"not_found","message":"no user 9"}`)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, `<h1>hello</h1>`)
		case "/big":
			_, _ = io.WriteString(w, `"`+strings.Repeat("x", 2000)+`"`)
		}
	})
}

func TestGetJSON(t *testing.T) {
	srv := jsonUpstream(t)
	c := newTestClient(t, testConfig())
	var u user
	if err := c.GetJSON(t.Context(), srv.URL+"/users/1", &u); err != nil {
		t.Fatal(err)
	}
	if u != (user{1, "carol"}) {
		t.Errorf("decoded %+v", u)
	}
	if got := srv.last(t).Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q", got)
	}
}

func TestJSONBody(t *testing.T) {
	srv := jsonUpstream(t)
	c := newTestClient(t, testConfig())
	var echo map[string]string
	if err := c.JSON(t.Context(), "POST", srv.URL+"/echo", user{2, "dan"}, &echo); err != nil {
		t.Fatal(err)
	}
	if srv.bodies[0] != `{"id":2,"name":"dan"}` || echo["content_type"] != "application/json" {
		t.Errorf("sent %q with %v", srv.bodies[0], echo)
	}
	if err := c.JSON(t.Context(), "PUT", srv.URL+"/echo", json.RawMessage(`{"raw":true}`), nil); err != nil {
		t.Fatal(err)
	}
	if srv.bodies[1] != `{"raw":true}` {
		t.Errorf("raw body sent as %q", srv.bodies[1])
	}
}

func TestDoJSONWithHeaders(t *testing.T) {
	srv := jsonUpstream(t)
	c := newTestClient(t, testConfig())
	req, err := NewJSONRequest(t.Context(), "GET", srv.URL+"/echo", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer t0k")
	var echo map[string]string
	if err := c.DoJSON(req, &echo); err != nil {
		t.Fatal(err)
	}
	if echo["auth"] != "Bearer t0k" || echo["content_type"] != "" {
		t.Errorf("upstream saw %v", echo)
	}
}

func TestJSONErrors(t *testing.T) {
	srv := jsonUpstream(t)
	cfg := testConfig()
	cfg.MaxResponseBytes = 1000
	c := newTestClient(t, cfg)

	var u user
	err := c.GetJSON(t.Context(), srv.URL+"/missing", &u)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 404 || !strings.Contains(string(se.Body), "not_found") {
		t.Fatalf("404: %v, want a *StatusError with the body", err)
	}
	if !strings.Contains(err.Error(), "404 Not Found") || !strings.Contains(err.Error(), "no user 9") {
		t.Errorf("message %q does not name the status and quote the body", err)
	}

	err = c.GetJSON(t.Context(), srv.URL+"/html", &u)
	if err == nil || !strings.Contains(err.Error(), "text/html") || !strings.Contains(err.Error(), "httpclient.user") {
		t.Errorf("HTML answer: %v, want an error naming the content type and the target type", err)
	}

	var s string
	err = c.GetJSON(t.Context(), srv.URL+"/big", &s)
	if !errors.Is(err, ErrResponseTooLarge) || !strings.Contains(err.Error(), "HTTPCLIENT_MAX_RESPONSE_BYTES") {
		t.Errorf("big answer: %v, want ErrResponseTooLarge naming the setting", err)
	}

	u = user{ID: 7}
	if err := c.GetJSON(t.Context(), srv.URL+"/none", &u); err != nil || u.ID != 7 {
		t.Errorf("204: %v, %+v; want no error and out untouched", err, u)
	}

	if err := c.JSON(t.Context(), "POST", srv.URL+"/echo", make(chan int), nil); err == nil || !strings.Contains(err.Error(), "chan int") {
		t.Errorf("unencodable body: %v, want an error naming its type", err)
	}
	if err := c.GetJSON(t.Context(), "://bad", nil); err == nil {
		t.Error("bad URL: no error")
	}
}

// StatusError hides the password of a URL.
func TestStatusErrorRedacts(t *testing.T) {
	srv := jsonUpstream(t)
	c := newTestClient(t, testConfig())
	err := c.GetJSON(t.Context(), strings.Replace(srv.URL, "http://", "http://bob:secret@", 1)+"/missing", nil)
	if err == nil || strings.Contains(err.Error(), "secret") {
		t.Fatalf("err = %v, want a 404 error without the password", err)
	}
}
