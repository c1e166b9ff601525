package otel_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

func TestSpanPerRequestNamedByRoutePattern(t *testing.T) {
	tt, srv := startApp(t)
	r1 := get(t, srv.URL+"/api/users/1")
	r2 := get(t, srv.URL+"/api/users/2", "X-Forwarded-For", "203.0.113.9")
	if r1.StatusCode != 200 || r2.StatusCode != 200 {
		t.Fatalf("status %d, %d", r1.StatusCode, r2.StatusCode)
	}
	spans := tt.named("GET /api/users/{id}")
	if len(spans) != 2 {
		t.Fatalf("want 2 spans named after the pattern, got %v", spanNames(tt.spans.GetSpans()))
	}
	if spans[0].SpanContext.TraceID() == spans[1].SpanContext.TraceID() {
		t.Error("two requests without traceparent share a trace id")
	}
	for i, s := range spans {
		res := []*http.Response{r1, r2}[i]
		if s.SpanKind != trace.SpanKindServer {
			t.Errorf("kind %v, want server", s.SpanKind)
		}
		if s.Parent.IsValid() {
			t.Errorf("span %d has parent %v without an incoming traceparent", i, s.Parent)
		}
		wantAttr(t, s, semconv.HTTPRouteKey, "/api/users/{id}")
		wantAttr(t, s, semconv.HTTPRequestMethodKey, "GET")
		wantAttr(t, s, semconv.HTTPResponseStatusCodeKey, "200")
		wantAttr(t, s, semconv.URLSchemeKey, "http")
		wantAttr(t, s, semconv.URLPathKey, []string{"/api/users/1", "/api/users/2"}[i])
		wantAttr(t, s, semconv.ClientAddressKey, "127.0.0.1") // proxy mode is off: the header is not trusted
		wantAttr(t, s, semconv.NetworkProtocolVersionKey, "1.1")
		wantAttr(t, s, otel.AttrRequestID, res.Header.Get("X-Request-Id"))
		if s.Status.Code != codes.Unset {
			t.Errorf("a 200 has status %v", s.Status)
		}
		if s.InstrumentationScope.Name != "github.com/egg-go/egg/contrib/otel" {
			t.Errorf("scope %q", s.InstrumentationScope.Name)
		}
	}

	// the duration metric: one series for the pattern, two requests in it
	points := tt.histogram(otel.MetricServerDuration)
	var found int
	for _, p := range points {
		route, _ := p.Attributes.Value(semconv.HTTPRouteKey)
		if strings.Contains(route.AsString(), "/api/users") {
			found++
			if p.Count != 2 {
				t.Errorf("series %v counts %d requests, want 2", p.Attributes.ToSlice(), p.Count)
			}
			if p.Sum <= 0 {
				t.Errorf("series sum %v", p.Sum)
			}
		}
	}
	if found != 1 {
		t.Errorf("want one series for /api/users/{id}, got %d: %v", found, points)
	}
}

func TestClientIPFromProxyHeaderWhenTrusted(t *testing.T) {
	tt, srv := startApp(t, egg.Configure(func(c *egg.HTTPConfig) { c.Proxy = true }))
	get(t, srv.URL+"/api/users/7", "X-Forwarded-For", "203.0.113.9")
	wantAttr(t, tt.one("GET /api/users/{id}"), semconv.ClientAddressKey, "203.0.113.9")
}

func TestSpanNamesAndStatus(t *testing.T) {
	tt, srv := startApp(t)
	cases := []struct {
		method, path string
		status       int
		name         string
		route        string // "" when no route matched
		code         codes.Code
		description  string
	}{
		{"GET", "/nope", 404, "GET", "", codes.Unset, ""},
		{"GET", "/api/teapot", 418, "GET /api/teapot", "/api/teapot", codes.Unset, ""},
		{"POST", "/api/users", 201, "POST /api/users", "/api/users", codes.Unset, ""},
		{"GET", "/api/broken", 500, "GET /api/broken", "/api/broken", codes.Error, "database is down"},
		{"GET", "/api/panic", 500, "GET /api/panic", "/api/panic", codes.Error, "panic"},
		{"BREW", "/api/users/1", 405, "HTTP", "", codes.Unset, ""},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			tt.spans.Reset()
			req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			tt.t = t
			s := tt.one(tc.name)
			wantAttr(t, s, semconv.HTTPResponseStatusCodeKey, itoa(tc.status))
			if tc.route == "" {
				if v, ok := attr(s, semconv.HTTPRouteKey); ok {
					t.Errorf("unmatched request has http.route %q", v.Emit())
				}
			} else {
				wantAttr(t, s, semconv.HTTPRouteKey, tc.route)
			}
			if s.Status.Code != tc.code || s.Status.Description != tc.description {
				t.Errorf("status %v %q, want %v %q", s.Status.Code, s.Status.Description, tc.code, tc.description)
			}
			if tc.code == codes.Error {
				wantAttr(t, s, semconv.ErrorTypeKey, itoa(tc.status))
			} else if _, ok := attr(s, semconv.ErrorTypeKey); ok {
				t.Errorf("a %d has error.type", tc.status)
			}
			if tc.method == "BREW" {
				wantAttr(t, s, semconv.HTTPRequestMethodKey, "_OTHER")
				wantAttr(t, s, semconv.HTTPRequestMethodOriginalKey, "BREW")
			}
		})
	}
}

func TestIncomingTraceparentContinued(t *testing.T) {
	tt, srv := startApp(t)
	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	get(t, srv.URL+"/api/users/1", "Traceparent", "00-"+traceID+"-"+parentID+"-01", "Tracestate", "vendor=x")
	s := tt.one("GET /api/users/{id}")
	if got := s.SpanContext.TraceID().String(); got != traceID {
		t.Errorf("trace id %s, want the incoming %s", got, traceID)
	}
	if got := s.Parent.SpanID().String(); got != parentID || !s.Parent.IsRemote() {
		t.Errorf("parent %s (remote %v), want the incoming %s, remote", got, s.Parent.IsRemote(), parentID)
	}
	if s.SpanContext.SpanID().String() == parentID {
		t.Error("the server span reuses the caller's span id")
	}
	if got := s.SpanContext.TraceState().Get("vendor"); got != "x" {
		t.Errorf("tracestate vendor=%q, want x", got)
	}
}

func TestIncomingUnsampledTraceIsNotRecorded(t *testing.T) {
	tt, srv := startApp(t)
	get(t, srv.URL+"/api/users/1", "Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")
	if spans := tt.flushed(); len(spans) != 0 {
		t.Errorf("the caller decided not to sample, yet %d spans were exported: %v", len(spans), spanNames(spans))
	}
	// the request is still timed
	if n := len(tt.histogram(otel.MetricServerDuration)); n != 1 {
		t.Errorf("want one duration series, got %d", n)
	}
}

func TestBadTraceparentStartsANewTrace(t *testing.T) {
	tt, srv := startApp(t)
	for _, bad := range []string{
		"garbage",
		"00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
		"00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
		"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
		"00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
		strings.Repeat("0", 4096),
	} {
		tt.spans.Reset()
		res := get(t, srv.URL+"/api/users/1", "Traceparent", bad)
		if res.StatusCode != 200 {
			t.Errorf("traceparent %.40q: status %d, want 200", bad, res.StatusCode)
		}
		s := tt.one("GET /api/users/{id}")
		if s.Parent.IsValid() {
			t.Errorf("traceparent %.40q was taken as parent %v", bad, s.Parent)
		}
	}
}

func TestSamplerRatioZeroRecordsNothingButPropagates(t *testing.T) {
	tt, srv := startApp(t, egg.Configure(func(c *otel.Config) { c.SamplerRatio = 0 }))
	get(t, srv.URL+"/api/users/1")
	if spans := tt.flushed(); len(spans) != 0 {
		t.Errorf("ratio 0 exported %v", spanNames(spans))
	}
	// a sampled incoming trace is still followed (parent-based)
	get(t, srv.URL+"/api/users/1", "Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	tt.one("GET /api/users/{id}")
}

func TestMiddlewareIsFirstAndHonoursIgnore(t *testing.T) {
	tt, srv := startApp(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.CoreMiddleware = append(c.CoreMiddleware, "inner")
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{otel.Name: {Ignore: []egg.Matcher{egg.PathPrefix("/api/teapot")}}}
	}), egg.Module("inner", egg.Middleware("inner", func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// later middleware already sees the request span
			if !trace.SpanContextFromContext(r.Context()).IsValid() && r.URL.Path != "/api/teapot" {
				http.Error(w, "no span in the context", 500)
				return
			}
			next.ServeHTTP(w, r)
		})
	})))
	if got := get(t, srv.URL+"/api/users/1").StatusCode; got != 200 {
		t.Fatalf("status %d: the middleware after otel saw no span", got)
	}
	get(t, srv.URL+"/api/teapot")
	if got := spanNames(tt.flushed()); len(got) != 1 || got[0] != "GET /api/users/{id}" {
		t.Errorf("spans %v, want only the users one (teapot is ignored)", got)
	}
}

func TestMiddlewareOrder(t *testing.T) {
	app, err := egg.New(egg.Env("unittest"), otel.Module, users, egg.Configure(func(c *otel.Config) {
		c.TracesExporter, c.MetricsExporter = otel.ExporterNone, otel.ExporterNone
	}), egg.Module("other", egg.Middleware("other", func(next http.Handler) http.Handler { return next }),
		egg.Configure(func(c *egg.HTTPConfig) { c.CoreMiddleware = append(c.CoreMiddleware, "other") })))
	if err != nil {
		t.Fatal(err)
	}
	if got := app.Middleware(); len(got) != 2 || got[0] != otel.Name {
		t.Errorf("middleware %v, want otel first", got)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
