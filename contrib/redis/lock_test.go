package redis_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/redis"
)

func TestLockerLock(t *testing.T) {
	rc := direct(t)
	key := unique(t)
	cleanKeys(t, rc, key+"*")
	l := redis.NewLocker(rc, "default")
	ctx := t.Context()

	claim := func(key string, ttl time.Duration) bool {
		t.Helper()
		ok, err := l.Lock(ctx, key, ttl)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	const ttl = time.Second
	claimed := time.Now()
	if !claim(key, ttl) {
		t.Fatal("the first claim of a free key lost")
	}
	if claim(key, ttl) {
		t.Fatal("a second claim of a held key won (the same Locker must lose too)")
	}
	if !claim(key+":other", ttl) {
		t.Fatal("another key is free")
	}
	// never released early: the claim holds for its whole ttl
	if got := rc.PTTL(ctx, key).Val(); got <= 0 || got > ttl {
		t.Fatalf("PTTL = %s, want the claim's %s", got, ttl)
	}
	time.Sleep(ttl / 2)
	if held := !claim(key, ttl); !held && time.Since(claimed) < ttl {
		t.Fatal("a claim was free before its ttl passed")
	}
	// expiry: once the ttl has passed, the key can be claimed again
	if err := eventually(2*time.Second, func() error {
		if !claim(key, time.Second) {
			return errNotYet
		}
		return nil
	}); err != nil {
		t.Fatal("the claim did not lapse after its ttl")
	}
	if _, err := l.Lock(ctx, key+":zero", 0); err == nil || !strings.Contains(err.Error(), "1ms") {
		t.Errorf("Lock with ttl 0: %v", err)
	}
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := l.Lock(canceled, key+":c", time.Second); !errors.Is(err, context.Canceled) {
		t.Errorf("Lock with a canceled context: %v", err)
	}
}

func TestLockReleaseIsCompareAndDelete(t *testing.T) {
	rc := direct(t)
	key := unique(t)
	cleanKeys(t, rc, key+"*")
	l := redis.NewLocker(rc, "default")
	ctx := t.Context()

	a, err := l.TryLock(ctx, key, time.Minute)
	if err != nil || a == nil {
		t.Fatalf("TryLock = %v, %v", a, err)
	}
	if a.Key() != key || len(a.Token()) != 22 || rc.Get(ctx, key).Val() != a.Token() {
		t.Fatalf("lock %q token %q; the key holds %q", a.Key(), a.Token(), rc.Get(ctx, key).Val())
	}
	if b, err := l.TryLock(ctx, key, time.Minute); err != nil || b != nil {
		t.Fatalf("TryLock of a held key = %v, %v; want nil, nil", b, err)
	}
	if ok, err := a.Extend(ctx, 2*time.Minute); err != nil || !ok {
		t.Fatalf("Extend by the owner = %v, %v", ok, err)
	}
	if ttl := rc.PTTL(ctx, key).Val(); ttl <= time.Minute {
		t.Errorf("PTTL after Extend = %s, want about 2m", ttl)
	}
	if ok, err := a.Release(ctx); err != nil || !ok {
		t.Fatalf("Release by the owner = %v, %v", ok, err)
	}
	if rc.Exists(ctx, key).Val() != 0 {
		t.Fatal("Release left the key")
	}
	if ok, err := a.Release(ctx); err != nil || ok {
		t.Errorf("second Release = %v, %v; want false", ok, err)
	}

	// a claim that lapsed and was taken by another owner is left alone
	old, err := l.TryLock(ctx, key, 50*time.Millisecond)
	if err != nil || old == nil {
		t.Fatalf("TryLock = %v, %v", old, err)
	}
	var next *redis.Lock
	if err := eventually(2*time.Second, func() error {
		next, err = l.TryLock(ctx, key, time.Minute)
		if err != nil {
			return err
		}
		if next == nil {
			return errNotYet
		}
		return nil
	}); err != nil {
		t.Fatalf("the short claim never lapsed: %v", err)
	}
	if ok, err := old.Release(ctx); err != nil || ok {
		t.Errorf("Release by the lapsed owner = %v, %v; want false", ok, err)
	}
	if ok, err := old.Extend(ctx, time.Minute); err != nil || ok {
		t.Errorf("Extend by the lapsed owner = %v, %v; want false", ok, err)
	}
	if got := rc.Get(ctx, key).Val(); got != next.Token() {
		t.Errorf("the new owner's claim was touched: the key holds %q, want %q", got, next.Token())
	}
	if _, err := next.Extend(ctx, 0); err == nil {
		t.Error("Extend with ttl 0 was accepted")
	}
}

// TestLockOneWinner: many contenders at once, one winner.
func TestLockOneWinner(t *testing.T) {
	rc := direct(t)
	key := unique(t)
	cleanKeys(t, rc, key+"*")
	l := redis.NewLocker(rc, "default")
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			ok, err := l.Lock(context.Background(), key, time.Minute)
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d contenders won the same key, want 1", n)
	}
}
