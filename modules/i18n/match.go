package i18n

import (
	"strings"
	"sync"

	"golang.org/x/text/language"
)

const (
	// maxLocaleLen bounds a locale from a query or cookie; longer values
	// are not parsed (real tags are far shorter).
	maxLocaleLen = 64
	// maxAcceptLanguage bounds the Accept-Language header parsed; a longer
	// one gets the default locale.
	maxAcceptLanguage = 1024
	// acceptCacheSize bounds the cache of Accept-Language headers; when it
	// is full it starts over.
	acceptCacheSize = 512
)

// lookup returns the app's locale for s in any spelling, or the closest
// one by golang.org/x/text/language's matcher (confidence above No); nil
// when s is not a locale or none is close.
func (tr *Translator) lookup(s string) *locale {
	if s == "" || len(s) > maxLocaleLen {
		return nil
	}
	for _, l := range tr.locales { // the usual case, without parsing
		if sameLocale(l.name, s) {
			return l
		}
	}
	t, err := language.Parse(s)
	if err != nil {
		return nil
	}
	_, i, conf := tr.matcher.Match(t)
	if conf == language.No {
		return nil
	}
	return tr.locales[i]
}

// sameLocale compares a canonical name ("zh-CN") with s ignoring case and
// taking "_" for "-", as Egg's en_US spelling needs.
func sameLocale(name, s string) bool {
	if len(name) != len(s) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := name[i], s[i]
		if b == '_' {
			b = '-'
		}
		if a != b && lower(a) != lower(b) {
			return false
		}
	}
	return true
}

func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// matchAccept returns the app's locale that best fits an Accept-Language
// header: the index of x/text's match into the app's own list (the
// matched tag itself may carry extensions such as -u-rg), or the default
// for a missing, malformed, oversized or unmatched header. Results are
// cached per header value.
func (tr *Translator) matchAccept(h string) *locale {
	if h == "" || len(h) > maxAcceptLanguage {
		return tr.def
	}
	if l := tr.accept.get(h); l != nil {
		return l
	}
	l := tr.def
	if tags, _, err := language.ParseAcceptLanguage(h); err == nil && len(tags) > 0 {
		if _, i, conf := tr.matcher.Match(tags...); conf != language.No {
			l = tr.locales[i]
		}
	}
	tr.accept.put(h, l)
	return l
}

// acceptCache maps Accept-Language values to locales. Browsers send few
// distinct values, so hits are the rule; junk values can only make it
// start over, never grow past acceptCacheSize.
type acceptCache struct {
	mu sync.RWMutex
	m  map[string]*locale
}

func (c *acceptCache) get(h string) *locale {
	c.mu.RLock()
	l := c.m[h]
	c.mu.RUnlock()
	return l
}

func (c *acceptCache) put(h string, l *locale) {
	c.mu.Lock()
	if len(c.m) >= acceptCacheSize {
		clear(c.m)
	}
	c.m[strings.Clone(h)] = l
	c.mu.Unlock()
}
