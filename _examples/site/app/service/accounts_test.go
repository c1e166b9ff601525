package service

import "testing"

func TestAuthenticate(t *testing.T) {
	a := NewAccounts()
	tests := []struct {
		user, pass string
		want       bool
	}{
		{"alice", "secret", true},
		{"alice", "Secret", false},
		{"alice", "secret ", false},
		{"alice", "", false},
		{"", "secret", false},
		{"Alice", "secret", false},
		{"bob", "secret", false},
		{"bob", "no user has this password", false},
	}
	for _, tt := range tests {
		if got := a.Authenticate(tt.user, tt.pass); got != tt.want {
			t.Errorf("Authenticate(%q, %q) = %v, want %v", tt.user, tt.pass, got, tt.want)
		}
	}
}
