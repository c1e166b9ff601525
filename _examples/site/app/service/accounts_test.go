package service

import (
	"strings"
	"testing"
)

// The account rules by themselves; the accounts in a database, through
// HTTP, are in ../../users_test.go.
func TestCheckUsername(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"bob", true},
		{"alice", true},
		{"carol.smith", true},
		{"dave_2-x", true},
		{"007", true},
		{strings.Repeat("a", MaxUsername), true},
		{"", false},
		{"ab", false},
		{strings.Repeat("a", MaxUsername+1), false},
		{"Alice", false},
		{".bob", false},
		{"_bob", false},
		{"-bob", false},
		{"bob smith", false},
		{"bob@example", false},
		{"bøb", false},
		{"bob\x00", false},
		{"ｂｏｂ", false}, // full-width letters
	}
	for _, tt := range tests {
		if err := CheckUsername(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckUsername(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"", false},
		{"1234567", false},
		{"12345678", true},
		{"correct horse battery staple", true},
		{strings.Repeat("x", MaxPassword), true},
		{strings.Repeat("x", MaxPassword+1), false}, // bcrypt would ignore the rest
		{strings.Repeat("密", 24), true},             // 72 bytes
		{strings.Repeat("密", 25), false},            // 75 bytes
		{"密码密码", true},                              // 12 bytes, 4 characters
		{"secret", false},                           // the demo's password is seeded, not registered
		{strings.Repeat("é", 4), true},              // 8 bytes
	}
	for _, tt := range tests {
		if err := CheckPassword(tt.password); (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%q) = %v, want ok=%v", tt.password, err, tt.ok)
		}
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tt := range []struct {
		cost int
		ok   bool
	}{{3, false}, {4, true}, {10, true}, {31, true}, {32, false}, {0, false}} {
		c := Config{BcryptCost: tt.cost}
		if err := c.Validate(); (err == nil) != tt.ok {
			t.Errorf("Validate(BcryptCost %d) = %v, want ok=%v", tt.cost, err, tt.ok)
		} else if err != nil && !strings.Contains(err.Error(), "SITE_BCRYPT_COST") {
			t.Errorf("the error does not name SITE_BCRYPT_COST: %v", err)
		}
	}
}
