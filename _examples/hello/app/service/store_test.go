package service

import (
	"sync"
	"testing"
)

func TestStore(t *testing.T) {
	s := NewStore()
	a, b := s.Add("alice", 30), s.Add("bob", 25)
	if a.ID != 1 || b.ID != 2 || s.Len() != 2 {
		t.Fatalf("Add gave ids %d, %d; Len %d", a.ID, b.ID, s.Len())
	}
	if !s.Replace(User{ID: 1, Name: "alice b.", Age: 31}) || s.Replace(User{ID: 9}) {
		t.Error("Replace: want true for a known id, false for an unknown one")
	}
	if u, ok := s.Get(1); !ok || u.Name != "alice b." {
		t.Errorf("Get(1) = %+v, %v", u, ok)
	}
	if !s.Delete(2) || s.Delete(2) {
		t.Error("Delete: want true once, then false")
	}
	if c := s.Add("carol", 1); c.ID != 3 {
		t.Errorf("ids are reused: got %d, want 3", c.ID)
	}
	if got := s.List(); len(got) != 2 || got[0].ID != 1 || got[1].ID != 3 {
		t.Errorf("List() = %+v, want ids 1 and 3 in order", got)
	}
}

func TestStoreIsSafeForConcurrentUse(t *testing.T) {
	s := NewStore()
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				u := s.Add("x", 1)
				s.Get(u.ID)
				s.List()
				s.Replace(u)
			}
		}()
	}
	wg.Wait()
	if s.Len() != 400 {
		t.Errorf("Len() = %d, want 400", s.Len())
	}
}
