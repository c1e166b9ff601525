package onerror

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"

func TestAcceptsJSON(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		accept  []string // nil: no Accept header
		xhr     string
		want    bool
		wantHTM bool // prefersHTML
	}{
		{name: "no accept", want: false},
		{name: "empty accept", accept: []string{""}, want: false},
		{name: "star", accept: []string{"*/*"}, want: false},
		{name: "json", accept: []string{"application/json"}, want: true},
		{name: "json uppercase", accept: []string{"Application/JSON"}, want: true},
		{name: "json with charset param", accept: []string{"application/json; charset=utf-8"}, want: true},
		{name: "json then star", accept: []string{"application/json, */*"}, want: true},
		{name: "star then json", accept: []string{"*/*, application/json"}, want: true},
		{name: "json then html", accept: []string{"application/json, text/html"}, want: true},
		{name: "html then json", accept: []string{"text/html, application/json"}, wantHTM: true},
		{name: "html lower q", accept: []string{"text/html;q=0.5, application/json"}, want: true},
		{name: "json lower q", accept: []string{"application/json;q=0.5, text/html"}, wantHTM: true},
		{name: "json q=0", accept: []string{"application/json;q=0"}, want: false},
		{name: "json q=0 via star", accept: []string{"application/json;q=0, */*"}, want: false},
		{name: "text plain", accept: []string{"text/plain"}, want: false},
		{name: "text wildcard", accept: []string{"text/*"}, want: false},
		{name: "application wildcard", accept: []string{"application/*"}, want: true},
		{name: "browser", accept: []string{browserAccept}, wantHTM: true},
		{name: "browser then xhr", accept: []string{browserAccept}, xhr: "XMLHttpRequest", want: true, wantHTM: true},
		{name: "xhr lowercase", xhr: "xmlhttprequest", want: true},
		{name: "xhr other", xhr: "fetch", want: false},
		{name: ".json path", path: "/users/1.json", want: true},
		{name: ".json path beats browser", path: "/a.json", accept: []string{browserAccept}, want: true, wantHTM: true},
		{name: "json in path middle", path: "/a.json/b", want: false},
		{name: "two accept headers", accept: []string{"text/plain;q=0.1", "application/json"}, want: true},
		{name: "problem+json only", accept: []string{"application/problem+json"}, want: false},
		{name: "garbage", accept: []string{"garbage"}, want: false},
		{name: "garbage and json", accept: []string{"garbage, ;;;, /, a/, /b, application/json"}, want: true},
		{name: "bad q skips entry", accept: []string{"application/json;q=abc"}, want: false},
		{name: "NaN q skips entry", accept: []string{"application/json;q=NaN"}, want: false},
		{name: "q above 1 clamps", accept: []string{"text/html;q=5, application/json"}, wantHTM: true},
		{name: "negative q", accept: []string{"application/json;q=-1"}, want: false},
		{name: "spaces", accept: []string{"  application / json ;  q = 1 "}, want: true},
		{name: "html q=0 star", accept: []string{"text/html;q=0, */*"}, want: false},
		{name: "html explicit q=0 json star", accept: []string{"text/html;q=0, text/plain;q=0, */*"}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := tt.path
			if path == "" {
				path = "/"
			}
			r := httptest.NewRequest(http.MethodGet, path, nil)
			for _, a := range tt.accept {
				r.Header.Add("Accept", a)
			}
			if tt.xhr != "" {
				r.Header.Set("X-Requested-With", tt.xhr)
			}
			if got := AcceptsJSON(r); got != tt.want {
				t.Errorf("AcceptsJSON = %v, want %v", got, tt.want)
			}
			if got := prefersHTML(r); got != tt.wantHTM {
				t.Errorf("prefersHTML = %v, want %v", got, tt.wantHTM)
			}
		})
	}
}

func TestAcceptsJSONNil(t *testing.T) {
	if AcceptsJSON(nil) || prefersHTML(nil) {
		t.Fatal("nil request should accept neither JSON nor HTML")
	}
	r := &http.Request{Header: http.Header{}} // no URL
	if AcceptsJSON(r) {
		t.Fatal("request without URL or Accept should not accept JSON")
	}
}

func TestAcceptEntriesBounded(t *testing.T) {
	var accept string
	for range maxAcceptEntries {
		accept += "image/png,"
	}
	accept += "application/json"
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.Header.Set("Accept", accept)
	if AcceptsJSON(r) {
		t.Fatal("entries past the bound should be ignored")
	}
}

func FuzzAcceptsJSON(f *testing.F) {
	for _, s := range []string{"", "*/*", "application/json", browserAccept, "a/b;q=0.1;q=,", ";;,,//", "text/html;q=1e400"} {
		f.Add(s, "/x.json")
	}
	f.Fuzz(func(t *testing.T, accept, path string) {
		r := &http.Request{Header: http.Header{"Accept": {accept}}, URL: nil}
		a := AcceptsJSON(r)
		if a != AcceptsJSON(r) {
			t.Fatal("AcceptsJSON is not deterministic")
		}
		_ = prefersHTML(r)
		w := httptest.NewRecorder()
		Render(w, r, Problem{Status: 500, Message: path}, "prod", DefaultConfig())
		if w.Code != 500 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func TestSentJSONGetsJSONErrors(t *testing.T) {
	tests := []struct {
		ctype, accept string
		want          string
	}{
		{"application/json", "", FormatJSON},
		{"application/json; charset=utf-8", "*/*", FormatJSON},
		{"application/merge-patch+json", "*/*", FormatJSON},
		{"application/json", "text/html", FormatHTML},
		{"application/json", "text/plain", FormatText},
		{"text/plain", "*/*", FormatText},
		{"", "", FormatText},
		{"+json", "", FormatText},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", "/x", nil)
		if tt.ctype != "" {
			r.Header.Set("Content-Type", tt.ctype)
		}
		if tt.accept != "" {
			r.Header.Set("Accept", tt.accept)
		}
		if got := negotiateFormat(r, "prod"); got != tt.want {
			t.Errorf("Content-Type %q Accept %q: %s, want %s", tt.ctype, tt.accept, got, tt.want)
		}
	}
}
