package view

import (
	"reflect"

	"go.uber.org/fx"
)

// helperOut, helpersOut and engineOut put helpers and engines in the view
// module's value groups. They are fx.Out results rather than fx.Annotate
// ones: every fx.Annotate builds a dig container of its own, seeded random
// source included, at each start.
type (
	helperOut struct {
		fx.Out
		Helper Helper `group:"egg.view.helpers"`
	}
	helpersOut struct {
		fx.Out
		Helpers []Helper `group:"egg.view.helpers,flatten"`
	}
	engineOut struct {
		fx.Out
		Spec EngineSpec `group:"egg.view.engines"`
	}
)

var errorType = reflect.TypeFor[error]()

// groupConstructor wraps ctor (an fx constructor returning one value,
// optionally with an error) in a function with ctor's parameters that
// returns out(ctor's value) and ctor's error, for fx.Provide. It runs at
// start-up only.
func groupConstructor[O any](ctor any, out func(v reflect.Value) O) any {
	ct, fv := reflect.TypeOf(ctor), reflect.ValueOf(ctor)
	ins := make([]reflect.Type, ct.NumIn())
	for i := range ins {
		ins[i] = ct.In(i)
	}
	ft := reflect.FuncOf(ins, []reflect.Type{reflect.TypeFor[O](), errorType}, ct.IsVariadic())
	return reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		var res []reflect.Value
		if ct.IsVariadic() {
			res = fv.CallSlice(args)
		} else {
			res = fv.Call(args)
		}
		errV := reflect.Zero(errorType)
		if len(res) == 2 && !res[1].IsNil() {
			errV = res[1]
		}
		return []reflect.Value{reflect.ValueOf(out(res[0])), errV}
	}).Interface()
}
