package otel

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/egg-go/egg"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Exporter names, as OTEL_TRACES_EXPORTER and OTEL_METRICS_EXPORTER take
// them.
const (
	// ExporterOTLP sends over OTLP/HTTP (protobuf) to the collector at
	// Config.Endpoint: the default, as in the OpenTelemetry specification.
	ExporterOTLP = "otlp"
	// ExporterStdout writes one JSON document per span (or metric export)
	// to the process's standard output. "console", the specification's
	// name, means the same.
	ExporterStdout = "stdout"
	// ExporterNone exports nothing. Spans are still made and propagated
	// (trace ids in logs and outbound calls), metrics still recorded.
	ExporterNone = "none"
)

// Sampler names, as OTEL_TRACES_SAMPLER takes them (the specification's
// six built-in samplers).
const (
	SamplerAlwaysOn                = "always_on"
	SamplerAlwaysOff               = "always_off"
	SamplerTraceIDRatio            = "traceidratio"
	SamplerParentBasedAlwaysOn     = "parentbased_always_on"
	SamplerParentBasedAlwaysOff    = "parentbased_always_off"
	SamplerParentBasedTraceIDRatio = "parentbased_traceidratio"
)

// Config configures the otel module. Its environment variables are the
// OpenTelemetry specification's own (OTEL_SERVICE_NAME,
// OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, ...), so a
// deployment set up for any OpenTelemetry SDK works unchanged; egg's own
// settings are under OTEL_EGG_, a prefix the specification never uses.
// Set it with egg.Configure(func(c *otel.Config) {...}) or the
// environment; egg validates it at start-up.
//
// Variables this struct does not list and the OpenTelemetry SDK reads
// itself still apply: OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT, _COMPRESSION,
// _CERTIFICATE (and their _TRACES_/_METRICS_ forms), OTEL_BSP_* (the span
// batch), OTEL_SPAN_*_LIMIT.
type Config struct {
	// Disabled turns the module into a no-op: no providers, no spans, no
	// metrics; the middleware passes requests straight through.
	// Default false. Env OTEL_SDK_DISABLED.
	Disabled bool `env:"SDK_DISABLED"`

	// ServiceName is the resource's service.name. Default "": the app's
	// name (egg.Name, or the base directory's). Env OTEL_SERVICE_NAME.
	ServiceName string `env:"SERVICE_NAME"`
	// ServiceVersion is the resource's service.version. Default "": the
	// main module's version from the build info, when it has one (a
	// binary built from a tagged module), else none.
	// Env OTEL_EGG_SERVICE_VERSION.
	ServiceVersion string `env:"EGG_SERVICE_VERSION"`
	// ResourceAttributes are more resource attributes, "key=value" pairs
	// separated by commas, values percent-encoded where they contain a
	// comma, '=' or a non-ASCII byte (the specification's format). They
	// override the app's own (service.name, deployment.environment.name,
	// service.version) but not ServiceName. Default none.
	// Env OTEL_RESOURCE_ATTRIBUTES.
	ResourceAttributes string `env:"RESOURCE_ATTRIBUTES"`

	// TracesExporter is where spans go: "otlp", "stdout" (or "console")
	// or "none". Default "otlp". Env OTEL_TRACES_EXPORTER.
	TracesExporter string `env:"TRACES_EXPORTER"`
	// MetricsExporter is where metrics go: "otlp", "stdout" (or
	// "console") or "none". Default "otlp". Env OTEL_METRICS_EXPORTER.
	MetricsExporter string `env:"METRICS_EXPORTER"`
	// Endpoint is the collector's OTLP/HTTP base URL; spans go to
	// <Endpoint>/v1/traces and metrics to <Endpoint>/v1/metrics.
	// Default "": the exporter's own default, http://localhost:4318.
	// Env OTEL_EXPORTER_OTLP_ENDPOINT.
	Endpoint string `env:"EXPORTER_OTLP_ENDPOINT"`
	// TracesEndpoint is the full URL spans are posted to, used as given;
	// it wins over Endpoint. Default "".
	// Env OTEL_EXPORTER_OTLP_TRACES_ENDPOINT.
	TracesEndpoint string `env:"EXPORTER_OTLP_TRACES_ENDPOINT"`
	// MetricsEndpoint is the full URL metrics are posted to, used as
	// given; it wins over Endpoint. Default "".
	// Env OTEL_EXPORTER_OTLP_METRICS_ENDPOINT.
	MetricsEndpoint string `env:"EXPORTER_OTLP_METRICS_ENDPOINT"`
	// Protocol is the OTLP transport. Only "http/protobuf" is built in;
	// "grpc" is refused at start-up rather than sending HTTP to a gRPC
	// port. Default "http/protobuf". Env OTEL_EXPORTER_OTLP_PROTOCOL.
	Protocol string `env:"EXPORTER_OTLP_PROTOCOL"`

	// Sampler decides which new traces are recorded: one of the
	// specification's always_on, always_off, traceidratio,
	// parentbased_always_on, parentbased_always_off,
	// parentbased_traceidratio. The parent-based ones follow the sampled
	// flag of an incoming traceparent and apply the rest to new traces.
	// Default "parentbased_traceidratio". Env OTEL_TRACES_SAMPLER.
	Sampler string `env:"TRACES_SAMPLER"`
	// SamplerRatio is the share of new traces recorded by the
	// traceidratio samplers, 0 to 1. Default 1 (all).
	// Env OTEL_TRACES_SAMPLER_ARG.
	SamplerRatio float64 `env:"TRACES_SAMPLER_ARG"`
	// Propagators read and write the trace context of requests and
	// outbound calls: "tracecontext" (W3C traceparent/tracestate),
	// "baggage" (W3C baggage), or "none". Default
	// ["tracecontext", "baggage"]. Env OTEL_PROPAGATORS (comma-separated).
	Propagators []string `env:"PROPAGATORS"`

	// MetricExportInterval is how often metrics are exported, in
	// milliseconds (the specification's unit). Default 60000.
	// Env OTEL_METRIC_EXPORT_INTERVAL.
	MetricExportInterval int `env:"METRIC_EXPORT_INTERVAL"`
	// MetricExportTimeout bounds one metrics export, in milliseconds.
	// Default 30000. Env OTEL_METRIC_EXPORT_TIMEOUT.
	MetricExportTimeout int `env:"METRIC_EXPORT_TIMEOUT"`

	// ShutdownTimeout bounds flushing and shutting the providers down in
	// BeforeClose; spans not exported by then are dropped. Default 5s.
	// Env OTEL_EGG_SHUTDOWN_TIMEOUT.
	ShutdownTimeout time.Duration `env:"EGG_SHUTDOWN_TIMEOUT"`
	// Global also installs this app's providers and propagator as
	// OpenTelemetry's global ones (otel.SetTracerProvider, ...), for
	// libraries that only use the globals. Leave it off when a process
	// runs several apps. Default false. Env OTEL_EGG_GLOBAL.
	Global bool `env:"EGG_GLOBAL"`

	// SpanExporter, when set, receives the spans instead of the exporter
	// TracesExporter names, through a batch processor: a custom
	// exporter, or tracetest.NewInMemoryExporter() in tests.
	// Default nil. Not settable from the environment.
	SpanExporter sdktrace.SpanExporter
	// MetricReader, when set, reads the metrics instead of the exporter
	// MetricsExporter names: a custom reader, or
	// sdkmetric.NewManualReader() in tests. A reader serves one provider
	// only: give each app its own. Default nil. Not settable from the
	// environment.
	MetricReader sdkmetric.Reader
}

// DefaultConfig returns the module's defaults: OTLP/HTTP for traces and
// metrics (exported every minute), every new trace sampled and incoming
// sampling decisions followed, W3C trace context and baggage, a 5s flush
// at shutdown.
func DefaultConfig() Config {
	return Config{
		TracesExporter:  ExporterOTLP,
		MetricsExporter: ExporterOTLP,
		Protocol:        "http/protobuf",
		Sampler:         SamplerParentBasedTraceIDRatio,
		SamplerRatio:    1,
		Propagators:     []string{"tracecontext", "baggage"},

		MetricExportInterval: 60000,
		MetricExportTimeout:  30000,
		ShutdownTimeout:      5 * time.Second,
	}
}

// Validate refuses, at start-up, what would fail later or silently send
// nothing: unknown exporter, sampler or propagator names, a ratio outside
// 0..1, an endpoint that is not an http(s) URL, the gRPC protocol, a
// resource attribute list that does not parse, a non-positive shutdown
// timeout.
func (c *Config) Validate() error {
	if c.Disabled {
		return nil
	}
	for _, e := range []struct{ field, env, v string }{
		{"TracesExporter", "OTEL_TRACES_EXPORTER", c.TracesExporter},
		{"MetricsExporter", "OTEL_METRICS_EXPORTER", c.MetricsExporter},
	} {
		switch normalExporter(e.v) {
		case ExporterOTLP, ExporterStdout, ExporterNone:
		default:
			return egg.InvalidConfig(e.field, fmt.Sprintf(`use "otlp", "stdout" or "none", e.g. %s=otlp; `+
				`other exporters (zipkin, prometheus) are not built in: set the exporter or reader in Config instead`, e.env))
		}
	}
	for _, e := range []struct{ field, env, v, path string }{
		{"Endpoint", "OTEL_EXPORTER_OTLP_ENDPOINT", c.Endpoint, ""},
		{"TracesEndpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", c.TracesEndpoint, "/v1/traces"},
		{"MetricsEndpoint", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", c.MetricsEndpoint, "/v1/metrics"},
	} {
		if e.v == "" {
			continue
		}
		if reason := checkEndpoint(e.v); reason != "" {
			return egg.InvalidConfig(e.field, fmt.Sprintf("%s; give the collector's OTLP/HTTP URL, e.g. %s=http://otel-collector:4318%s",
				reason, e.env, e.path))
		}
	}
	switch c.Protocol {
	case "", "http/protobuf":
	case "grpc":
		return egg.InvalidConfig("Protocol", "this module exports OTLP over HTTP only; point OTEL_EXPORTER_OTLP_ENDPOINT "+
			"at the collector's HTTP port (4318 by default, not gRPC's 4317) and unset OTEL_EXPORTER_OTLP_PROTOCOL")
	default:
		return egg.InvalidConfig("Protocol", `use "http/protobuf" (OTLP over HTTP), e.g. OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`)
	}
	switch c.Sampler {
	case SamplerAlwaysOn, SamplerAlwaysOff, SamplerTraceIDRatio,
		SamplerParentBasedAlwaysOn, SamplerParentBasedAlwaysOff, SamplerParentBasedTraceIDRatio:
	default:
		return egg.InvalidConfig("Sampler", "use always_on, always_off, traceidratio, parentbased_always_on, "+
			"parentbased_always_off or parentbased_traceidratio, e.g. OTEL_TRACES_SAMPLER=parentbased_traceidratio")
	}
	if !(c.SamplerRatio >= 0 && c.SamplerRatio <= 1) { // also refuses NaN
		return egg.InvalidConfig("SamplerRatio", "is the share of traces recorded, from 0 to 1, e.g. OTEL_TRACES_SAMPLER_ARG=0.1 for one in ten")
	}
	if _, err := propagatorOf(c.Propagators); err != nil {
		return egg.InvalidConfig("Propagators", err.Error())
	}
	if _, err := ParseResourceAttributes(c.ResourceAttributes); err != nil {
		return egg.InvalidConfig("ResourceAttributes", err.Error()+
			`; write key=value pairs separated by commas, percent-encoding ',' '=' and '%' in values, `+
			`e.g. OTEL_RESOURCE_ATTRIBUTES=service.namespace=shop,team=payments`)
	}
	if c.MetricExportInterval <= 0 {
		return egg.InvalidConfig("MetricExportInterval", "is in milliseconds and must be positive, e.g. OTEL_METRIC_EXPORT_INTERVAL=60000")
	}
	if c.MetricExportTimeout <= 0 {
		return egg.InvalidConfig("MetricExportTimeout", "is in milliseconds and must be positive, e.g. OTEL_METRIC_EXPORT_TIMEOUT=30000")
	}
	if c.ShutdownTimeout <= 0 {
		return egg.InvalidConfig("ShutdownTimeout", "must be positive to flush spans at shutdown, e.g. OTEL_EGG_SHUTDOWN_TIMEOUT=5s")
	}
	return nil
}

// normalExporter maps the specification's "console" to "stdout" and
// trims the name.
func normalExporter(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "console" {
		return ExporterStdout
	}
	return s
}

// checkEndpoint returns why s is not an http(s) URL with a host, or "".
func checkEndpoint(s string) string {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Sprintf("%q is not a URL", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Sprintf("%q has no http:// or https:// scheme", s)
	case u.Host == "":
		return fmt.Sprintf("%q names no host", s)
	}
	return ""
}

// tracesURL is the URL spans are posted to, "" for the exporter's default.
func (c *Config) tracesURL() string { return signalURL(c.TracesEndpoint, c.Endpoint, "/v1/traces") }

// metricsURL is the URL metrics are posted to, "" for the exporter's
// default.
func (c *Config) metricsURL() string { return signalURL(c.MetricsEndpoint, c.Endpoint, "/v1/metrics") }

// signalURL applies the specification's rule: a signal's own endpoint is
// used as given; the base endpoint gets the signal's path appended.
func signalURL(own, base, path string) string {
	if own != "" {
		return own
	}
	if base == "" {
		return ""
	}
	return strings.TrimRight(base, "/") + path
}
