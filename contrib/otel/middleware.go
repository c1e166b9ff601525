package otel

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/egg-go/egg"
	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// serverStart are the start options of every request span, made once
// (a variadic slice built per call would escape: one allocation).
var serverStart = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindServer)}

// Middleware traces and times every request: it continues the trace of
// the request's traceparent (or starts one), puts the span in the
// request's context for the handler and for outbound calls, names it
// after the route pattern once the router has matched ("GET
// /api/users/{id}"; a request no route matched is named after its method
// alone, as the semantic conventions say), records the HTTP attributes,
// marks 5xx answers (and panics) as errors, and records
// http.server.request.duration by method, route, scheme and status.
//
// Module registers it as the "otel" middleware, first in
// egg.HTTPConfig.CoreMiddleware, so that its span covers every other
// middleware. Under egg the status, route pattern, client IP and request
// id come from the egg.Ctx; in a plain chi router, from the writer and
// chi's routing context. With Config.Disabled it returns next unchanged.
func (t *Telemetry) Middleware(next http.Handler) http.Handler {
	if t.cfg.Disabled {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.serve(next, w, r)
	})
}

// serve runs one request under its span.
func (t *Telemetry) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	c := egg.CtxFrom(r)
	var start time.Time
	var sw *statusWriter
	if c != nil {
		start = c.StartTime()
	} else {
		start = time.Now()
		sw = &statusWriter{ResponseWriter: w}
		w = sw
	}
	method, _ := normalMethod(r.Method)
	ctx := t.prop.Extract(r.Context(), headerCarrier(r.Header))
	ctx, span := t.tracer.Start(ctx, spanName(method, ""), serverStart...)
	completed := false
	defer func() {
		var status int
		var route string
		switch {
		case c != nil:
			status, route = c.Status(), c.RoutePattern()
		default:
			status = sw.status
			if rc := chi.RouteContext(r.Context()); rc != nil {
				route = rc.RoutePattern()
			}
		}
		if status == 0 {
			status = http.StatusOK // what net/http sends for a handler that wrote nothing
		}
		if !completed { // a panic: egg answers 500 or aborts the connection
			status = http.StatusInternalServerError
		}
		if route != "" {
			route = clean(route)
		}
		scheme := tlsScheme(r)
		if c != nil {
			scheme = c.Protocol() // "http" or "https", proxy headers honoured in proxy mode
		}
		kind := t.http.entry(serverKey{method: method, route: route, scheme: scheme, status: status})
		if span.IsRecording() {
			t.finishSpan(span, c, r, kind, method, route, scheme, status, completed)
		}
		span.End()
		t.inst.server.Record(ctx, time.Since(start).Seconds(), kind.opts...)
	}()
	next.ServeHTTP(w, r.WithContext(ctx))
	completed = true
}

// attrPool holds the attribute slices finishSpan fills: the SDK copies
// the attributes into the span, so the slice can serve the next request.
var attrPool = sync.Pool{New: func() any { s := make([]attribute.KeyValue, 0, 16); return &s }}

// finishSpan names a recording span after the route and sets its
// attributes, all at once (one copy in the span, from a pooled slice), and
// its status for a 5xx or a panic.
func (t *Telemetry) finishSpan(span trace.Span, c *egg.Ctx, r *http.Request, kind *serverEntry, method, route, scheme string, status int, completed bool) {
	buf := attrPool.Get().(*[]attribute.KeyValue)
	defer func() {
		clear(*buf)
		*buf = (*buf)[:0]
		attrPool.Put(buf)
	}()
	attrs := *buf
	attrs = append(attrs, semconv.HTTPRequestMethodKey.String(method), semconv.URLPathKey.String(clean(r.URL.Path)),
		semconv.HTTPResponseStatusCodeKey.Int(status), semconv.NetworkProtocolVersionKey.String(protocolVersion(r)))
	if method == "_OTHER" {
		attrs = append(attrs, semconv.HTTPRequestMethodOriginalKey.String(clean(r.Method)))
	}
	if route != "" {
		span.SetName(kind.name)
		attrs = append(attrs, semconv.HTTPRouteKey.String(route))
	}
	if ua := r.UserAgent(); ua != "" {
		attrs = append(attrs, semconv.UserAgentOriginalKey.String(clean(ua)))
	}
	attrs = append(attrs, semconv.URLSchemeKey.String(scheme))
	if c != nil {
		attrs = append(attrs, semconv.ClientAddressKey.String(clean(c.IP())), AttrRequestID.String(clean(c.RequestID())))
	}
	if status >= 500 { // a 4xx is the client's error, not the server's (semantic conventions)
		attrs = append(attrs, semconv.ErrorTypeKey.String(strconv.Itoa(status)))
		switch {
		case !completed:
			span.SetStatus(codes.Error, "panic")
		case c != nil && c.RenderedError() != nil:
			span.SetStatus(codes.Error, clean(c.RenderedError().Error()))
		default:
			span.SetStatus(codes.Error, "")
		}
	}
	span.SetAttributes(attrs...)
	*buf = attrs
}

// tlsScheme is "https" for a TLS request, else "http".
func tlsScheme(r *http.Request) string {
	if r.TLS != nil {
		return "https"
	}
	return "http"
}

// spanName is "{method} {route}", or the method alone for a request no
// route matched; a method outside the standard ones is "HTTP".
func spanName(method, route string) string {
	if method == "_OTHER" {
		method = "HTTP"
	}
	if route == "" {
		return method
	}
	return method + " " + route
}

// normalMethod returns the semantic conventions' method value: the
// standard methods as they are, anything else "_OTHER" (so that made-up
// methods cannot multiply span names and metric series).
func normalMethod(m string) (string, bool) {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m, true
	}
	return "_OTHER", false
}

// protocolVersion is network.protocol.version: "1.1", "2", "3".
func protocolVersion(r *http.Request) string {
	switch r.ProtoMajor {
	case 1:
		if r.ProtoMinor == 0 {
			return "1.0"
		}
		return "1.1"
	case 2:
		return "2"
	case 3:
		return "3"
	}
	return r.Proto
}

// statusWriter records the status when the middleware runs outside egg.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the server's writer (Flush,
// Hijack, deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
