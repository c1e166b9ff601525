package gorm_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"go.uber.org/fx"
)

// Ping and the readiness checks answer per datasource, and stop passing
// once the pools are closed.
func TestPingAndReadinessChecks(t *testing.T) {
	var reg *gorm.Registry
	app, err := egg.New(egg.Env("unittest"), egg.LogOutput(io.Discard), gorm.Module, fx.Populate(&reg),
		egg.Configure(func(c *gorm.Config) {
			c.DBs = map[string]gorm.Datasource{"reports": {DSN: gorm.SQLiteMemory("reports-" + t.Name())}}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.Ping(t.Context()); err == nil || !strings.Contains(err.Error(), `datasource "default" is not connected`) {
		t.Fatalf("Ping before start: %v", err)
	}
	if err := app.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := reg.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	checks := reg.ReadinessChecks()
	var names []string
	for _, c := range checks {
		names = append(names, c.Name)
		if err := c.Check(t.Context()); err != nil {
			t.Errorf("check %s: %v", c.Name, err)
		}
	}
	if got := strings.Join(names, ","); got != "gorm.default,gorm.reports" {
		t.Fatalf("check names %s", got)
	}
	if err := app.Stop(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, c := range checks {
		if err := c.Check(t.Context()); err == nil {
			t.Errorf("check %s passes after the app stopped", c.Name)
		}
	}
	if _, err := reg.Get("reports"); err == nil {
		t.Error("Get after close returned a DB")
	}
}
