package httpclient

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// cannedNetwork answers every request at once, so the benchmarks measure
// the client's own layers, not the network.
type cannedNetwork struct{}

func (cannedNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

// BenchmarkCall compares a bare *http.Client, the same with the default
// 5 s Timeout (which costs a timer per call for any transport but
// net/http's own), and the httpclient stack (headers, log check, event)
// over the same canned network.
func BenchmarkCall(b *testing.B) {
	bare := &http.Client{Transport: cannedNetwork{}}
	bareTimeout := &http.Client{Transport: cannedNetwork{}, Timeout: DefaultConfig().Timeout}
	c, err := New(DefaultConfig(), WithNetwork(cannedNetwork{}))
	if err != nil {
		b.Fatal(err)
	}
	c.OnCall(func(CallEvent) {})
	for _, tt := range []struct {
		name string
		hc   *http.Client
	}{{"bare", bare}, {"bare+timeout", bareTimeout}, {"httpclient", c.Client}} {
		b.Run(tt.name, func(b *testing.B) {
			req, _ := http.NewRequestWithContext(b.Context(), "GET", "http://api.example.com/x", nil)
			b.ReportAllocs()
			for b.Loop() {
				resp, err := tt.hc.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				resp.Body.Close()
			}
		})
	}
}
