package session

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestDataRoundTrip(t *testing.T) {
	for _, d := range []data{
		{},
		{values: map[string]json.RawMessage{"a": json.RawMessage(`1`)}},
		{values: map[string]json.RawMessage{"": json.RawMessage(`""`), "long": json.RawMessage(`"` + strings.Repeat("x", 300) + `"`)}},
		{flashes: map[string][]string{"info": {"a", "", "c"}}},
		{values: map[string]json.RawMessage{"u": json.RawMessage(`{"n":"é"}`)}, flashes: map[string][]string{"": {"x"}}},
	} {
		b := appendData(nil, &d)
		if len(b) != dataLen(&d) {
			t.Errorf("dataLen %d, encoded %d", dataLen(&d), len(b))
		}
		got, err := parseData(b)
		if err != nil {
			t.Fatalf("parseData(%q): %v", b, err)
		}
		if len(got.values) != len(d.values) || len(got.flashes) != len(d.flashes) {
			t.Errorf("round trip of %v gave %v", d, got)
		}
		for k, v := range d.values {
			if string(got.values[k]) != string(v) {
				t.Errorf("value %q: %s, want %s", k, got.values[k], v)
			}
		}
		for k, v := range d.flashes {
			if strings.Join(got.flashes[k], "|") != strings.Join(v, "|") {
				t.Errorf("flashes %q: %q, want %q", k, got.flashes[k], v)
			}
		}
	}
}

func TestParseDataRejects(t *testing.T) {
	valid := appendData(nil, &data{values: map[string]json.RawMessage{"k": json.RawMessage(`1`)}})
	for _, tc := range []struct {
		name string
		b    []byte
	}{
		{"empty", nil},
		{"unknown version", append([]byte{9}, valid[1:]...)},
		{"truncated", valid[:len(valid)-1]},
		{"trailing bytes", append(append([]byte(nil), valid...), 0)},
		{"count beyond the input", []byte{formatVersion, 0x7f}},
		{"huge count", []byte{formatVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"overlong varint", []byte{formatVersion, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"field longer than the input", []byte{formatVersion, 1, 50, 'k'}},
		{"no flash count", []byte{formatVersion, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if d, err := parseData(tc.b); !errors.Is(err, errMalformed) || !d.empty() {
				t.Errorf("parseData(%q) = %v, %v; want errMalformed and no data", tc.b, d, err)
			}
		})
	}
}

func TestParseHeaderRejects(t *testing.T) {
	h := header{expires: 1, maxAge: time.Hour}
	valid := appendHeader(nil, &h)
	for _, b := range [][]byte{nil, valid[:len(valid)-1], append([]byte{2}, valid[1:]...),
		append(append(valid[:9:9], 0xff, 0xff, 0xff, 0xff, 0x7f), make([]byte, idLen)...)} {
		if _, _, err := parseHeader(b); err == nil {
			t.Errorf("parseHeader(%q) accepted", b)
		}
	}
	got, rest, err := parseHeader(append(valid, 'x'))
	if err != nil || got != h || string(rest) != "x" {
		t.Errorf("parseHeader: %v %q %v", got, rest, err)
	}
}

// TestCookieLen: the size Set checks is the size of the cookie written.
func TestCookieLen(t *testing.T) {
	m, err := NewManager(DefaultConfig(), []string{"k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := m.NewSession()
	for i, v := range []string{"a", strings.Repeat("é", 100), strings.Repeat("x", 1000)} {
		if err := s.Set(strings.Repeat("k", i+1), v); err != nil {
			t.Fatal(err)
		}
		if err := s.AddFlash("info", v); err != nil {
			t.Fatal(err)
		}
		predicted := m.cookieLen(s)
		ck, err := m.Encode(context.Background(), s)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(ck.Name) + 1 + len(ck.Value); got != predicted {
			t.Errorf("cookieLen %d, cookie %d", predicted, got)
		}
	}
}

func TestNewManagerErrors(t *testing.T) {
	if _, err := NewManager(DefaultConfig(), []string{"ok", ""}, nil); err == nil || !strings.Contains(err.Error(), "app key 1") {
		t.Errorf("empty key: %v", err)
	}
	bad := DefaultConfig()
	bad.SameSite = "x"
	if _, err := NewManager(bad, []string{"k"}, nil); err == nil {
		t.Error("bad config accepted")
	}
	m, _ := NewManager(DefaultConfig(), nil, nil)
	if _, err := m.Decode(context.Background(), "x"); !errors.Is(err, errNoKeys) {
		t.Errorf("Decode without keys: %v", err)
	}
	if _, err := m.Encode(context.Background(), m.NewSession()); !errors.Is(err, errNoKeys) {
		t.Errorf("Encode without keys: %v", err)
	}
	other, _ := NewManager(DefaultConfig(), []string{"k"}, nil)
	if _, err := other.Encode(context.Background(), m.NewSession()); err == nil {
		t.Error("Encode of another manager's session accepted")
	}
}

// TestKeysDiffer: the session key is derived, not the app key itself,
// and each app key gives its own.
func TestKeysDiffer(t *testing.T) {
	m1, _ := NewManager(DefaultConfig(), []string{"a"}, nil)
	m2, _ := NewManager(DefaultConfig(), []string{"b"}, nil)
	s := m1.NewSession()
	_ = s.Set("x", 1)
	ck, _ := m1.Encode(context.Background(), s)
	if _, err := m2.Decode(context.Background(), ck.Value); !errors.Is(err, errNotOurs) {
		t.Errorf("decoded with another key: %v", err)
	}
	if got, err := m1.Decode(context.Background(), ck.Value); err != nil || got.Len() != 1 {
		t.Errorf("own key: %v", err)
	}
}

// FuzzDecodeValue: decodeValue into a *string gives what json.Unmarshal
// gives (value, and whether it failed), for any stored bytes.
func FuzzDecodeValue(f *testing.F) {
	for _, s := range []string{`"ada"`, `""`, `"a\"b"`, `"caf\u00e9"`, `"é"`, `null`, `3`, ` "x"`, `"x`, `"\t"`, `"a"b"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, want := "unset", "unset"
		gotErr := decodeValue(raw, &got)
		wantErr := json.Unmarshal(raw, &want)
		if (gotErr == nil) != (wantErr == nil) || gotErr == nil && got != want {
			t.Fatalf("%q: decodeValue %q, %v; json.Unmarshal %q, %v", raw, got, gotErr, want, wantErr)
		}
	})
}
