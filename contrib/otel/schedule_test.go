package otel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/egg-go/egg/modules/schedule"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
)

// jobs registers three schedules that only run when asked (RunNow): one
// that calls the users app and logs, one that fails, one that panics.
func jobs(usersURL *string) fx.Option {
	return egg.Module("jobs",
		schedule.Register(func(client *httpclient.Client) schedule.Schedule {
			return schedule.Schedule{Name: "sync-users", Interval: time.Hour, Task: func(c *egg.Ctx) error {
				otel.Logger(c).Info("syncing users")
				var u map[string]string
				return client.GetJSON(c, *usersURL+"/api/users/5", &u)
			}}
		}),
		schedule.Register(schedule.Schedule{Name: "fails", Interval: time.Hour, Task: func(c *egg.Ctx) error {
			return errors.New("disk full")
		}}),
		schedule.Register(schedule.Schedule{Name: "panics", Interval: time.Hour, Task: func(c *egg.Ctx) error {
			panic("nil map")
		}}),
	)
}

func TestScheduleRunSpan(t *testing.T) {
	usersApp, usersSrv := startApp(t)
	var sched *schedule.Scheduler
	app, _ := startApp(t, schedule.Module, httpclient.Module, jobs(&usersSrv.URL), fx.Populate(&sched))

	if err := sched.RunNow(context.Background(), "sync-users"); err != nil {
		t.Fatalf("RunNow: %v", err)
	}
	run := app.one("schedule sync-users")
	if run.SpanKind != trace.SpanKindInternal || run.Parent.IsValid() {
		t.Errorf("run span kind %v parent %v, want an internal root span", run.SpanKind, run.Parent)
	}
	wantAttr(t, run, otel.AttrSchedule, "sync-users")
	wantAttr(t, run, otel.AttrTrigger, "manual")
	if run.Status.Code != codes.Unset {
		t.Errorf("a run that succeeded has status %v", run.Status)
	}
	if !run.EndTime.After(run.StartTime) {
		t.Errorf("run span from %v to %v", run.StartTime, run.EndTime)
	}

	// the task's outbound call is the run's child, and the users app
	// continues it
	client := app.one("GET")
	remote := usersApp.one("GET /api/users/{id}")
	if client.Parent.SpanID() != run.SpanContext.SpanID() || client.SpanContext.TraceID() != run.SpanContext.TraceID() {
		t.Errorf("client span's parent %s in trace %s, want the run span %s in %s",
			client.Parent.SpanID(), client.SpanContext.TraceID(), run.SpanContext.SpanID(), run.SpanContext.TraceID())
	}
	if remote.Parent.SpanID() != client.SpanContext.SpanID() {
		t.Errorf("remote span's parent %s, want the client span %s", remote.Parent.SpanID(), client.SpanContext.SpanID())
	}
	// the run id is the task's request id, forwarded by httpclient
	runID, _ := attr(run, otel.AttrRequestID)
	wantAttr(t, remote, otel.AttrRequestID, runID.AsString())

	lines := app.logs.find("syncing users")
	if len(lines) != 1 {
		t.Fatalf("want one log line, got %v", lines)
	}
	if lines[0]["trace_id"] != run.SpanContext.TraceID().String() || lines[0]["span_id"] != run.SpanContext.SpanID().String() {
		t.Errorf("the task's log line %v does not carry the run span's ids", lines[0])
	}
}

func TestScheduleRunFailures(t *testing.T) {
	var sched *schedule.Scheduler
	none := ""
	app, _ := startApp(t, schedule.Module, httpclient.Module, jobs(&none), fx.Populate(&sched))
	cases := []struct{ name, errType, description string }{
		{"fails", "error", "disk full"},
		{"panics", "panic", "panic: nil map"},
	}
	for _, tc := range cases {
		if err := sched.RunNow(context.Background(), tc.name); err == nil {
			t.Fatalf("RunNow(%s) succeeded", tc.name)
		}
		s := app.one("schedule " + tc.name)
		if s.Status.Code != codes.Error || s.Status.Description != tc.description {
			t.Errorf("%s: status %v %q, want error %q", tc.name, s.Status.Code, s.Status.Description, tc.description)
		}
		if len(s.Events) == 0 || s.Events[0].Name != "exception" {
			t.Errorf("%s: the error is not recorded: %v", tc.name, s.Events)
		}
	}
	var failed int
	for _, p := range app.histogram(otel.MetricScheduleDuration) {
		name, _ := p.Attributes.Value(otel.AttrSchedule)
		et, _ := p.Attributes.Value(semconv.ErrorTypeKey)
		switch name.AsString() {
		case "fails":
			failed++
			if et.AsString() != "error" {
				t.Errorf("fails: error.type %q", et.AsString())
			}
		case "panics":
			failed++
			if et.AsString() != "panic" {
				t.Errorf("panics: error.type %q", et.AsString())
			}
		}
	}
	if failed != 2 {
		t.Errorf("want duration points for both failed runs, got %d", failed)
	}
}

func TestLoggerWithoutSpanIsTheCtxLogger(t *testing.T) {
	tt, srv := startApp(t, egg.Configure(func(c *egg.HTTPConfig) {
		c.MiddlewareOptions = map[string]egg.MiddlewareOptions{otel.Name: {Disable: true}}
	}))
	get(t, srv.URL+"/api/users/3")
	lines := tt.logs.find("loading user")
	if len(lines) != 1 {
		t.Fatalf("want one line, got %v", lines)
	}
	if _, ok := lines[0]["trace_id"]; ok {
		t.Errorf("no span is active, yet the line has trace_id: %v", lines[0])
	}
	if lines[0]["req.id"] == "" {
		t.Errorf("the line lost the ctx logger's attributes: %v", lines[0])
	}
}

func TestLoggerOutsideTheModule(t *testing.T) {
	app, err := egg.New(egg.Env("unittest"))
	if err != nil {
		t.Fatal(err)
	}
	c := app.NewContext(context.Background())
	if otel.Logger(c) != c.Logger() {
		t.Error("without the module and a span, Logger(c) is not c.Logger()")
	}
}

// c.Logger() itself carries the request span's ids (App.OnCtxLogger).
func TestCtxLoggerCarriesTraceIDs(t *testing.T) {
	tt, srv := startApp(t)
	get(t, srv.URL+"/api/plain-log")
	lines := tt.logs.find("plain ctx logger")
	if len(lines) != 1 {
		t.Fatalf("want one line, got %v", lines)
	}
	spans := tt.named("GET /api/plain-log")
	if len(spans) != 1 {
		t.Fatalf("want one span, got %d", len(spans))
	}
	if lines[0]["trace_id"] != spans[0].SpanContext.TraceID().String() || lines[0]["span_id"] != spans[0].SpanContext.SpanID().String() {
		t.Errorf("line %v does not name span %s/%s", lines[0], spans[0].SpanContext.TraceID(), spans[0].SpanContext.SpanID())
	}
}
