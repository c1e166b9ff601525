package session

import (
	"maps"
	"slices"
	"strings"
	"sync"
)

// A browser sends the same session cookie with every request until the
// session changes, and a cookie value always decrypts to the same bytes
// (AES-GCM authenticates it: only this app's keys made it). So the
// Manager remembers what recent cookie values opened to — the header and,
// with the cookie store, the parsed data — and a request that sends one
// again skips base64, AES-GCM and parsing. Expiry, renewal and the key
// used are still judged on every request from the remembered header.
// With an external store only the cookie's header is remembered: the data
// is read from the store each time (it changes there).
//
// Remembered data is shared by the requests that send the same cookie:
// a Session changes its own copy (own), never the shared one.

const (
	// openedMaxBytes bounds the plaintext remembered (cookie values and
	// their contents); past it the cache starts over. Sessions are small
	// (a cookie holds at most CookieSizeLimit), so this is thousands of
	// sessions.
	openedMaxBytes = 1 << 20
	// openedMaxEntries bounds the number of cookie values remembered.
	openedMaxEntries = 4096
)

// opened is what a cookie value decrypted to.
type opened struct {
	h    header
	d    data // the cookie store's data; empty with an external store
	key  int  // the index of the app key that opened it
	size int
}

// openedCache maps cookie values to what they opened to.
type openedCache struct {
	mu    sync.RWMutex
	m     map[string]*opened
	bytes int
}

func (c *openedCache) get(value string) *opened {
	c.mu.RLock()
	o := c.m[value]
	c.mu.RUnlock()
	return o
}

func (c *openedCache) put(value string, o *opened) {
	o.size += len(value)
	if o.size > openedMaxBytes/64 {
		return // an unusually large session: not worth a share of the cache
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= openedMaxEntries || c.bytes+o.size > openedMaxBytes {
		c.m, c.bytes = make(map[string]*opened), 0
	}
	if _, ok := c.m[value]; !ok {
		c.m[strings.Clone(value)] = o
		c.bytes += o.size
	}
	c.mu.Unlock()
}

// len is the number of cookie values remembered.
func (c *openedCache) len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.m)
}

// own makes s's data its own before s changes it: data from the cache is
// shared with other requests.
func (s *Session) own() {
	if !s.shared {
		return
	}
	s.shared = false
	s.data.values = maps.Clone(s.data.values)
	if s.data.flashes != nil {
		flashes := make(map[string][]string, len(s.data.flashes))
		for k, msgs := range s.data.flashes {
			flashes[k] = slices.Clone(msgs)
		}
		s.data.flashes = flashes
	}
}
