package i18n

import (
	"context"
	"log/slog"
	"strings"
	"sync"
)

// missingLogLimit caps how many distinct missing messages are remembered
// (and logged) per process, so that ids built from user input cannot grow
// memory without bound.
const missingLogLimit = 1000

// kinds of missKey
const (
	kindMissing  = iota // no locale has the id
	kindFallback        // the locale lacks it; the default locale's is shown
	kindFailed          // go-i18n could not produce it
)

type missKey struct {
	kind   uint8
	locale string
	id     string
}

// missingLog logs each missing message once per process.
type missingLog struct {
	log   *slog.Logger
	level slog.Level // of missing messages

	mu   sync.Mutex
	seen map[missKey]struct{}
	full bool
}

func (m *missingLog) init(log *slog.Logger, level slog.Level) {
	m.log, m.level, m.seen = log, level, make(map[missKey]struct{})
}

// first reports whether key is new and its line should be logged at
// level. When the level is off it costs one Enabled call; after
// missingLogLimit keys it logs, once, that it stops, and then reports
// false for every key.
func (m *missingLog) first(ctx context.Context, level slog.Level, key missKey) bool {
	if m.log == nil || !m.log.Enabled(ctx, level) {
		return false
	}
	m.mu.Lock()
	if _, dup := m.seen[key]; dup || m.full {
		m.mu.Unlock()
		return false
	}
	if len(m.seen) >= missingLogLimit {
		m.full = true
		m.mu.Unlock()
		m.log.Log(ctx, level, "i18n: too many missing messages; no more are logged until restart", "limit", missingLogLimit)
		return false
	}
	key.id = strings.Clone(key.id)
	m.seen[key] = struct{}{}
	m.mu.Unlock()
	return true
}
