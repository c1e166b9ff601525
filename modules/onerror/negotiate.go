package onerror

import (
	"net/http"
	"strconv"
	"strings"
)

// AcceptsJSON reports Egg's acceptJSON rule for r: the path ends with
// ".json", the request has X-Requested-With: XMLHttpRequest, or its Accept
// header prefers application/json over text/html and text/plain.
//
// Preference follows the negotiator package Egg uses: higher q wins, then
// the more specific match, then the earlier Accept entry, then the order
// html, text, json. So a missing Accept or "*/*" is not JSON, while
// "application/json" or "application/json, */*" is. Media type parameters
// other than q are ignored, and malformed entries are skipped.
func AcceptsJSON(r *http.Request) bool {
	if r == nil {
		return false
	}
	if r.URL != nil && strings.HasSuffix(r.URL.Path, ".json") {
		return true
	}
	if strings.EqualFold(r.Header.Get("X-Requested-With"), "XMLHttpRequest") {
		return true
	}
	best, _ := negotiate(r.Header.Values("Accept"))
	return best == offerJSON
}

// sentJSON reports whether r's body is JSON (Content-Type application/json
// or */*+json) and its Accept header names no other format explicitly: an
// API client that sends JSON with curl's "*/*" gets JSON errors, where
// Egg would answer with HTML.
func sentJSON(r *http.Request) bool {
	if r == nil {
		return false
	}
	ct, _, _ := strings.Cut(r.Header.Get("Content-Type"), ";")
	ct = strings.ToLower(strings.TrimSpace(ct))
	if ct != "application/json" && !(strings.HasSuffix(ct, "+json") && strings.Contains(ct, "/")) {
		return false
	}
	best, explicit := negotiate(r.Header.Values("Accept"))
	return !explicit || best == offerJSON
}

// prefersHTML reports whether r's Accept header names text/html (or a
// text/html-only pattern) explicitly and prefers it to text and JSON, as
// browsers do; "*/*" alone is not enough.
func prefersHTML(r *http.Request) bool {
	if r == nil {
		return false
	}
	best, explicit := negotiate(r.Header.Values("Accept"))
	return best == offerHTML && explicit
}

// The offers, in Egg's order: accepts('html', 'text', 'json').
const (
	offerHTML = iota
	offerText
	offerJSON
	offerNone
)

var offers = [...]struct{ typ, sub string }{
	offerHTML: {"text", "html"},
	offerText: {"text", "plain"},
	offerJSON: {"application", "json"},
}

// mediaRange is one Accept entry.
type mediaRange struct {
	typ, sub string
	q        float64
	order    int
}

// priority is how well an offer matches Accept: q, specificity (4 type, 2
// subtype), order of the matching Accept entry.
type priority struct {
	q     float64
	s     int
	order int
	ok    bool
}

// maxAcceptEntries bounds the work done on a hostile Accept header.
const maxAcceptEntries = 64

// negotiate picks the best offer for the Accept header values, and whether
// that offer's match named its subtype explicitly. No Accept header means
// "*/*"; an Accept header nothing matches gives offerNone.
func negotiate(values []string) (best int, explicit bool) {
	ranges := parseAccept(values)
	if len(values) == 0 {
		ranges = []mediaRange{{typ: "*", sub: "*", q: 1}}
	}
	best = offerNone
	var bp priority
	for i, o := range offers {
		p := match(o.typ, o.sub, ranges)
		if !p.ok || p.q <= 0 {
			continue
		}
		if best == offerNone || better(p, bp) {
			best, bp = i, p
		}
	}
	return best, best != offerNone && bp.s&2 != 0
}

// better reports whether a beats b (offers are visited in Egg's order, so
// a tie keeps the earlier one).
func better(a, b priority) bool {
	if a.q != b.q {
		return a.q > b.q
	}
	if a.s != b.s {
		return a.s > b.s
	}
	return a.order < b.order
}

// match finds the Accept entry that best describes typ/sub: the most
// specific, then the highest q, then the later entry (as negotiator does).
func match(typ, sub string, ranges []mediaRange) priority {
	var best priority
	for _, m := range ranges {
		s := 0
		switch m.typ {
		case typ:
			s |= 4
		case "*":
		default:
			continue
		}
		switch m.sub {
		case sub:
			s |= 2
		case "*":
		default:
			continue
		}
		p := priority{q: m.q, s: s, order: m.order, ok: true}
		if !best.ok || p.s > best.s || (p.s == best.s && (p.q > best.q || (p.q == best.q && p.order > best.order))) {
			best = p
		}
	}
	return best
}

// parseAccept parses Accept header values into media ranges, skipping
// malformed entries and any past maxAcceptEntries.
func parseAccept(values []string) []mediaRange {
	var out []mediaRange
	for _, v := range values {
		for part := range strings.SplitSeq(v, ",") {
			if len(out) == maxAcceptEntries {
				return out
			}
			if m, ok := parseRange(part, len(out)); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// parseRange parses one Accept entry such as "text/html;q=0.9".
func parseRange(s string, order int) (mediaRange, bool) {
	mt, params, _ := strings.Cut(s, ";")
	typ, sub, ok := strings.Cut(strings.TrimSpace(mt), "/")
	typ, sub = strings.ToLower(strings.TrimSpace(typ)), strings.ToLower(strings.TrimSpace(sub))
	if !ok || typ == "" || sub == "" || strings.ContainsAny(typ+sub, " \t/") {
		return mediaRange{}, false
	}
	m := mediaRange{typ: typ, sub: sub, q: 1, order: order}
	for p := range strings.SplitSeq(params, ";") {
		k, v, _ := strings.Cut(p, "=")
		if !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || q != q { // malformed or NaN: skip the entry
			return mediaRange{}, false
		}
		m.q = min(max(q, 0), 1)
	}
	return m, true
}
