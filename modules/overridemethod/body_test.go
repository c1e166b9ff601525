package overridemethod

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadUpTo(t *testing.T) {
	const limit = 10
	for _, size := range []int{0, 1, 9, 10, 11, 12, 100, 5000} {
		body := strings.Repeat("x", size)
		for _, hint := range []int64{-1, int64(size)} {
			for name, r := range map[string]func() io.Reader{
				"whole":     func() io.Reader { return strings.NewReader(body) },
				"byte":      func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
				"eof early": func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
			} {
				data, complete, err := readUpTo(r(), limit, hint)
				if err != nil {
					t.Fatalf("%s, %d bytes, hint %d: %v", name, size, hint, err)
				}
				wantLen := min(size, limit+1)
				if complete != (size <= limit) || len(data) != wantLen || string(data) != body[:wantLen] {
					t.Errorf("%s, %d bytes, hint %d: %d bytes read, complete %v", name, size, hint, len(data), complete)
				}
			}
		}
	}
	boom := errors.New("boom")
	data, complete, err := readUpTo(io.MultiReader(strings.NewReader("abc"), iotest.ErrReader(boom)), limit, -1)
	if !errors.Is(err, boom) || complete || string(data) != "abc" {
		t.Errorf("failing body: %q, %v, %v", data, complete, err)
	}
}

// TestReplay: the replayed body gives the bytes read, then the rest or
// the error, and closes the original.
func TestReplay(t *testing.T) {
	closed := 0
	orig := closer{func() error { closed++; return nil }}
	b := &replay{data: []byte("head-"), rest: strings.NewReader("tail"), body: orig}
	got, err := io.ReadAll(iotest.OneByteReader(b))
	if err != nil || string(got) != "head-tail" {
		t.Errorf("replay = %q, %v", got, err)
	}
	if err := b.Close(); err != nil || closed != 1 {
		t.Errorf("Close: %v, original closed %d times", err, closed)
	}
	boom := errors.New("boom")
	b = &replay{data: []byte("x"), rest: errReader{boom}, body: orig}
	if got, err := io.ReadAll(b); string(got) != "x" || !errors.Is(err, boom) {
		t.Errorf("replay with error = %q, %v", got, err)
	}
	if err := iotest.TestReader(&replay{data: []byte("0123456789"), body: orig}, []byte("0123456789")); err != nil {
		t.Error(err)
	}
}

type closer struct{ fn func() error }

func (c closer) Read([]byte) (int, error) { return 0, io.EOF }
func (c closer) Close() error             { return c.fn() }
