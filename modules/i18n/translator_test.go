package i18n_test

import (
	"bytes"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/egg-go/egg/modules/i18n"
)

// TestTranslator: the bundle-level API, without egg: any locale spelling,
// unknown locales as the default, Accept-Language matching.
func TestTranslator(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tr, err := i18n.New(withDir(i18n.DefaultConfig(), testBaseDir+"/config/locales"), log, slog.LevelWarn)
	if err != nil {
		t.Fatal(err)
	}
	if got := tr.Locales(); !slices.Equal(got, []string{"en-US", "ja", "zh-CN"}) {
		t.Errorf("Locales = %v", got)
	}
	if tr.DefaultLocale() != "en-US" {
		t.Errorf("DefaultLocale = %q", tr.DefaultLocale())
	}
	for _, tc := range []struct{ got, want string }{
		{tr.T("zh_CN", "hello"), "你好"},
		{tr.T("ZH-cn", "greeting", "Name", "安"), "你好，安"},
		{tr.T("fr", "hello"), "Hello"},
		{tr.T("", "hello"), "Hello"},
		{tr.Plural("en-US", "apples", 1), "1 apple"},
		{tr.Plural("en_US", "apples", int64(2)), "2 apples"},
		{tr.Gettext("zh-CN", "Hello %s", "安"), "你好，安"},
		{tr.MatchAcceptLanguage("de;q=0.9, zh-Hans;q=0.8"), "zh-CN"},
		{tr.MatchAcceptLanguage("garbage;;;"), "en-US"},
		{tr.MatchAcceptLanguage(""), "en-US"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	for in, want := range map[string]string{"zh_CN": "zh-CN", "zh": "zh-CN", "en-GB": "en-US", "ja-JP": "ja", "fr": "", "": "", "x_!": ""} {
		got, ok := tr.Lookup(in)
		if got != want || ok != (want != "") {
			t.Errorf("Lookup(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	tr.T("ja", "nope")
	tr.T("ja", "nope")
	if n := strings.Count(logs.String(), "id=nope"); n != 1 {
		t.Errorf("missing message logged %d times:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), `msg="i18n: messages loaded"`) {
		t.Errorf("no start-up line:\n%s", logs.String())
	}
}

// TestCloseDefaultWarns: a default locale without files next to a close
// locale with files (en-US vs en.json) is most likely a naming slip: say
// so at start-up.
func TestCloseDefaultWarns(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir+"/en.json", `{"hello": "Hello"}`)
	var logs bytes.Buffer
	if _, err := i18n.New(withDir(i18n.DefaultConfig(), dir), slog.New(slog.NewTextHandler(&logs, nil)), slog.LevelWarn); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "close=en") {
		t.Errorf("no warning about en.json vs en-US:\n%s", logs.String())
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
