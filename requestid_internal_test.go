package egg

import "testing"

// BenchmarkRequestIDs measures making one request id into a request's
// reqContext: no allocation, no system call.
func BenchmarkRequestIDs(b *testing.B) {
	g := newRequestIDs()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		var id requestID
		for pb.Next() {
			_ = g.next(&id)
		}
	})
}

func TestRequestIDsDiffer(t *testing.T) {
	a, b := newRequestIDs(), newRequestIDs()
	if a.prefix == b.prefix {
		t.Errorf("two generators share the prefix %s", a.prefix)
	}
	var x, y requestID
	if first, second := a.next(&x), a.next(&y); first == second || !validRequestID(first) || !validRequestID(second) {
		t.Errorf("%q %q", first, second)
	}
	a.n.Store(^uint64(0) - 1) // the longest counter fits the buffer
	if s := a.next(&x); len(s) != len(x.buf) || s[len(s)-13:] != "fvvvvvvvvvvvv" || !validRequestID(s) {
		t.Errorf("%q", s)
	}
}
