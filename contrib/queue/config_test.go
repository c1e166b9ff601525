package queue_test

import (
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg/contrib/queue"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		edit       func(*queue.Config)
	}{
		{"default is valid", "", func(*queue.Config) {}},
		{"bad driver", "Driver", func(c *queue.Config) { c.Driver = "mysql" }},
		{"postgres without URL", "QUEUE_URL", func(c *queue.Config) { c.Driver = queue.DriverPostgres }},
		{"schema with sqlite", "Schema", func(c *queue.Config) { c.Schema = "q" }},
		{"URL implies postgres", "", func(c *queue.Config) { c.URL, c.Schema = "postgres://h/db", "q" }},
		{"no queues", "Queues", func(c *queue.Config) { c.Queues = nil }},
		{"no queues insert-only", "", func(c *queue.Config) { c.Queues, c.Work = nil, false }},
		{"zero workers", "mail", func(c *queue.Config) { c.Queues = map[string]int{"mail": 0} }},
		{"padded name", "padded", func(c *queue.Config) { c.Queues = map[string]int{" mail": 2} }},
		{"no attempts", "MaxAttempts", func(c *queue.Config) { c.MaxAttempts = 0 }},
		{"zero job timeout", "JobTimeout", func(c *queue.Config) { c.JobTimeout = 0 }},
		{"rescue below timeout", "RescueStuckJobsAfter", func(c *queue.Config) { c.RescueStuckJobsAfter = time.Second }},
		{"poll too fast", "FetchPollInterval", func(c *queue.Config) { c.FetchPollInterval = 0 }},
		{"no conns", "MaxConns", func(c *queue.Config) { c.MaxConns = 0 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := queue.DefaultConfig()
			tc.edit(&c)
			err := c.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("error %v, want one naming %q", err, tc.want)
			}
		})
	}
}
