package session

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"testing"
	"time"
)

// fuzzKey is the app key of the fuzz target; the seed corpus's sealed
// values are made with it.
const fuzzKey = "fuzz-key-0123456789"

// FuzzDecodeCookie feeds the decoder two kinds of input: an arbitrary
// cookie value (which must be refused or decode, never panic), and
// arbitrary plaintext sealed with the app's key, which reaches the
// session parser behind the authentication. Whatever decodes must encode
// and decode again to the same values and flashes.
func FuzzDecodeCookie(f *testing.F) {
	m, err := NewManager(DefaultConfig(), []string{fuzzKey}, nil)
	if err != nil {
		f.Fatal(err)
	}
	m.now = func() time.Time { return time.Unix(1_800_000_000, 0) } // fixed, before the seeds' expiry
	ctx := context.Background()
	f.Add("", []byte{})
	f.Add("AQ", []byte{formatVersion})
	f.Fuzz(func(t *testing.T, value string, plain []byte) {
		if s, err := m.Decode(ctx, value); err == nil {
			roundTrip(t, m, s)
		} else if s.Len() != 0 || !s.IsNew() {
			t.Fatalf("a refused cookie gave a session with %d values", s.Len())
		}
		buf := append(newSealBuf(len(plain)), plain...)
		sealed := string(m.keys.seal(nil, buf, m.cfg.CookieName))
		if s, err := m.Decode(ctx, sealed); err == nil {
			roundTrip(t, m, s)
		}
	})
}

// roundTrip encodes s and checks that the result decodes to the same data.
func roundTrip(t *testing.T, m *Manager, s *Session) {
	t.Helper()
	for k, v := range s.data.values {
		var x any
		_ = json.Unmarshal(v, &x) // any bytes are allowed; reading them must not panic
		_ = k
	}
	if s.data.empty() {
		return // an empty session is not saved
	}
	ck, err := m.Encode(context.Background(), s)
	if err != nil {
		t.Fatalf("Encode of a decoded session: %v", err)
	}
	again, err := m.Decode(context.Background(), ck.Value)
	if err != nil {
		t.Fatalf("Decode of a re-encoded session: %v", err)
	}
	if !maps.EqualFunc(s.data.values, again.data.values, func(a, b json.RawMessage) bool { return string(a) == string(b) }) {
		t.Fatalf("values changed: %q → %q", s.data.values, again.data.values)
	}
	if !maps.EqualFunc(s.data.flashes, again.data.flashes, slices.Equal) {
		t.Fatalf("flashes changed: %q → %q", s.data.flashes, again.data.flashes)
	}
}
