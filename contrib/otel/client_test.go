package otel_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/httpclient/httpclienttest"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
)

// profiles is the calling app's API: /api/profile/{id} asks the users
// app at *usersURL for the user.
func profiles(usersURL *string) fx.Option {
	return egg.Module("profiles", egg.Routes(func(r *egg.Router, client *httpclient.Client) {
		r.Get("/api/profile/:id", func(c *egg.Ctx) error {
			var u map[string]string
			if err := client.GetJSON(c, *usersURL+"/api/users/"+c.Param("id"), &u); err != nil {
				return err
			}
			return c.JSON(http.StatusOK, map[string]string{"user": u["id"]})
		})
	}))
}

func TestParentChildAcrossHTTPClient(t *testing.T) {
	for _, incoming := range []string{"", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"} {
		t.Run("traceparent="+incoming, func(t *testing.T) {
			usersApp, usersSrv := startApp(t)
			callerApp, callerSrv := startApp(t, httpclient.Module, profiles(&usersSrv.URL))

			res := get(t, callerSrv.URL+"/api/profile/42", "Traceparent", incoming)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
			}
			server := callerApp.one("GET /api/profile/{id}")
			client := callerApp.one("GET")
			remote := usersApp.one("GET /api/users/{id}")

			tid := server.SpanContext.TraceID()
			if incoming != "" && tid.String() != "4bf92f3577b34da6a3ce929d0e0e4736" {
				t.Errorf("the caller's server span did not continue the incoming trace: %s", tid)
			}
			for name, s := range map[string]trace.SpanContext{"client": client.SpanContext, "remote server": remote.SpanContext} {
				if s.TraceID() != tid {
					t.Errorf("%s span is in trace %s, want %s", name, s.TraceID(), tid)
				}
			}
			if client.SpanKind != trace.SpanKindClient {
				t.Errorf("client span kind %v", client.SpanKind)
			}
			if client.Parent.SpanID() != server.SpanContext.SpanID() {
				t.Errorf("client span's parent %s, want the caller's server span %s", client.Parent.SpanID(), server.SpanContext.SpanID())
			}
			if remote.Parent.SpanID() != client.SpanContext.SpanID() || !remote.Parent.IsRemote() {
				t.Errorf("remote server span's parent %s (remote %v), want the client span %s",
					remote.Parent.SpanID(), remote.Parent.IsRemote(), client.SpanContext.SpanID())
			}
			wantAttr(t, client, semconv.HTTPRequestMethodKey, "GET")
			wantAttr(t, client, semconv.HTTPResponseStatusCodeKey, "200")
			wantAttr(t, client, semconv.ServerAddressKey, "127.0.0.1")
			wantAttr(t, client, semconv.URLFullKey, usersSrv.URL+"/api/users/42")
			if client.Status.Code != codes.Unset {
				t.Errorf("client span status %v", client.Status)
			}

			// the users app logged with its server span's ids
			lines := usersApp.logs.find("loading user")
			if len(lines) != 1 {
				t.Fatalf("want one log line, got %v", lines)
			}
			if lines[0]["trace_id"] != tid.String() || lines[0]["span_id"] != remote.SpanContext.SpanID().String() {
				t.Errorf("log line %v does not carry trace %s span %s", lines[0], tid, remote.SpanContext.SpanID())
			}

			// the caller timed the call
			points := callerApp.histogram(otel.MetricClientDuration)
			if len(points) != 1 || points[0].Count != 1 {
				t.Fatalf("client duration points %v", points)
			}
			if v, _ := points[0].Attributes.Value(semconv.HTTPResponseStatusCodeKey); v.AsInt64() != 200 {
				t.Errorf("client duration status %v", v.Emit())
			}
		})
	}
}

func TestClientSpanErrors(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
	}))
	defer down.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String()
	l.Close()

	cases := []struct {
		url, errType string
	}{
		{down.URL, "503"},
		{closed, "_OTHER"},
	}
	for _, tc := range cases {
		t.Run(tc.errType, func(t *testing.T) {
			target := tc.url
			callerApp, callerSrv := startApp(t, httpclient.Module, profiles(&target))
			if got := get(t, callerSrv.URL+"/api/profile/1").StatusCode; got != 500 {
				t.Fatalf("status %d, want 500 from the failed call", got)
			}
			client := callerApp.one("GET")
			if client.Status.Code != codes.Error {
				t.Errorf("client span status %v, want error", client.Status)
			}
			wantAttr(t, client, semconv.ErrorTypeKey, tc.errType)
			if tc.errType == "_OTHER" && len(client.Events) == 0 {
				t.Error("the transport error is not recorded as an event")
			}
		})
	}
}

func TestInjectedTraceparentNamesTheClientSpan(t *testing.T) {
	ic := httpclienttest.Intercept(t, httpclienttest.ReplyJSON("GET", "users.internal/api/users/9", 200, map[string]string{"id": "9"}))
	target := "http://users.internal"
	callerApp, callerSrv := startApp(t, httpclient.Module, profiles(&target), ic)
	// the incoming traceparent would be forwarded unchanged by httpclient
	// alone; the transport replaces it with the client span's
	in := "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	if got := get(t, callerSrv.URL+"/api/profile/9", "Traceparent", in, "Tracestate", "vendor=x").StatusCode; got != 200 {
		t.Fatalf("status %d", got)
	}
	call := ic.AssertCalled("GET", "users.internal/api/users/9")
	client := callerApp.one("GET")
	want := "00-4bf92f3577b34da6a3ce929d0e0e4736-" + client.SpanContext.SpanID().String() + "-01"
	if got := call.Header.Get("Traceparent"); got != want {
		t.Errorf("outbound traceparent %q, want %q", got, want)
	}
	if got := call.Header.Get("Tracestate"); got != "vendor=x" {
		t.Errorf("outbound tracestate %q, want the trace's vendor=x", got)
	}
	if got := call.Header.Values("Traceparent"); len(got) != 1 {
		t.Errorf("traceparent sent %d times", len(got))
	}
}

func TestTransportLeavesTheCallersRequestAlone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(r.Header.Get("Traceparent")))
	}))
	defer srv.Close()
	tel, err := otel.New(noExport(), otel.Service{Name: "standalone"})
	if err != nil {
		t.Fatal(err)
	}
	defer tel.Shutdown(context.Background())
	client := &http.Client{Transport: tel.Transport(nil)}
	defer client.CloseIdleConnections()
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 100)
	n, _ := res.Body.Read(body)
	res.Body.Close()
	if got := req.Header.Get("Traceparent"); got != "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" {
		t.Errorf("the caller's header changed to %q", got)
	}
	// no span in the context: a new trace, not the header's
	if sent := string(body[:n]); len(sent) != 55 || strings.Contains(sent, "4bf92f3577b34da6a3ce929d0e0e4736") {
		t.Errorf("sent traceparent %q, want a new trace", sent)
	}
}

// noExport is a config that exports nothing.
func noExport() otel.Config {
	cfg := otel.DefaultConfig()
	cfg.TracesExporter, cfg.MetricsExporter = otel.ExporterNone, otel.ExporterNone
	return cfg
}
