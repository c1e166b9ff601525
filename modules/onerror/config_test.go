package onerror

import (
	"net/http/httptest"
	"testing"
)

func TestFormatFor(t *testing.T) {
	cfg := Config{Format: FormatText, PathFormats: map[string]string{
		"/api": FormatJSON, "/api/docs": "", "/admin/": FormatHTML, "/": FormatText,
	}}
	tests := []struct{ path, want string }{
		{"/api", FormatJSON},
		{"/api/", FormatJSON},
		{"/api/users/1", FormatJSON},
		{"/apis", FormatText},      // "/" matches; "/api" does not: whole segments
		{"/api/docs", ""},          // the longest prefix wins, "" negotiates
		{"/api/docs/x", ""},        //
		{"/api/docsx", FormatJSON}, //
		{"/admin/x", FormatHTML},   // a prefix ending in "/" matches below it
		{"/admin", FormatText},     // but not itself without the slash
		{"/other", FormatText},
	}
	for _, tt := range tests {
		if got := cfg.formatFor(httptest.NewRequest("GET", tt.path, nil)); got != tt.want {
			t.Errorf("formatFor(%s) = %q, want %q", tt.path, got, tt.want)
		}
	}
	only := Config{Format: FormatHTML}
	if got := only.formatFor(httptest.NewRequest("GET", "/api", nil)); got != FormatHTML {
		t.Errorf("without PathFormats formatFor = %q, want Format", got)
	}
	prefix := Config{Format: FormatHTML, PathFormats: map[string]string{"/api": FormatJSON}}
	if got := prefix.formatFor(httptest.NewRequest("GET", "/home", nil)); got != FormatHTML {
		t.Errorf("outside every prefix formatFor = %q, want Format", got)
	}
	if got := prefix.formatFor(nil); got != FormatHTML {
		t.Errorf("formatFor(nil) = %q, want Format", got)
	}
}

func TestConfigValidatePathFormats(t *testing.T) {
	tests := []struct {
		paths map[string]string
		want  string
	}{
		{map[string]string{"/api": "json", "/x/": "", "/": "text"}, ""},
		{map[string]string{"/api": "xml"}, `egg: config field PathFormats is invalid: prefix "/api" has unknown format "xml"; use "json", "html", "text" or "" to negotiate`},
		{map[string]string{"api": "json", "b": "json"}, `egg: config field PathFormats is invalid: prefix "api" must start with "/", e.g. "/api"`},
		{map[string]string{"": "json"}, `egg: config field PathFormats is invalid: prefix "" must start with "/", e.g. "/api"`},
	}
	for _, tt := range tests {
		c := Config{PathFormats: tt.paths}
		got := ""
		if err := c.Validate(); err != nil {
			got = err.Error()
		}
		if got != tt.want {
			t.Errorf("Validate(%v) = %q\nwant %q", tt.paths, got, tt.want)
		}
	}
}
