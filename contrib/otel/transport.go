package otel

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/egg-go/egg"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
)

// clientStart are the start options of every client span, made once.
var clientStart = []trace.SpanStartOption{trace.WithSpanKind(trace.SpanKindClient)}

// Transport wraps next so that every call through it is a client span,
// child of the span in the request's context (the request span of the
// egg request the call is made in, or a schedule run's span), with the
// span's trace context injected into the outbound headers (W3C
// traceparent, replacing one the caller or httpclient set) and
// http.client.request.duration recorded. The caller's request is not
// changed: the headers go on a copy.
//
// Module wraps the app's *httpclient.Client with it; wrap any other
// client yourself: &http.Client{Transport: tel.Transport(http.DefaultTransport)}.
// With Config.Disabled it returns next unchanged.
func (t *Telemetry) Transport(next http.RoundTripper) http.RoundTripper {
	if t.cfg.Disabled {
		return next
	}
	if next == nil {
		next = http.DefaultTransport
	}
	return &transport{t: t, next: next}
}

// transport is the RoundTripper Transport returns.
type transport struct {
	t    *Telemetry
	next http.RoundTripper
}

// RoundTrip sends req under a client span.
func (rt *transport) RoundTrip(req *http.Request) (*http.Response, error) {
	t := rt.t
	start := time.Now()
	method, known := normalMethod(req.Method)
	parent := t.parentContext(req)
	ctx, span := t.tracer.Start(parent, spanName(method, ""), clientStart...)
	host, port := hostPort(req)
	if span.IsRecording() {
		attrs := make([]attribute.KeyValue, 0, 6)
		attrs = append(attrs, semconv.HTTPRequestMethodKey.String(method), semconv.ServerAddressKey.String(clean(host)),
			semconv.URLFullKey.String(redactedURL(req)))
		if port > 0 {
			attrs = append(attrs, semconv.ServerPortKey.Int(port))
		}
		if !known {
			attrs = append(attrs, semconv.HTTPRequestMethodOriginalKey.String(clean(req.Method)))
		}
		span.SetAttributes(attrs...)
	}
	out := req.Clone(req.Context()) // the context stays the caller's: httpclient finds the egg request there
	out.Header.Del("Traceparent")
	out.Header.Del("Tracestate")
	t.prop.Inject(ctx, headerCarrier(out.Header))
	resp, err := rt.next.RoundTrip(out)
	status := 0
	if resp != nil {
		status = resp.StatusCode
	}
	errType := ""
	switch {
	case err != nil:
		errType = errorType(err)
		span.RecordError(err)
		span.SetStatus(codes.Error, clean(err.Error()))
	case status >= 400: // for a client, a 4xx is an error too (semantic conventions)
		errType = strconv.Itoa(status)
		span.SetStatus(codes.Error, "")
	}
	attrs := make([]attribute.KeyValue, 0, 5)
	attrs = append(attrs, semconv.HTTPRequestMethodKey.String(method), semconv.ServerAddressKey.String(clean(host)))
	if port > 0 {
		attrs = append(attrs, semconv.ServerPortKey.Int(port))
	}
	if status != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCodeKey.Int(status))
	}
	if errType != "" {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	if span.IsRecording() {
		span.SetAttributes(attrs[2:]...) // method and host are set already
	}
	span.End()
	t.inst.client.Record(ctx, time.Since(start).Seconds(), metric.WithAttributes(attrs...))
	return resp, err
}

// parentContext is the context the client span starts under: the
// request's, which carries the caller's span; for a call made in a
// schedule run, whose context carries no span, the run's span.
func (t *Telemetry) parentContext(req *http.Request) context.Context {
	ctx := req.Context()
	if trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	if span := t.runSpan(egg.CtxFrom(req)); span != nil {
		return trace.ContextWithSpan(ctx, span)
	}
	return ctx
}

// CloseIdleConnections reaches the wrapped transport, so that
// http.Client.CloseIdleConnections (and httpclient's BeforeClose) still
// close its pool.
func (rt *transport) CloseIdleConnections() {
	if ci, ok := rt.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// hostPort is server.address and server.port of a call; port 0 when the
// URL names none and the scheme has no default.
func hostPort(req *http.Request) (string, int) {
	host, p := req.URL.Hostname(), req.URL.Port()
	if p == "" {
		switch req.URL.Scheme {
		case "http":
			return host, 80
		case "https":
			return host, 443
		}
		return host, 0
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		return host, 0
	}
	return host, port
}

// redactedURL is url.full without the user info and the query, which may
// carry credentials or tokens.
func redactedURL(req *http.Request) string {
	u := *req.URL
	u.User = nil
	u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = "", false, "", ""
	return clean(u.String())
}

// errorType is error.type for a call that got no response: "timeout"
// for a deadline, "canceled" when the caller gave up, else the semantic
// conventions' "_OTHER" (the message is in the span's status).
func errorType(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	return "_OTHER"
}
