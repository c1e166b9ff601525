package bodyparser

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

type fuzzLine struct {
	SKU   string  `json:"sku" validate:"required,max=8"`
	Qty   int16   `json:"qty" validate:"gte=1"`
	Price float32 `json:"price" validate:"gte=0"`
}

type fuzzAddress struct {
	City string `json:"city" validate:"required"`
	Zip  string `json:"zip" validate:"omitempty,numeric,len=5"`
	Geo  struct {
		Lat float64 `json:"lat" validate:"latitude"`
	} `json:"geo"`
}

type fuzzBase struct {
	ID uint64 `json:"id"`
}

// fuzzTarget has one of everything Bind handles.
type fuzzTarget struct {
	fuzzBase
	Name    string            `json:"name" validate:"required,min=1,max=20"`
	Age     int               `json:"age" validate:"gte=0,lte=150"`
	Small   int8              `json:"small"`
	Count   *uint32           `json:"count" validate:"omitempty,max=1000"`
	Admin   bool              `json:"admin"`
	Active  *bool             `json:"active" validate:"required"`
	Email   string            `json:"email,omitempty" validate:"omitempty,email"`
	Role    string            `json:"role" validate:"omitempty,oneof=admin user"`
	Tags    []string          `json:"tags" validate:"max=5,dive,min=1,max=10"`
	Scores  []int             `json:"scores" validate:"dive,gte=0"`
	Address fuzzAddress       `json:"address"`
	Backup  *fuzzAddress      `json:"backup"`
	Lines   []fuzzLine        `json:"lines" validate:"max=10,dive"`
	Labels  map[string]string `json:"labels" validate:"max=5,dive,keys,min=1,endkeys,max=20"`
	Counts  map[string]int    `json:"counts"`
	When    time.Time         `json:"when"`
	Any     any               `json:"any"`
	Skip    string            `json:"-"`
}

// checkFuzz fails unless err is nil or an *Error with a 4xx Status and
// the fields of a 422.
func checkFuzz(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("a client input gave a non-client error: %v", err)
	}
	if e.Status < 400 || e.Status > 499 {
		t.Fatalf("status %d: %v", e.Status, e)
	}
	if e.Code == "" || e.Message == "" || e.Error() == "" {
		t.Fatalf("incomplete error %#v", e)
	}
	if (e.Status == 422) != (len(e.Fields) > 0) {
		t.Fatalf("a 422 needs fields and only a 422 has them: %#v", e)
	}
	for _, f := range e.Fields {
		if f.Message == "" || (f.Code != CodeInvalid && f.Code != CodeMissingField) {
			t.Fatalf("bad field error %#v", f)
		}
	}
}

var fuzzBinder = func() *Binder {
	cfg := DefaultConfig()
	cfg.JSONLimit, cfg.FormLimit = 64<<10, 64<<10
	return New(cfg)
}()

func FuzzBindJSON(f *testing.F) {
	for _, s := range []string{
		`{"name":"a","active":true,"address":{"city":"x"}}`,
		`{"name":1}`,
		`{"lines":[{"sku":"a","qty":70000}]}`,
		`[]`,
		`"x"`,
		`{"labels":{"":"x"},"counts":{"a":1.5}}`,
		`{"when":"2024-01-01T00:00:00Z","any":[{"a":null}]}`,
		"\xef\xbb\xbf{}",
		`{"backup":{"geo":{"lat":1e999}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, strict := range []bool{true, false} {
			b := fuzzBinder
			if !strict {
				cfg := DefaultConfig()
				cfg.Strict = false
				b = New(cfg)
			}
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(body)))
			r.Header.Set("Content-Type", "application/json")
			var v fuzzTarget
			checkFuzz(t, b.Bind(r, &v))
		}
	})
}

func FuzzBindForm(f *testing.F) {
	for _, s := range []string{
		"name=a&active=1&address.city=x",
		"lines[0].sku=a&lines[0].qty=x",
		"tags[]=a&tags[1]=b&tags=c",
		"labels[a]=b&counts[x]=y",
		"a]=1&b[=2&[]=3",
		"lines[99].price=-1",
		"name=%zz",
		"when=2024-01-01T00:00:00Z&any=x&id=1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		var v fuzzTarget
		checkFuzz(t, fuzzBinder.Bind(r, &v))
	})
}

func FuzzBindQuery(f *testing.F) {
	for _, s := range []string{
		"name=a&active=true&address.city=x",
		"backup.geo.lat=91",
		"scores=1&scores=-1",
		"lines[x].sku=a",
		"lines[100].sku=a",
		"counts[k]=1&counts[k]=x",
		"name=a;b",
		"small=128&age=-1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.URL = &url.URL{Path: "/", RawQuery: rawQuery}
		var v fuzzTarget
		checkFuzz(t, fuzzBinder.Bind(r, &v))
		var w fuzzTarget
		checkFuzz(t, fuzzBinder.BindQuery(r, &w))
	})
}

// fuzzURLTarget has a field of every kind Bind fills from the URL.
type fuzzURLTarget struct {
	fuzzBase
	Post   int64      `json:"post" param:"post"`
	Slug   string     `json:"-" param:"slug" validate:"omitempty,max=20"`
	Page   uint8      `json:"-" query:"page"`
	Ratio  *float32   `json:"-" query:"ratio"`
	On     bool       `json:"-" query:"on"`
	Tags   []string   `json:"-" query:"tag" validate:"max=5"`
	Nums   []int16    `json:"-" query:"n"`
	Since  *time.Time `json:"-" query:"since"`
	Name   string     `json:"name" query:"name" param:"name"`
	Status uint       `json:"-" param:"status"`
}

// FuzzBindURL fills path parameters and the query string: every input is
// bound or refused with a 4xx, never a panic or a 500, and a bound path
// parameter always wins over the body.
func FuzzBindURL(f *testing.F) {
	for _, s := range [][3]string{
		{"7", "slug", "page=1&ratio=0.5&on=true&tag=a&tag[]=b&n=1&n=-2&since=2024-01-01T00:00:00Z&name=q"},
		{"x", "", "page=256"},
		{"-9223372036854775808", "a", "ratio=NaN&on=maybe"},
		{"", "", "n=40000&since=yesterday"},
		{"1", "b", "page=&tag=&n=&name="},
		{"99999999999999999999", "%", "a=%zz"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, post, slug, rawQuery string) {
		params := map[string]string{"post": post, "slug": slug, "name": slug, "status": post}
		r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"post":-1,"name":"body"}`))
		r.Header.Set("Content-Type", "application/json")
		r.URL = &url.URL{Path: "/", RawQuery: rawQuery}
		var v fuzzURLTarget
		err := fuzzBinder.bind(r, &v, func(n string) string { return params[n] })
		checkFuzz(t, err)
		if n, perr := strconv.ParseInt(post, 10, 64); err == nil && perr == nil && v.Post != n {
			t.Fatalf("path parameter post=%q bound as %d; want it to win over the body's -1", post, v.Post)
		}
	})
}

// FuzzContentType compares the Content-Type fast path with
// mime.ParseMediaType: whatever the fast path accepts, mime parses to the
// same media type and charset without error, and parseContentType as a
// whole (fast path or not) answers as mime does, errors included.
func FuzzContentType(f *testing.F) {
	for _, s := range []string{
		"application/json",
		"Application/JSON; Charset=UTF-8",
		"application/x-www-form-urlencoded;charset=utf-8;",
		`application/json; charset="utf-8"`,
		"application/json; charset=utf-8; charset=latin1",
		"application/json; charset*=utf-8''latin1",
		"multipart/form-data; boundary=x",
		"application /json",
		"; charset=utf-8",
		"application/json\u00a0; charset=utf-8",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		sameContentType(t, ct)
	})
}
