package otel

import (
	"net/http"

	"go.opentelemetry.io/otel/propagation"
)

// headerCarrier is propagation.HeaderCarrier without its allocations: the
// propagators ask for "traceparent", "tracestate" and "baggage" in lower
// case, and http.Header canonicalizes such a key into a new string on
// every Get and Set. The three are mapped to their canonical forms here.
type headerCarrier http.Header

var _ propagation.TextMapCarrier = headerCarrier(nil)

// canonical returns the canonical header key of the propagators' keys.
func canonical(key string) string {
	switch key {
	case "traceparent":
		return "Traceparent"
	case "tracestate":
		return "Tracestate"
	case "baggage":
		return "Baggage"
	}
	return key
}

// Get returns the first value of key.
func (h headerCarrier) Get(key string) string { return http.Header(h).Get(canonical(key)) }

// Set replaces the values of key.
func (h headerCarrier) Set(key, value string) { http.Header(h).Set(canonical(key), value) }

// Keys lists the header keys.
func (h headerCarrier) Keys() []string { return propagation.HeaderCarrier(h).Keys() }
