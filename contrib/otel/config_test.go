package otel_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/otel"
)

func TestDefaultConfigIsValid(t *testing.T) {
	cfg := otel.DefaultConfig()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateRefuses(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(c *otel.Config)
		field  string
		reason string // part of the message
	}{
		{"unknown traces exporter", func(c *otel.Config) { c.TracesExporter = "zipkin" }, "TracesExporter", "OTEL_TRACES_EXPORTER=otlp"},
		{"unknown metrics exporter", func(c *otel.Config) { c.MetricsExporter = "prometheus" }, "MetricsExporter", "OTEL_METRICS_EXPORTER=otlp"},
		{"endpoint without scheme", func(c *otel.Config) { c.Endpoint = "collector:4318" }, "Endpoint", "http://otel-collector:4318"},
		{"endpoint without host", func(c *otel.Config) { c.Endpoint = "http://" }, "Endpoint", "names no host"},
		{"traces endpoint not a URL", func(c *otel.Config) { c.TracesEndpoint = "http://[::1" }, "TracesEndpoint", "/v1/traces"},
		{"metrics endpoint ftp", func(c *otel.Config) { c.MetricsEndpoint = "ftp://x" }, "MetricsEndpoint", "/v1/metrics"},
		{"grpc protocol", func(c *otel.Config) { c.Protocol = "grpc" }, "Protocol", "4318"},
		{"json protocol", func(c *otel.Config) { c.Protocol = "http/json" }, "Protocol", "http/protobuf"},
		{"unknown sampler", func(c *otel.Config) { c.Sampler = "jaeger_remote" }, "Sampler", "parentbased_traceidratio"},
		{"ratio above 1", func(c *otel.Config) { c.SamplerRatio = 1.5 }, "SamplerRatio", "from 0 to 1"},
		{"ratio below 0", func(c *otel.Config) { c.SamplerRatio = -0.1 }, "SamplerRatio", "from 0 to 1"},
		{"ratio NaN", func(c *otel.Config) { c.SamplerRatio = math.NaN() }, "SamplerRatio", "from 0 to 1"},
		{"b3 propagator", func(c *otel.Config) { c.Propagators = []string{"tracecontext", "b3"} }, "Propagators", `"b3" is not built in`},
		{"resource pair without =", func(c *otel.Config) { c.ResourceAttributes = "team" }, "ResourceAttributes", `"team" is not key=value`},
		{"resource bad escape", func(c *otel.Config) { c.ResourceAttributes = "a=%zz" }, "ResourceAttributes", "percent escape"},
		{"resource value not UTF-8", func(c *otel.Config) { c.ResourceAttributes = "team=%ff" }, "ResourceAttributes", "not UTF-8"},
		{"zero export interval", func(c *otel.Config) { c.MetricExportInterval = 0 }, "MetricExportInterval", "OTEL_METRIC_EXPORT_INTERVAL=60000"},
		{"negative export timeout", func(c *otel.Config) { c.MetricExportTimeout = -1 }, "MetricExportTimeout", "milliseconds"},
		{"zero shutdown timeout", func(c *otel.Config) { c.ShutdownTimeout = 0 }, "ShutdownTimeout", "OTEL_EGG_SHUTDOWN_TIMEOUT=5s"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := otel.DefaultConfig()
			tc.edit(&cfg)
			err := cfg.Validate()
			var fe *egg.ConfigFieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate = %v, want an egg.ConfigFieldError", err)
			}
			if fe.Field != tc.field || !strings.Contains(fe.Reason, tc.reason) {
				t.Errorf("field %q reason %q, want field %q and a reason mentioning %q", fe.Field, fe.Reason, tc.field, tc.reason)
			}
		})
	}
}

func TestValidateAccepts(t *testing.T) {
	cases := []func(c *otel.Config){
		func(c *otel.Config) { c.TracesExporter, c.MetricsExporter = "console", "none" },
		func(c *otel.Config) { c.TracesExporter = " OTLP " },
		func(c *otel.Config) { c.Endpoint = "https://collector.example.com:4318/" },
		func(c *otel.Config) { c.Protocol = "" },
		func(c *otel.Config) { c.Sampler, c.SamplerRatio = otel.SamplerTraceIDRatio, 0 },
		func(c *otel.Config) { c.Propagators = []string{" TraceContext", "none"} },
		func(c *otel.Config) { c.ResourceAttributes = "service.namespace=shop, team=pay%2Cments" },
		func(c *otel.Config) { c.Disabled, c.TracesExporter = true, "zipkin" }, // nothing is built
	}
	for i, edit := range cases {
		cfg := otel.DefaultConfig()
		edit(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func TestStandardEnvironmentVariables(t *testing.T) {
	env := map[string]string{
		"OTEL_SERVICE_NAME":                   "billing",
		"OTEL_EGG_SERVICE_VERSION":            "1.4.2",
		"OTEL_RESOURCE_ATTRIBUTES":            "team=payments",
		"OTEL_TRACES_EXPORTER":                "none",
		"OTEL_METRICS_EXPORTER":               "console",
		"OTEL_EXPORTER_OTLP_ENDPOINT":         "http://collector:4318",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT":  "http://collector:4318/t",
		"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT": "http://collector:4318/m",
		"OTEL_EXPORTER_OTLP_PROTOCOL":         "http/protobuf",
		"OTEL_TRACES_SAMPLER":                 "traceidratio",
		"OTEL_TRACES_SAMPLER_ARG":             "0.25",
		"OTEL_PROPAGATORS":                    "tracecontext",
		"OTEL_EGG_SHUTDOWN_TIMEOUT":           "2s",
		"OTEL_METRIC_EXPORT_INTERVAL":         "15000",
		"OTEL_METRIC_EXPORT_TIMEOUT":          "5000",
		"OTEL_EGG_GLOBAL":                     "false",
		"OTEL_SDK_DISABLED":                   "true",
	}
	for k, v := range env {
		t.Setenv(k, v)
	}
	app, err := egg.New(egg.Env("unittest"), otel.Module)
	if err != nil {
		t.Fatal(err)
	}
	got := *egg.ConfigOf[otel.Config](app.Configs())
	want := otel.Config{
		Disabled: true, ServiceName: "billing", ServiceVersion: "1.4.2", ResourceAttributes: "team=payments",
		TracesExporter: "none", MetricsExporter: "console", Endpoint: "http://collector:4318",
		TracesEndpoint: "http://collector:4318/t", MetricsEndpoint: "http://collector:4318/m", Protocol: "http/protobuf",
		Sampler: "traceidratio", SamplerRatio: 0.25, Propagators: []string{"tracecontext"}, ShutdownTimeout: 2 * time.Second,
	}
	if got.Disabled != want.Disabled || got.ServiceName != want.ServiceName || got.ServiceVersion != want.ServiceVersion ||
		got.ResourceAttributes != want.ResourceAttributes || got.TracesExporter != want.TracesExporter ||
		got.MetricsExporter != want.MetricsExporter || got.Endpoint != want.Endpoint || got.TracesEndpoint != want.TracesEndpoint ||
		got.MetricsEndpoint != want.MetricsEndpoint || got.Protocol != want.Protocol || got.Sampler != want.Sampler ||
		got.SamplerRatio != want.SamplerRatio || strings.Join(got.Propagators, ",") != "tracecontext" ||
		got.ShutdownTimeout != want.ShutdownTimeout || got.Global || got.MetricExportInterval != 15000 || got.MetricExportTimeout != 5000 {
		t.Errorf("config from the environment:\n got %+v\nwant %+v", got, want)
	}
}

func TestBadEnvironmentFailsStartNamingTheVariable(t *testing.T) {
	t.Setenv("OTEL_TRACES_SAMPLER_ARG", "2")
	_, err := egg.New(egg.Env("unittest"), otel.Module)
	if err == nil {
		t.Fatal("a ratio of 2 started")
	}
	for _, want := range []string{`module "otel"`, "SamplerRatio", "OTEL_TRACES_SAMPLER_ARG"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}
