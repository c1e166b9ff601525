package redis

import (
	"slices"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		url      string
		addrs    []string
		db       int
		user     string
		password string
		tls      bool
		master   string
	}{
		{"redis://127.0.0.1:6379/0", []string{"127.0.0.1:6379"}, 0, "", "", false, ""},
		{"redis://localhost", []string{"localhost:6379"}, 0, "", "", false, ""},
		{"redis://localhost/", []string{"localhost:6379"}, 0, "", "", false, ""},
		{"redis://cache:6380/3", []string{"cache:6380"}, 3, "", "", false, ""},
		{"rediss://:s3cret@cache.example.com:6380/2", []string{"cache.example.com:6380"}, 2, "", "s3cret", true, ""},
		{"redis://app:p%40ss%2Fw%23rd@h:1/1", []string{"h:1"}, 1, "app", "p@ss/w#rd", false, ""},
		{"redis://user@h/0", []string{"h:6379"}, 0, "user", "", false, ""},
		{"redis://[::1]:7000/0", []string{"[::1]:7000"}, 0, "", "", false, ""},
		{"redis://[::1]", []string{"[::1]:6379"}, 0, "", "", false, ""},
		{"redis://10.0.0.1:7000?addr=10.0.0.2:7000&addr=10.0.0.3:7001",
			[]string{"10.0.0.1:7000", "10.0.0.2:7000", "10.0.0.3:7001"}, 0, "", "", false, ""},
		{"redis://:pw@10.0.0.1:26379/4?master_name=mymaster&addr=10.0.0.2:26379",
			[]string{"10.0.0.1:26379", "10.0.0.2:26379"}, 4, "", "pw", false, "mymaster"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			ep, err := parseURL(tt.url)
			if err != nil {
				t.Fatalf("parseURL: %v", err)
			}
			if !slices.Equal(ep.addrs, tt.addrs) || ep.db != tt.db || ep.username != tt.user || ep.password != tt.password ||
				ep.tls != tt.tls || ep.masterName != tt.master {
				t.Errorf("got %+v", ep)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct{ url, want string }{
		{"127.0.0.1:6379", "scheme"},
		{"cache.internal", "no scheme"},
		{"http://h:6379", "redis:// or rediss://"},
		{"redis:h:6379", `lacks "//"`},
		{"redis://", "host is empty"},
		{"redis://:6379", "has no host"},
		{"redis://h:0", "port outside 1-65535"},
		{"redis://h:99999", "port outside 1-65535"},
		{"redis://h:abc", "is not a URL"},
		{"redis://h/x", "path other than the db number"},
		{"redis://h/-1", "path other than the db number"},
		{"redis://h/0/1", "path other than the db number"},
		{"redis://h?db=1", "query parameter other than addr"},
		{"redis://h?addr=nohostport", "is not host:port"},
		{"redis://h?addr=:7000", "has no host"},
		{"redis://h?master_name=", "exactly one non-empty master_name"},
		{"redis://h?master_name=a&master_name=b", "exactly one non-empty master_name"},
		{"redis://h?%zz", "does not parse"},
		{"redis://h#x", "fragment"},
		{"redis://[::1/0", "is not a URL"},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			_, err := parseURL(tt.url)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("parseURL(%q) = %v, want an error containing %q", tt.url, err, tt.want)
			}
		})
	}
}

// TestParseURLErrorsHidePassword: a password with an unencoded special
// character spills into the host, the path or the fragment; no error
// repeats any of it.
func TestParseURLErrorsHidePassword(t *testing.T) {
	for _, raw := range []string{
		"redis://:Zq9/Xk7@h:6379/0", // path
		"redis://:Zq9#Xk7@h:6379/0", // fragment
		"redis://:Zq9?Xk7@h:6379/0", // query
		"redis://:Zq9Xk7@h:Zq9Xk7/0",
		"redis://Zq9:Xk7@h:99999/0",
		"redis://:Zq9Xk7@/0",
		"Zq9Xk7@h:6379",
		"redis://:Zq9 Xk7@h:6379/0",
		"redis://:Zq9%zzXk7@h/0",
	} {
		_, err := parseURL(raw)
		if err == nil {
			t.Errorf("parseURL(%q) accepted it", raw)
			continue
		}
		for _, part := range []string{"Zq9", "Xk7"} {
			if strings.Contains(err.Error(), part) {
				t.Errorf("parseURL(%q) = %q: the error repeats part of the password", raw, err)
			}
		}
	}
}

func TestURLString(t *testing.T) {
	tests := []struct {
		in   URL
		want string
	}{
		{"", ""},
		{"redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"},
		{"redis://:s3cret@h:6379/0", "redis://:xxxxx@h:6379/0"},
		{"rediss://app:s3cret@h:6380/1?addr=h2:6380", "rediss://app:xxxxx@h:6380/1?addr=h2:6380"},
		{"redis://app@h", "redis://app@h"},
		{"redis://:s3 cret@h:abc", "<invalid URL, len 22>"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("URL(%q).String() = %q, want %q", string(tt.in), got, tt.want)
		}
		if b, _ := tt.in.MarshalText(); string(b) != tt.want {
			t.Errorf("URL(%q).MarshalText() = %q, want %q", string(tt.in), b, tt.want)
		}
	}
}

func TestEndpoint(t *testing.T) {
	tests := []struct {
		name   string
		cfg    ClientConfig
		addrs  []string
		db     int
		pass   string
		tls    bool
		master string
		where  string
	}{
		{"nothing set", ClientConfig{}, []string{"127.0.0.1:6379"}, 0, "", false, "", "127.0.0.1:6379 (db 0)"},
		{"url", ClientConfig{URL: "redis://:a@h:1/2"}, []string{"h:1"}, 2, "a", false, "", "h:1 (db 2)"},
		{"password field wins", ClientConfig{URL: "redis://:a@h:1/2", Password: "b"}, []string{"h:1"}, 2, "b", false, "", "h:1 (db 2)"},
		{"db field with a url without path", ClientConfig{URL: "redis://h:1", DB: 5}, []string{"h:1"}, 5, "", false, "", "h:1 (db 5)"},
		{"addrs", ClientConfig{Addrs: []string{"a:1"}, DB: 3, Password: "p"}, []string{"a:1"}, 3, "p", false, "", "a:1 (db 3)"},
		{"addr without port", ClientConfig{Addrs: []string{" redis "}}, []string{"redis:6379"}, 0, "", false, "", "redis:6379 (db 0)"},
		{"cluster", ClientConfig{Addrs: []string{"a:1", "b:2"}}, []string{"a:1", "b:2"}, 0, "", false, "", "cluster a:1,b:2"},
		{"cluster endpoint", ClientConfig{Addrs: []string{"a:1"}, Cluster: true}, []string{"a:1"}, 0, "", false, "", "cluster a:1"},
		{"sentinel", ClientConfig{Addrs: []string{"s1:26379", "s2:26379"}, MasterName: "m", DB: 1}, []string{"s1:26379", "s2:26379"}, 1, "", false, "m",
			`master "m" via Sentinel s1:26379,s2:26379 (db 1)`},
		{"sentinel in url and field", ClientConfig{URL: "redis://s:26379?master_name=m", MasterName: "m"}, []string{"s:26379"}, 0, "", false, "m",
			`master "m" via Sentinel s:26379 (db 0)`},
		{"tls from scheme", ClientConfig{URL: "rediss://h"}, []string{"h:6379"}, 0, "", true, "", "h:6379 (db 0)"},
		{"tls from field", ClientConfig{Addrs: []string{"h:1"}, TLS: true}, []string{"h:1"}, 0, "", true, "", "h:1 (db 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := tt.cfg.endpoint()
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ep.addrs, tt.addrs) || ep.db != tt.db || ep.password != tt.pass || ep.tls != tt.tls || ep.masterName != tt.master {
				t.Errorf("got %+v", ep)
			}
			if got := ep.describe(tt.cfg.Cluster); got != tt.where {
				t.Errorf("describe = %q, want %q", got, tt.where)
			}
		})
	}
}

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"redis://127.0.0.1:6379/0", "rediss://u:p@h:1/2?addr=h2:3&master_name=m", "redis://[::1]", "redis://:p%40@h",
		"redis://h?addr=", "redis:opaque", "redis://h/0/1", "redis://h#f", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ep, err := parseURL(raw)
		shown := URL(raw).String() // never panics
		if err != nil {
			return
		}
		if len(ep.addrs) == 0 {
			t.Fatalf("parseURL(%q) succeeded without an address", raw)
		}
		for _, a := range ep.addrs {
			if _, err := checkAddr(a, false, false); err != nil {
				t.Fatalf("parseURL(%q) gave address %q: %v", raw, a, err)
			}
		}
		if ep.password != "" && strings.Contains(shown, ":"+ep.password+"@") {
			t.Fatalf("URL(%q).String() = %q shows the password", raw, shown)
		}
		// the redacted URL reads back to the same place
		again, err := parseURL(shown)
		if err != nil {
			t.Fatalf("the redacted form %q of %q does not parse: %v", shown, raw, err)
		}
		if !slices.Equal(again.addrs, ep.addrs) || again.db != ep.db || again.masterName != ep.masterName || again.tls != ep.tls {
			t.Fatalf("redacted %q reads as %+v, the URL %q as %+v", shown, again, raw, ep)
		}
	})
}
