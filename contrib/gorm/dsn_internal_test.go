package gorm

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestMaskDSN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"postgres://app:s3cret@db:5432/shop?sslmode=disable", "postgres://app:xxxxx@db:5432/shop?sslmode=disable"},
		{"postgresql://app:p%40ss%2Fw@db/shop", "postgresql://app:xxxxx@db/shop"},
		{"postgres://app@db/shop", "postgres://app@db/shop"},
		{"postgres://db/shop?user=app&password=s3cret&sslmode=require", "postgres://db/shop?user=app&password=xxxxx&sslmode=require"},
		{"mysql://root:s3cret@db:3306/shop?parseTime=true", "mysql://root:xxxxx@db:3306/shop?parseTime=true"},
		{"root:s3cret@tcp(db:3306)/shop?parseTime=true", "root:xxxxx@tcp(db:3306)/shop?parseTime=true"},
		{"root:p@ss/w:rd@tcp(db:3306)/shop", "root:xxxxx@tcp(db:3306)/shop"},
		{"root@tcp(db:3306)/shop", "root@tcp(db:3306)/shop"},
		{"root:@unix(/run/mysqld.sock)/shop", "root:xxxxx@unix(/run/mysqld.sock)/shop"},
		{"host=db user=app password=s3cret dbname=shop", "host=db user=app password=xxxxx dbname=shop"},
		{"host=db password='se cret' dbname=shop", "host=db password=xxxxx dbname=shop"},
		{"host=db password = p@ss dbname=shop", "host=db password = xxxxx dbname=shop"},
		{"file:data/app.db?_pragma=busy_timeout(5000)", "file:data/app.db?_pragma=busy_timeout(5000)"},
		{"data/app.db", "data/app.db"},
	} {
		if got := maskDSN(tc.in); got != tc.want {
			t.Errorf("maskDSN(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := DSN(tc.in).String(); got != maskDSN(tc.in) {
			t.Errorf("DSN.String differs from maskDSN for %q", tc.in)
		}
	}
}

func TestParseTarget(t *testing.T) {
	ds := DefaultDatasource()
	for _, tc := range []struct {
		driver, dsn, password string
		addr                  string
		check                 func(t *testing.T, tg *target)
	}{
		{driver: Postgres, dsn: "postgres://app:pw@db.internal:6432/shop?sslmode=disable", addr: "db.internal:6432",
			check: func(t *testing.T, tg *target) {
				if tg.pg.Password != "pw" || tg.pg.Database != "shop" || tg.pg.ConnectTimeout != 5*time.Second {
					t.Errorf("pg config %+v", tg.pg.Config)
				}
			}},
		{driver: Postgres, dsn: "postgres://app:pw@db/shop?connect_timeout=2", password: "from-field", addr: "db:5432",
			check: func(t *testing.T, tg *target) {
				if tg.pg.Password != "from-field" || tg.pg.ConnectTimeout != 2*time.Second {
					t.Errorf("Password wins, connect_timeout stays: %+v", tg.pg.Config)
				}
			}},
		{driver: Postgres, dsn: "host=/var/run/postgresql dbname=shop", addr: "unix socket /var/run/postgresql"},
		{driver: MySQL, dsn: "mysql://root:p%40ss@db/shop", addr: "db:3306",
			check: func(t *testing.T, tg *target) {
				if tg.my.Passwd != "p@ss" || tg.my.DBName != "shop" || !tg.my.ParseTime || tg.my.Timeout != 5*time.Second {
					t.Errorf("mysql config %+v", tg.my)
				}
			}},
		{driver: MySQL, dsn: "root@tcp(db:3307)/shop?parseTime=false&timeout=1s", password: "pw", addr: "db:3307",
			check: func(t *testing.T, tg *target) {
				if tg.my.Passwd != "pw" || tg.my.ParseTime || tg.my.Timeout != time.Second {
					t.Errorf("mysql config %+v", tg.my)
				}
			}},
		{driver: MySQL, dsn: "root@unix(/run/mysqld/mysqld.sock)/shop", addr: "unix /run/mysqld/mysqld.sock"},
		{driver: SQLite, dsn: string(SQLiteFile("/srv/app/data/my app#1.db")), addr: "/srv/app/data/my app#1.db"},
		{driver: SQLite, dsn: "sqlite:///srv/app.db", addr: "/srv/app.db",
			check: func(t *testing.T, tg *target) {
				if tg.sqlite != "file:/srv/app.db" {
					t.Errorf("sqlite DSN %q", tg.sqlite)
				}
			}},
		{driver: SQLite, dsn: "data/app.db", addr: "data/app.db"},
		{driver: SQLite, dsn: string(SQLiteMemory("x")), addr: "memory file:x?mode=memory&cache=shared&_pragma=foreign_keys(1)",
			check: func(t *testing.T, tg *target) {
				if !tg.memory || tg.file != "" {
					t.Errorf("memory %v file %q", tg.memory, tg.file)
				}
			}},
	} {
		t.Run(tc.dsn, func(t *testing.T) {
			d := ds
			d.DSN, d.Password = DSN(tc.dsn), tc.password
			tg, err := parseTarget(tc.driver, d)
			if err != nil {
				t.Fatal(err)
			}
			if tg.addr != tc.addr {
				t.Errorf("addr %q, want %q", tg.addr, tc.addr)
			}
			if tc.check != nil {
				tc.check(t, tg)
			}
		})
	}
}

func TestParseTargetErrorsHideThePassword(t *testing.T) {
	ds := DefaultDatasource()
	for _, tc := range []struct{ driver, dsn, want string }{
		{Postgres, "postgres://app:hunter22@db:notaport/shop", "not a PostgreSQL DSN"},
		{MySQL, "mysql://root:hunter22@db:3306/shop?parseTime=maybe", "not a MySQL DSN"},
		{MySQL, "root:hunter22@db:3306/shop", "not a MySQL DSN"},
		{SQLite, "root:hunter22@tcp(db:3306)/shop", "this looks like a MySQL DSN"},
		{SQLite, "host=db password=hunter22 dbname=shop", "this looks like a PostgreSQL DSN"},
		{SQLite, "file::memory:?cache=shared", `":memory:" gives each connection`},
	} {
		d := ds
		d.DSN = DSN(tc.dsn)
		_, err := parseTarget(tc.driver, d)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter22") {
			t.Errorf("%s %q: %v; want an error containing %q without the password", tc.driver, tc.dsn, err, tc.want)
		}
	}
}

// FuzzMaskDSN: whatever the user, password, host and database, the URL,
// go-sql-driver and key=value forms mask to exactly the same DSN with
// "xxxxx" for the password.
func FuzzMaskDSN(f *testing.F) {
	f.Add("app", "s3cret", "db:5432", "shop")
	f.Add("root", "p@ss/w:rd?x", "127.0.0.1:3306", "test")
	f.Add("u", "%41%42", "h", "d")
	f.Fuzz(func(t *testing.T, user, pass, host, db string) {
		if user == "" || host == "" || pass == "" || strings.ContainsAny(user+host+db, ":@/?()# \t\n'\\=&%") {
			return // names the drivers do not accept either
		}
		build := map[string]func(pass string) string{
			"url": func(pass string) string {
				u := url.URL{Scheme: "postgres", User: url.UserPassword(user, pass), Host: host, Path: "/" + db}
				return u.String()
			},
			"mysql": func(pass string) string { return user + ":" + pass + "@tcp(" + host + ")/" + db },
		}
		if !strings.ContainsAny(pass, " \t\n\r\v\f'\\") && !strings.HasPrefix(pass, "=") {
			build["kv"] = func(pass string) string {
				return "host=" + host + " user=" + user + " password=" + pass + " dbname=" + db
			}
		}
		for form, dsn := range build {
			if got, want := maskDSN(dsn(pass)), dsn(masked); got != want {
				t.Fatalf("%s form %q masked to %q, want %q", form, dsn(pass), got, want)
			}
		}
	})
}

// FuzzParseTarget: no DSN makes the parsers panic, and no error repeats a
// URL's password.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"postgres://app:s3cret@db:5432/shop", "mysql://root:s3cret@db/shop?parseTime=true",
		"root:s3cret@tcp(db:3306)/shop", "file:x.db?_pragma=busy_timeout(5000)", "host=db password=s3cret", "sqlite://a.db", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		var pass string
		if u, err := url.Parse(dsn); err == nil && u.User != nil {
			pass, _ = u.User.Password()
		}
		for _, driver := range []string{Postgres, MySQL, SQLite} {
			d := DefaultDatasource()
			d.DSN = DSN(dsn)
			_, err := parseTarget(driver, d)
			if err != nil && len(pass) >= 6 && strings.Contains(err.Error(), pass) {
				t.Fatalf("%s: the error shows the password %q: %v", driver, pass, err)
			}
		}
	})
}
