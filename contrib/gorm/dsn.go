package gorm

import (
	"net/url"
	"regexp"
	"strings"
)

// DSN is a data source name: a URL or a driver's own form (see
// Datasource.DSN). Printed (String, the config dump, errors) it hides its
// password; convert it with string(dsn) to get it whole.
type DSN string

// String returns the DSN with its password replaced by "xxxxx".
func (d DSN) String() string { return maskDSN(string(d)) }

// MarshalText is the masked form, for the config dump and JSON.
func (d DSN) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// scheme returns the driver a URL DSN names by its scheme, or "".
func (d DSN) scheme() string {
	s := string(d)
	i := strings.Index(s, "://")
	if i <= 0 {
		return ""
	}
	switch strings.ToLower(s[:i]) {
	case "postgres", "postgresql":
		return Postgres
	case "mysql", "mariadb":
		return MySQL
	case "sqlite", "sqlite3":
		return SQLite
	}
	return ""
}

const masked = "xxxxx"

var (
	// kvPassword finds password=... in a keyword/value DSN (pgx's
	// libpq form), quoted or not.
	kvPassword = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
	// queryPassword finds password=... among URL query parameters.
	queryPassword = regexp.MustCompile(`(?i)([?&](?:password|pass|passwd)=)[^&]*`)
)

// maskDSN hides the password in every DSN form the drivers accept.
func maskDSN(s string) string {
	if s == "" {
		return s
	}
	if i := strings.Index(s, "://"); i > 0 {
		rest := s[i+3:]
		end := strings.IndexAny(rest, "/?")
		if end < 0 {
			end = len(rest)
		}
		if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
			if colon := strings.Index(rest[:at], ":"); colon >= 0 {
				rest = rest[:colon+1] + masked + rest[at:]
			}
		}
		return queryPassword.ReplaceAllString(s[:i+3]+rest, "${1}"+masked)
	}
	if strings.HasPrefix(s, "file:") {
		return s // SQLite: no password
	}
	if kvPassword.MatchString(s) {
		return kvPassword.ReplaceAllString(s, "${1}"+masked) // pgx's host=... password=...
	}
	// go-sql-driver: [user[:password]@][net[(addr)]]/dbname[?params]. As
	// its parser does, take the last "/" as the start of the database
	// name and the last "@" before it as the end of the user part: the
	// password may hold "@", "/", ":" and "?".
	slash := strings.LastIndex(s, "/")
	if slash < 0 {
		slash = len(s)
	}
	if at := strings.LastIndex(s[:slash], "@"); at >= 0 {
		if colon := strings.Index(s[:at], ":"); colon >= 0 {
			return s[:colon+1] + masked + s[at:]
		}
	}
	return s
}

// SQLiteFile returns the DSN of a SQLite database file with the settings
// a web app wants: write-ahead logging (readers never wait for the
// writer), a 5 s busy timeout (a writer waits for another instead of
// failing), synchronous=NORMAL (safe with WAL), foreign keys enforced (as
// PostgreSQL and MySQL do), and transactions that take the write lock at
// BEGIN, so two transactions never deadlock upgrading a read lock. SQLite
// pragmas hold per connection, which is why they live in the DSN.
func SQLiteFile(path string) DSN {
	return DSN("file:" + escapeSQLitePath(path) + "?" + sqlitePragmas)
}

const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
	"&_pragma=foreign_keys(1)&_txlock=immediate"

// SQLiteMemory returns the DSN of an in-memory SQLite database shared by
// every connection of the pool (shared cache), named so that two
// databases in one process stay apart. It lives while the pool keeps a
// connection open; the module keeps one for it.
func SQLiteMemory(name string) DSN {
	return DSN("file:" + url.PathEscape(name) + "?mode=memory&cache=shared&_pragma=foreign_keys(1)")
}

// escapeSQLitePath escapes the characters a SQLite URI file name gives a
// meaning to.
func escapeSQLitePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}
