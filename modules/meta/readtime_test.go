package meta

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"
)

func TestReadtimeValues(t *testing.T) {
	m := New(DefaultConfig())
	for _, tc := range []struct {
		ms   int64
		want string
	}{{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1000"}, {123456, "123456"}} {
		v := m.readtime(tc.ms)
		if len(v) != 1 || v[0] != tc.want {
			t.Errorf("readtime(%d) = %q, want [%s]", tc.ms, v, tc.want)
		}
		if cap(v) != 1 {
			t.Errorf("readtime(%d) has capacity %d: a Header.Add would write into the shared table", tc.ms, cap(v))
		}
	}
	// Add on the shared value copies it instead of changing the table.
	h := http.Header{HeaderReadtime: m.readtime(5)}
	h.Add(HeaderReadtime, "x")
	if m.readtime(6)[0] != "6" {
		t.Errorf("Header.Add changed the shared table: readtime(6) = %q", m.readtime(6))
	}
}

// TestSlowRequest formats a readtime over a second (not from the table).
func TestSlowRequest(t *testing.T) {
	m := New(DefaultConfig())
	w := httptest.NewRecorder()
	s := &stamp{ResponseWriter: w, m: m, start: time.Now().Add(-1500 * time.Millisecond)}
	s.stamp()
	if v, err := strconv.Atoi(w.Header().Get(HeaderReadtime)); err != nil || v < 1500 || v > 60_000 {
		t.Errorf("X-Readtime = %q for a request 1.5s old", w.Header().Get(HeaderReadtime))
	}
}

func TestSetIdleTimeout(t *testing.T) {
	m := New(DefaultConfig())
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{{0, ""}, {-time.Second, ""}, {999 * time.Millisecond, ""}, {time.Second, "timeout=1"}, {2900 * time.Millisecond, "timeout=2"}, {2 * time.Minute, "timeout=120"}} {
		m.SetIdleTimeout(tc.d)
		got := ""
		if v := m.keepAlive.Load(); v != nil {
			got = (*v)[0]
		}
		if got != tc.want {
			t.Errorf("SetIdleTimeout(%v): Keep-Alive %q, want %q", tc.d, got, tc.want)
		}
	}
}
