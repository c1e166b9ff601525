package redis_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/redis"
)

// BenchmarkSessions is one session saved and loaded: a round trip each to
// the test server.
func BenchmarkSessions(b *testing.B) {
	rc := direct(b)
	prefix := unique(b) + ":"
	cleanKeys(b, rc, prefix+"*")
	s := redis.NewSessions(rc, "default", prefix)
	data := make([]byte, 200)
	ctx := b.Context()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		id := strconv.Itoa(i % 1000)
		if err := s.Set(ctx, id, data, time.Minute); err != nil {
			b.Fatal(err)
		}
		if _, _, err := s.Get(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockerLock is one claim of a fresh key (SET NX PX).
func BenchmarkLockerLock(b *testing.B) {
	rc := direct(b)
	prefix := unique(b) + ":"
	cleanKeys(b, rc, prefix+"*")
	l := redis.NewLocker(rc, "default")
	ctx := b.Context()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := l.Lock(ctx, prefix+strconv.Itoa(i), time.Minute); err != nil {
			b.Fatal(err)
		}
	}
}
