package i18n

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Translator holds the app's messages and translates them for a locale
// named by the caller: use it where there is no request (schedules,
// emails, queue workers). Under egg, Module provides it: inject
// *i18n.Translator. It is safe for concurrent use.
//
// Every method takes a locale in any spelling (zh-CN, zh_CN, zh); one the
// app does not have means the default locale.
type Translator struct {
	def     *locale
	locales []*locale // def first, then the others by name
	names   []string
	matcher language.Matcher
	accept  acceptCache
	missing missingLog
	// bare: the default locale has no message files, so ids are its
	// messages (Egg's convention: __('Hello %s') with only a zh-CN file)
	bare bool
}

// locale is one supported locale: its messages, with the default locale's
// standing in for those it lacks, and go-i18n's localizer for templates
// and plurals.
type locale struct {
	tr        *Translator
	name      string // BCP 47, e.g. "zh-CN"
	messages  map[string]entry
	localizer *goi18n.Localizer
}

// entry is one message as a locale shows it.
type entry struct {
	text     string // the "other" form, as written
	dynamic  bool   // T runs it through go-i18n (template actions, or no "other" form)
	fallback bool   // the default locale's message: this locale lacks it
}

// New loads the message files of cfg (Dir relative to the working
// directory, or FS) and returns their Translator; use it without egg, or
// let Module build it. Missing messages are logged through log (nil: not
// logged) at missingLevel, once per locale and id; failures (a template
// that cannot run, a bad plural count) at warn. A malformed file is an
// error naming it.
func New(cfg Config, log *slog.Logger, missingLevel slog.Level) (*Translator, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	defTag, _ := parseLocale(cfg.DefaultLocale)
	cat, err := loadCatalog(cfg)
	if err != nil {
		return nil, err
	}
	bundle := goi18n.NewBundle(defTag)
	tags := []language.Tag{defTag}
	for _, t := range cat.tags {
		msgs := make([]*goi18n.Message, 0, len(cat.messages[t]))
		for _, m := range cat.messages[t] {
			msgs = append(msgs, m)
		}
		if err := bundle.AddMessages(t, msgs...); err != nil {
			return nil, fmt.Errorf("i18n: locale %s of the message files in %s: %v; use a locale with CLDR plural rules, such as en-US or zh-CN", t, source(cfg), err)
		}
		if t != defTag {
			tags = append(tags, t)
		}
	}
	slices.SortFunc(tags[1:], func(a, b language.Tag) int { return strings.Compare(a.String(), b.String()) })

	tr := &Translator{matcher: language.NewMatcher(tags), bare: cat.messages[defTag] == nil}
	tr.missing.init(log, missingLevel)
	tr.accept.m = make(map[string]*locale)
	for _, t := range tags {
		l := &locale{tr: tr, name: t.String(), messages: map[string]entry{}, localizer: goi18n.NewLocalizer(bundle, t.String())}
		for id, m := range cat.messages[t] {
			l.messages[id] = entry{text: m.Other, dynamic: dynamic(m)}
		}
		if t != defTag {
			for id, m := range cat.messages[defTag] {
				if _, ok := l.messages[id]; !ok {
					l.messages[id] = entry{text: m.Other, dynamic: dynamic(m), fallback: true}
				}
			}
		}
		tr.locales = append(tr.locales, l)
		tr.names = append(tr.names, l.name)
	}
	tr.def = tr.locales[0]
	if log != nil {
		log.Info("i18n: messages loaded", "locales", tr.names, "default", tr.def.name, "files", cat.files, "from", source(cfg))
		if tr.bare && len(tags) > 1 {
			_, i, conf := language.NewMatcher(tags[1:]).Match(defTag)
			if conf != language.No {
				log.Warn("i18n: the default locale has no message files, but a close one does; rename its files or set DefaultLocale (I18N_DEFAULT_LOCALE) to it",
					"default", tr.def.name, "close", tags[1+i].String())
			}
		}
	}
	return tr, nil
}

// Locales returns the app's locales, the default first: the default
// locale and every locale with a message file.
func (tr *Translator) Locales() []string { return slices.Clone(tr.names) }

// DefaultLocale returns the default locale, e.g. "en-US".
func (tr *Translator) DefaultLocale() string { return tr.def.name }

// Lookup returns the app's locale for s, in any spelling ("zh_CN",
// "ZH-cn") or a close one ("zh" → "zh-CN", "en-GB" → "en-US"); ok is
// false when the app has no locale close to s.
func (tr *Translator) Lookup(s string) (string, bool) {
	l := tr.lookup(s)
	if l == nil {
		return "", false
	}
	return l.name, true
}

// MatchAcceptLanguage returns the app's locale that best fits an
// Accept-Language header (quality values honoured), or the default locale
// for an empty, malformed or unmatched header.
func (tr *Translator) MatchAcceptLanguage(header string) string {
	return tr.matchAccept(header).name
}

// T returns message id in locale, its template run with args (see the
// package doc): a map or struct, or key/value pairs. A message the locale
// lacks comes from the default locale; one no locale has shows its id.
func (tr *Translator) T(locale, id string, args ...any) string {
	return tr.pick(locale).t(context.Background(), id, args)
}

// Plural returns message id in locale in the plural form CLDR gives count
// (an integer, or a decimal in a string such as "1.5"), with args as T's
// plus Count (and go-i18n's PluralCount) set to count.
func (tr *Translator) Plural(locale, id string, count any, args ...any) string {
	return tr.pick(locale).plural(context.Background(), id, count, args)
}

// Gettext is Egg's __(text, ...args): the message whose id is text (its
// "other" form, untemplated), or text itself, formatted with args: one
// map fills {name} placeholders, one slice fills {0}, {1}, ...; otherwise
// fmt.Sprintf verbs (%s, %d, %v).
func (tr *Translator) Gettext(locale, text string, args ...any) string {
	return tr.pick(locale).gettext(context.Background(), text, args)
}

// pick returns the locale for s, or the default one.
func (tr *Translator) pick(s string) *locale {
	if l := tr.lookup(s); l != nil {
		return l
	}
	return tr.def
}

func (l *locale) t(ctx context.Context, id string, args []any) string {
	e, ok := l.messages[id]
	if !ok {
		l.missed(ctx, id)
		return id
	}
	if e.fallback {
		l.fellBack(ctx, id)
	}
	if !e.dynamic {
		return e.text
	}
	s, err := l.localizerFor(e).Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: templateData(args)})
	if err != nil {
		l.failed(ctx, id, err)
		if s == "" {
			return id
		}
	}
	return s
}

func (l *locale) plural(ctx context.Context, id string, count any, args []any) string {
	e, ok := l.messages[id]
	if !ok {
		l.missed(ctx, id)
		return id
	}
	if e.fallback {
		l.fellBack(ctx, id)
	}
	s, err := l.localizerFor(e).Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: count, TemplateData: pluralData(count, args)})
	if err != nil {
		l.failed(ctx, id, err)
		if s == "" {
			return id
		}
	}
	return s
}

func (l *locale) gettext(ctx context.Context, text string, args []any) string {
	s := text
	if e, ok := l.messages[text]; !ok {
		l.missed(ctx, text)
	} else {
		if e.fallback {
			l.fellBack(ctx, text)
		}
		if e.text != "" {
			s = e.text
		}
	}
	return format(s, args)
}

// localizerFor returns the localizer that holds e: the default locale's
// for a fallback.
func (l *locale) localizerFor(e entry) *goi18n.Localizer {
	if e.fallback {
		return l.tr.def.localizer
	}
	return l.localizer
}

// missed logs, once, that no locale has id; not for the default locale
// when it has no files (its messages are the ids).
func (l *locale) missed(ctx context.Context, id string) {
	m := &l.tr.missing
	if l == l.tr.def && l.tr.bare || !m.first(ctx, m.level, missKey{kindMissing, l.name, id}) {
		return
	}
	m.log.Log(ctx, m.level, "i18n: message missing; its id is shown", "locale", l.name, "id", id)
}

// fellBack logs, once, that l lacks id and the default locale's is shown.
func (l *locale) fellBack(ctx context.Context, id string) {
	m := &l.tr.missing
	if !m.first(ctx, m.level, missKey{kindFallback, l.name, id}) {
		return
	}
	m.log.Log(ctx, m.level, "i18n: message missing in this locale; the default locale's is shown",
		"locale", l.name, "id", id, "shown", l.tr.def.name)
}

// failed logs, once, a message go-i18n could not produce.
func (l *locale) failed(ctx context.Context, id string, err error) {
	m := &l.tr.missing
	if !m.first(ctx, slog.LevelWarn, missKey{kindFailed, l.name, id}) {
		return
	}
	m.log.Log(ctx, slog.LevelWarn, "i18n: message failed", "locale", l.name, "id", id, "err", err)
}
