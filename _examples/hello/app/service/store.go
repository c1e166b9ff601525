package service

import (
	"maps"
	"slices"
	"sync"
)

// User is one user of the API.
type User struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
	Age  int    `json:"age"`
}

// Store keeps users in memory: one per app (a singleton), safe for
// concurrent requests. A real app would put a database client here.
type Store struct {
	mu    sync.Mutex
	last  int
	users map[int]User
}

// NewStore returns an empty store.
func NewStore() *Store { return &Store{users: map[int]User{}} }

// Add stores a new user under the next id and returns it.
func (s *Store) Add(name string, age int) User {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last++
	u := User{ID: s.last, Name: name, Age: age}
	s.users[u.ID] = u
	return u
}

// Get returns the user with the given id.
func (s *Store) Get(id int) (User, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[id]
	return u, ok
}

// List returns every user, by id.
func (s *Store) List() []User {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]User, 0, len(s.users))
	for _, id := range slices.Sorted(maps.Keys(s.users)) {
		out = append(out, s.users[id])
	}
	return out
}

// Replace stores u over the user with its id; false if there is none.
func (s *Store) Replace(u User) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[u.ID]; !ok {
		return false
	}
	s.users[u.ID] = u
	return true
}

// Delete removes the user with the given id; false if there is none.
func (s *Store) Delete(id int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[id]; !ok {
		return false
	}
	delete(s.users, id)
	return true
}

// Len is the number of users.
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.users)
}
