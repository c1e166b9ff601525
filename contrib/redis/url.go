package redis

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// URL is a Redis URL: redis://[user[:password]@]host[:port][/db], or
// rediss:// for TLS. Extra addresses make a cluster (?addr=host:port,
// repeatable); master_name makes the addresses Sentinels of that master
// (?master_name=mymaster&addr=...). The port defaults to 6379, the db to 0.
//
//	redis://127.0.0.1:6379/0
//	rediss://:s3cret@cache.example.com:6380/2
//	redis://10.0.0.1:7000?addr=10.0.0.2:7000&addr=10.0.0.3:7000
//	redis://:s3cret@10.0.0.1:26379/0?master_name=mymaster&addr=10.0.0.2:26379
//
// Its password never shows: String, the config dump and error messages
// print "xxxxx" in its place. Convert with string(u) to read it whole.
type URL string

// String returns the URL with its password replaced by "xxxxx". A value
// that is not a valid Redis URL shows only its length, since a mistyped
// URL may hold its password anywhere.
func (u URL) String() string {
	if u == "" {
		return ""
	}
	if _, err := parseURL(string(u)); err != nil {
		return fmt.Sprintf("<invalid URL, len %d>", len(u))
	}
	p, _ := url.Parse(string(u)) // parseURL has parsed it
	return p.Redacted()
}

// MarshalText is String: the config dump shows the URL without its
// password.
func (u URL) MarshalText() ([]byte, error) { return []byte(u.String()), nil }

// endpoint is where a client connects, from a URL or from the fields.
type endpoint struct {
	addrs      []string
	db         int
	dbInPath   bool // the URL's path named a db
	username   string
	password   string
	tls        bool
	masterName string
}

// urlParams are the query parameters a URL may carry.
var urlParams = []string{"addr", "master_name"}

// parseURL reads a Redis URL into an endpoint. Its errors say what is
// wrong without quoting the URL: a mistyped URL may put part of its
// password anywhere (host, path, query).
func parseURL(raw string) (endpoint, error) {
	var ep endpoint
	if !strings.Contains(raw, "://") {
		if strings.HasPrefix(raw, "redis:") || strings.HasPrefix(raw, "rediss:") {
			return ep, errors.New(`lacks "//" after the scheme; write it as redis://host:port/db`)
		}
		return ep, errors.New(`has no scheme; write it as redis://host:port/db (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0`)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ep, errors.New("is not a URL; write it as redis://[user:password@]host:port/db, " +
			"with special characters in the user or password percent-encoded (@ as %40, / as %2F, # as %23)")
	}
	switch u.Scheme {
	case "redis":
	case "rediss":
		ep.tls = true
	case "":
		return ep, errors.New(`has no scheme; write it as redis://host:port/db (or rediss:// for TLS), e.g. redis://127.0.0.1:6379/0`)
	default:
		return ep, errors.New("has a scheme other than redis:// or rediss:// (TLS); write it as redis://host:port/db")
	}
	if u.Opaque != "" {
		return ep, errors.New(`lacks "//" after the scheme; write it as redis://host:port/db`)
	}
	if u.Fragment != "" || strings.HasSuffix(raw, "#") {
		return ep, errors.New(`has a "#" fragment; percent-encode "#" in a password as %23`)
	}
	first, err := checkAddr(u.Host, true, false)
	if err != nil {
		return ep, fmt.Errorf("host %w (percent-encode / and @ in a password as %%2F and %%40)", err)
	}
	ep.addrs = append(ep.addrs, first)
	if u.User != nil {
		ep.username = u.User.Username()
		ep.password, _ = u.User.Password()
	}
	switch p := strings.Trim(u.Path, "/"); {
	case p == "":
	default:
		db, err := strconv.Atoi(p)
		if err != nil || db < 0 || strings.Contains(p, "/") {
			return ep, errors.New("has a path other than the db number; the path is /0, /1, ... (or none, for db 0)")
		}
		ep.db, ep.dbInPath = db, true
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return ep, errors.New("has a query string that does not parse; it takes addr=host:port and master_name=name, joined by &")
	}
	for k := range q {
		if !slices.Contains(urlParams, k) {
			return ep, errors.New("has a query parameter other than addr (more addresses) and master_name (Sentinel); " +
				"set the rest in the config fields")
		}
	}
	for _, a := range q["addr"] {
		addr, err := checkAddr(a, false, true)
		if err != nil {
			return ep, fmt.Errorf("addr parameter %w", err)
		}
		ep.addrs = append(ep.addrs, addr)
	}
	if n := q["master_name"]; len(n) > 0 {
		if len(n) > 1 || n[0] == "" {
			return ep, errors.New("needs exactly one non-empty master_name")
		}
		ep.masterName = n[0]
	}
	return ep, nil
}

// checkAddr checks host[:port] and returns it as host:port; with
// defaultPort a missing port is 6379. With quote the error repeats a.
func checkAddr(a string, defaultPort, quote bool) (string, error) {
	shown := "it"
	if quote {
		shown = strconv.Quote(a)
	}
	if a == "" {
		return "", errors.New(`is empty; name the server, e.g. 127.0.0.1:6379`)
	}
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		if !defaultPort {
			return "", fmt.Errorf("%s is not host:port; write it as e.g. 10.0.0.2:6379 or [::1]:6379", shown)
		}
		host, port = a, "6379"
		if strings.HasPrefix(a, "[") && strings.HasSuffix(a, "]") {
			host = a[1 : len(a)-1]
		}
		if strings.ContainsAny(host, "[]") || (host == a && strings.Contains(host, ":")) {
			return "", fmt.Errorf("%s is not host:port; write an IPv6 address as [::1]:6379", shown)
		}
	}
	if host == "" {
		return "", fmt.Errorf("%s has no host; name the server, e.g. 127.0.0.1:6379", shown)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", fmt.Errorf("%s has a port outside 1-65535; e.g. 6379", shown)
	}
	return net.JoinHostPort(host, port), nil
}
