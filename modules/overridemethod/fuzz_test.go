package overridemethod_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/overridemethod"
)

// FuzzOverride: whatever the header and the form, the answer is the
// request routed as POST, PUT, PATCH or DELETE with its body intact, or a
// 400; never anything else.
func FuzzOverride(f *testing.F) {
	f.Add("", "_method=PUT&title=x")
	f.Add("delete", "title=x")
	f.Add("TRACE", "")
	f.Add("PUT", "_method=GET")
	f.Add("", "_method=put&_method=PATCH")
	f.Add("", "_method=%zz")
	cfg := overridemethod.DefaultConfig()
	cfg.BodyLimit = 256
	m, err := overridemethod.New(cfg)
	if err != nil {
		f.Fatal(err)
	}
	h := m.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Write([]byte(r.Method + " " + string(b)))
	}))
	f.Fuzz(func(t *testing.T, header, body string) {
		r := httptest.NewRequest("POST", "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if header != "" {
			r.Header["X-Http-Method-Override"] = []string{header}
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		switch w.Code {
		case http.StatusBadRequest:
			if !strings.Contains(w.Body.String(), "override") && !strings.Contains(w.Body.String(), "_method") {
				t.Fatalf("400 without saying why: %q", w.Body.String())
			}
		case http.StatusOK:
			method, got, _ := strings.Cut(w.Body.String(), " ")
			if got != body {
				t.Fatalf("the body reached the handler as %q, sent %q", got, body)
			}
			switch method {
			case "POST", "PUT", "PATCH", "DELETE":
			default:
				t.Fatalf("routed as %q", method)
			}
		default:
			t.Fatalf("status %d: %q", w.Code, w.Body.String())
		}
	})
}
