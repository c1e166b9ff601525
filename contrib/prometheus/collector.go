package prometheus

import (
	"fmt"
	"reflect"
	"runtime"

	prom "github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"
)

// CollectorsGroup is the fx value group of collectors the module
// registers in the app's registry when the app starts (DidLoad) and
// unregisters when it stops (BeforeClose). Collector adds to it; so does
// any constructor annotated with fx.ResultTags(`group:"prometheus.collectors"`)
// that returns a prometheus.Collector.
const CollectorsGroup = "prometheus.collectors"

var collectorType = reflect.TypeFor[prom.Collector]()

// Collector adds a collector to the app's metrics (CollectorsGroup). v is
// a prometheus.Collector, or an fx constructor that returns one (any type
// that implements it, optionally with an error), to inject what it
// measures:
//
//	prometheus.Collector(func(db *sql.DB) prom.Collector {
//		return collectors.NewDBStatsCollector(db, "main")
//	})
//
// Any module may use it; it does nothing in an app without the prometheus
// module. A collector whose metrics clash with registered ones fails
// start-up naming its type.
func Collector(v any) fx.Option {
	tag := fx.ResultTags(`group:"` + CollectorsGroup + `"`)
	t := reflect.TypeOf(v)
	switch {
	case t == nil:
	case t.Kind() == reflect.Func && !reflect.ValueOf(v).IsNil() && returnsCollector(t):
		if t.Out(0) == collectorType {
			return fx.Provide(fx.Annotate(v, tag))
		}
		return fx.Provide(fx.Annotate(v, fx.As(new(prom.Collector)), tag))
	case t.Kind() != reflect.Func && t.Implements(collectorType) && !isNil(v):
		c := v.(prom.Collector)
		return fx.Provide(fx.Annotate(func() prom.Collector { return c }, tag))
	}
	return fx.Error(fmt.Errorf("prometheus: Collector(%T) at %s: pass a prometheus.Collector, "+
		"or a constructor that returns one (optionally with an error)", v, callerLine()))
}

// returnsCollector reports whether t returns a Collector, optionally
// with an error.
func returnsCollector(t reflect.Type) bool {
	switch t.NumOut() {
	case 1:
	case 2:
		if t.Out(1) != reflect.TypeFor[error]() {
			return false
		}
	default:
		return false
	}
	return t.Out(0).Implements(collectorType)
}

// isNil reports whether v is nil or a nil pointer, map, slice, ... in an
// interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Interface, reflect.Chan:
		return rv.IsNil()
	}
	return false
}

// callerLine is file:line of the code that called Collector.
func callerLine() string {
	if _, file, line, ok := runtime.Caller(2); ok {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return "unknown place"
}
