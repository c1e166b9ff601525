package i18n

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestMissingLogBounded: distinct missing messages are remembered up to
// missingLogLimit; then one line says logging stops, and nothing more is
// logged or remembered.
func TestMissingLogBounded(t *testing.T) {
	var buf bytes.Buffer
	var m missingLog
	m.init(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), slog.LevelDebug)
	ctx := context.Background()
	logged := 0
	for i := range missingLogLimit + 500 {
		if m.first(ctx, slog.LevelDebug, missKey{kindMissing, "en-US", fmt.Sprint("id", i)}) {
			logged++
		}
	}
	if logged != missingLogLimit || len(m.seen) != missingLogLimit {
		t.Errorf("logged %d, remembered %d; want %d each", logged, len(m.seen), missingLogLimit)
	}
	if n := strings.Count(buf.String(), "too many missing messages"); n != 1 {
		t.Errorf("the stop line was logged %d times, want once:\n%s", n, buf.String())
	}
	if m.first(ctx, slog.LevelDebug, missKey{kindMissing, "en-US", "id0"}) {
		t.Errorf("a key seen before was reported again")
	}
}

// TestMissingLogOff: with the level off nothing is remembered.
func TestMissingLogOff(t *testing.T) {
	var m missingLog
	m.init(slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil)), slog.LevelDebug) // handler at info
	if m.first(context.Background(), slog.LevelDebug, missKey{kindMissing, "en-US", "x"}) || len(m.seen) != 0 {
		t.Errorf("a debug line was recorded with debug off")
	}
	var none missingLog
	none.init(nil, slog.LevelWarn)
	if none.first(context.Background(), slog.LevelWarn, missKey{}) {
		t.Errorf("reported without a logger")
	}
}
