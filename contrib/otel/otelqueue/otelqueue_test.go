package otelqueue_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/otel/otelqueue"
	"github.com/egg-go/egg/contrib/queue"
	"github.com/egg-go/egg/modules/httpclient"
	"github.com/riverqueue/river"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/fx"
)

// welcomeArgs is a job that fetches a profile from URL.
type welcomeArgs struct {
	URL string `json:"url"`
}

func (welcomeArgs) Kind() string { return "welcome" }

// seen is what a job saw of its context: its span and its job id.
type seen struct {
	span trace.SpanContext
	id   int64
}

// signup is the app under test: POST /signup enqueues a welcome job that
// calls the profile server through the app's httpclient and logs.
func signup(profileURL string, ran chan<- seen) fx.Option {
	return egg.Module("signup",
		egg.Routes(func(r *egg.Router) {
			r.Post("/signup", func(c *egg.Ctx) error {
				res, err := queue.Insert(c, welcomeArgs{URL: profileURL}, nil)
				if err != nil {
					return err
				}
				return c.Text(http.StatusCreated, strconv.FormatInt(res.Job.ID, 10))
			})
		}),
		queue.Register(func(client *httpclient.Client) queue.Worker {
			return queue.NewWorker(func(c *egg.Ctx, job *river.Job[welcomeArgs]) error {
				var p map[string]string
				if err := client.GetJSON(c, job.Args.URL, &p); err != nil {
					return err
				}
				c.Logger().Info("welcoming", "name", p["name"])
				ran <- seen{span: trace.SpanContextFromContext(c), id: queue.JobID(c)}
				return nil
			})
		}),
	)
}

// A request that enqueues a job: server span → insert span → work span →
// the job's client span, one trace (the caller's, from its traceparent);
// the job's Ctx carries its span, and its log lines the ids.
func TestTraceFromRequestThroughJob(t *testing.T) {
	profiles := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"name":"Ann"}`))
	}))
	defer profiles.Close()
	ran := make(chan seen, 1)
	a := startApp(t, pgQueue(t), httpclient.Module, signup(profiles.URL, ran))

	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/signup", nil)
	req.Header.Set("Traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /signup: %d", res.StatusCode)
	}
	var job seen
	select {
	case job = <-ran:
	case <-time.After(20 * time.Second):
		t.Fatal("the job did not run")
	}

	server := a.waitSpans("POST /signup", 1)[0]
	insert := a.waitSpans("insert welcome", 1)[0]
	work := a.waitSpans("work welcome", 1)[0]
	client := a.waitSpans("GET", 1)[0]
	if tid := server.SpanContext.TraceID().String(); tid != "4bf92f3577b34da6a3ce929d0e0e4736" {
		t.Fatalf("the server span did not continue the caller's trace: %s", tid)
	}
	for _, link := range []struct {
		name          string
		child, parent trace.SpanContext
		childParent   trace.SpanContext
	}{
		{"insert under the request", insert.SpanContext, server.SpanContext, insert.Parent},
		{"work under the insert", work.SpanContext, insert.SpanContext, work.Parent},
		{"the job's call under the work", client.SpanContext, work.SpanContext, client.Parent},
	} {
		if link.child.TraceID() != server.SpanContext.TraceID() || link.childParent.SpanID() != link.parent.SpanID() {
			t.Errorf("%s: parent %s in trace %s, want %s in %s", link.name, link.childParent.SpanID(), link.child.TraceID(),
				link.parent.SpanID(), server.SpanContext.TraceID())
		}
	}
	if insert.SpanKind != trace.SpanKindProducer || work.SpanKind != trace.SpanKindConsumer {
		t.Errorf("span kinds: insert %v, work %v", insert.SpanKind, work.SpanKind)
	}
	if job.span.SpanID() != work.SpanContext.SpanID() {
		t.Errorf("the job's Ctx carries span %s, want the work span %s", job.span.SpanID(), work.SpanContext.SpanID())
	}
	id := strconv.FormatInt(job.id, 10)
	wantAttr(t, insert, semconv.MessagingSystemKey, "river")
	wantAttr(t, insert, semconv.MessagingOperationTypeKey, "send")
	wantAttr(t, insert, semconv.MessagingDestinationNameKey, "default")
	wantAttr(t, insert, semconv.MessagingMessageIDKey, id)
	wantAttr(t, insert, otelqueue.AttrKind, "welcome")
	wantAttr(t, work, semconv.MessagingOperationTypeKey, "process")
	wantAttr(t, work, semconv.MessagingMessageIDKey, id)
	wantAttr(t, work, otelqueue.AttrAttempt, "1")
	wantAttr(t, work, otelqueue.AttrOutcome, "completed")
	if work.Status.Code != codes.Unset {
		t.Errorf("a completed job's span has status %v", work.Status)
	}
	logged := a.logs.find("welcoming")
	if len(logged) != 1 || logged[0]["trace_id"] != work.SpanContext.TraceID().String() || logged[0]["span_id"] != work.SpanContext.SpanID().String() {
		t.Errorf("the job's log line %v does not carry the work span's ids", logged)
	}
}

// failing is a job that fails every attempt and is retried 20ms later.
type failingArgs struct{}

func (failingArgs) Kind() string { return "failing" }

type failing struct {
	river.WorkerDefaults[failingArgs]
}

func (failing) NextRetry(*river.Job[failingArgs]) time.Time {
	return time.Now().Add(20 * time.Millisecond)
}
func (failing) Work(context.Context, *river.Job[failingArgs]) error {
	return errors.New("mail server down")
}

// A job inserted outside a request: the insert span is a root; every
// attempt is its child, an error, with its outcome; the durations are
// recorded by outcome.
func TestFailedAttempts(t *testing.T) {
	a := startApp(t, pgQueue(t), egg.Module("jobs", queue.Register(queue.FromRiver[failingArgs](failing{}))))
	if _, err := a.queue.Insert(context.Background(), failingArgs{}, &river.InsertOpts{MaxAttempts: 2}); err != nil {
		t.Fatal(err)
	}
	works := a.waitSpans("work failing", 2)
	insert := a.waitSpans("insert failing", 1)[0]
	if insert.Parent.IsValid() {
		t.Errorf("an insert outside a request has parent %s", insert.Parent.SpanID())
	}
	for i, want := range []string{"retryable", "discarded"} {
		w := works[i]
		wantAttr(t, w, otelqueue.AttrAttempt, strconv.Itoa(i+1))
		wantAttr(t, w, otelqueue.AttrOutcome, want)
		wantAttr(t, w, semconv.ErrorTypeKey, "error")
		if w.Parent.SpanID() != insert.SpanContext.SpanID() {
			t.Errorf("attempt %d: parent %s, want the insert span %s", i+1, w.Parent.SpanID(), insert.SpanContext.SpanID())
		}
		if w.Status.Code != codes.Error || w.Status.Description != "mail server down" {
			t.Errorf("attempt %d: status %v %q", i+1, w.Status.Code, w.Status.Description)
		}
	}
	byOutcome := map[string]uint64{}
	for _, p := range a.histogram(otelqueue.MetricJobDuration) {
		o, _ := p.Attributes.Value(otelqueue.AttrOutcome)
		k, _ := p.Attributes.Value(otelqueue.AttrKind)
		if k.AsString() == "failing" {
			byOutcome[o.AsString()] += p.Count
		}
	}
	if byOutcome["retryable"] != 1 || byOutcome["discarded"] != 1 {
		t.Errorf("duration points by outcome %v, want one retryable and one discarded", byOutcome)
	}
}

// The trace context joins the job's own metadata; with otel disabled
// nothing is added and no span is made.
func TestMetadata(t *testing.T) {
	for _, disabled := range []bool{false, true} {
		t.Run("disabled="+strconv.FormatBool(disabled), func(t *testing.T) {
			a := startApp(t, egg.Configure(func(c *queue.Config) { c.URL, c.Work = t.TempDir()+"/q.db", false }),
				egg.Configure(func(c *otel.Config) { c.Disabled = disabled }),
				egg.Module("jobs", queue.Register(queue.FromRiver[failingArgs](failing{}))))
			res, err := a.queue.Insert(context.Background(), failingArgs{}, &river.InsertOpts{Metadata: []byte(`{"tenant":"a"}`)})
			if err != nil {
				t.Fatal(err)
			}
			var md map[string]json.RawMessage
			if err := json.Unmarshal(res.Job.Metadata, &md); err != nil {
				t.Fatalf("metadata %s: %v", res.Job.Metadata, err)
			}
			if string(md["tenant"]) != `"a"` {
				t.Errorf("the job's own metadata was lost: %s", res.Job.Metadata)
			}
			tc, ok := md[otelqueue.MetadataKey]
			switch {
			case disabled && ok:
				t.Errorf("otel is disabled, yet the metadata carries %s", tc)
			case !disabled && !strings.Contains(string(tc), `"traceparent":"00-`):
				t.Errorf("metadata %s carries no traceparent", res.Job.Metadata)
			}
			if n := len(a.flushed()); disabled && n != 0 {
				t.Errorf("otel is disabled, yet %d spans were exported", n)
			}
		})
	}
}
