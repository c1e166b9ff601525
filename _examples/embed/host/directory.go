// Package host is the existing service that egg is added to: its own
// user directory, logger and chi router, written without egg.
package host

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"sync"
)

// User is one entry of the directory.
type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// ErrClosed is returned by a Directory that is not open.
var ErrClosed = errors.New("host: directory is not open")

// Directory is the host's own service, with its own lifecycle: it must be
// opened before use and closed on shutdown, like a database pool.
type Directory struct {
	log   *slog.Logger
	mu    sync.RWMutex
	open  bool
	users []User
}

// NewDirectory returns a closed directory.
func NewDirectory(log *slog.Logger) *Directory {
	return &Directory{log: log}
}

// Open loads the directory.
func (d *Directory) Open(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open = true
	d.users = []User{{ID: 1, Name: "ann"}, {ID: 2, Name: "bob"}}
	d.log.Info("directory opened", "users", len(d.users))
	return nil
}

// Close releases the directory.
func (d *Directory) Close(context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.open = false
	d.log.Info("directory closed")
	return nil
}

// List returns every user.
func (d *Directory) List() ([]User, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if !d.open {
		return nil, ErrClosed
	}
	return slices.Clone(d.users), nil
}

// Get returns one user.
func (d *Directory) Get(id int) (User, bool, error) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if !d.open {
		return User{}, false, ErrClosed
	}
	for _, u := range d.users {
		if u.ID == id {
			return u, true, nil
		}
	}
	return User{}, false, nil
}

// Add stores a new user and returns it.
func (d *Directory) Add(name string) (User, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.open {
		return User{}, ErrClosed
	}
	u := User{ID: len(d.users) + 1, Name: name}
	d.users = append(d.users, u)
	return u, nil
}
