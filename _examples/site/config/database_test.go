package config

import (
	"strings"
	"testing"

	"github.com/egg-go/egg/contrib/gorm"
)

func TestDatabaseDSN(t *testing.T) {
	tests := []struct {
		url  string
		want gorm.DSN // "" = an error
	}{
		{"", ""},
		{"postgres://app:pw@db:5432/site?sslmode=disable", "postgres://app:pw@db:5432/site?sslmode=disable"},
		{"postgresql://app@db/site", "postgresql://app@db/site"},
		{"mysql://root@127.0.0.1:3306/site", "mysql://root@127.0.0.1:3306/site"},
		{"mariadb://root@127.0.0.1:3306/site", "mariadb://root@127.0.0.1:3306/site"},
		{"sqlite:///var/lib/site/site.db", gorm.SQLiteFile("/var/lib/site/site.db")},
		{"sqlite://site.db", gorm.SQLiteFile("site.db")},
		{"sqlite3:///tmp/x.db", gorm.SQLiteFile("/tmp/x.db")},
		{"/var/lib/site/site.db", gorm.SQLiteFile("/var/lib/site/site.db")},
		{"data/site.db", gorm.SQLiteFile("data/site.db")},
		{"file:site.db", gorm.SQLiteFile("site.db")},
		{"file:site.db?_pragma=busy_timeout(100)", "file:site.db?_pragma=busy_timeout(100)"},
		{"  postgres://db/site  ", "postgres://db/site"},
		{"redis://127.0.0.1:6379/0", ""},
		{"http://db/site", ""},
		{"sqlite://", ""},
		{"sqlite://site.db?mode=ro", ""},
		{"root:pw@tcp(127.0.0.1:3306)/site", ""},
		{"host=db dbname=site", ""},
	}
	for _, tt := range tests {
		got, err := DatabaseDSN(tt.url)
		if tt.want == "" {
			if err == nil {
				t.Errorf("DatabaseDSN(%q) = %q, want an error", tt.url, got)
			} else if !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), "postgres://") {
				t.Errorf("DatabaseDSN(%q): the error names neither DATABASE_URL nor the forms: %v", tt.url, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("DatabaseDSN(%q) = %q, %v; want %q", tt.url, got, err, tt.want)
		}
	}
}

// The error never repeats a password.
func TestDatabaseDSNMasksThePassword(t *testing.T) {
	_, err := DatabaseDSN("redis://user:hunter2hunter2@cache:6379/0")
	if err == nil || strings.Contains(err.Error(), "hunter2hunter2") {
		t.Errorf("DatabaseDSN error = %v; want one without the password", err)
	}
}
