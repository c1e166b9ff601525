package otelqueue

import (
	"testing"

	"go.opentelemetry.io/otel/propagation"
)

func TestWithCarrierAndBack(t *testing.T) {
	carrier := propagation.MapCarrier{"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
	for _, tc := range []struct {
		name, in string
		wantBack bool
	}{
		{"empty", "", true},
		{"empty object", "{}", true},
		{"other keys", `{"tenant":"a","snoozes":2}`, true},
		{"replaces an old trace", `{"otel":{"traceparent":"00-old"}}`, true},
		{"not an object", `[1,2]`, false},
		{"not JSON", `{oops`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := withCarrier([]byte(tc.in), carrier)
			got := carrierOf(out)
			if tc.wantBack != (got["traceparent"] == carrier["traceparent"]) {
				t.Errorf("withCarrier(%s) = %s, carried back %v", tc.in, out, got)
			}
			if !tc.wantBack && string(out) != tc.in {
				t.Errorf("metadata %s was changed to %s", tc.in, out)
			}
		})
	}
	for _, md := range []string{"", "{}", `{"otel":"garbage"}`, `{"otel":{"traceparent":1}}`, `{"otel"`} {
		if got := carrierOf([]byte(md)); len(got) != 0 {
			t.Errorf("carrierOf(%s) = %v, want none", md, got)
		}
	}
}
