package egg

import "reflect"

// isConstructor reports whether t is a function that returns one value,
// optionally followed by an error: the constructors egg accepts.
func isConstructor(t reflect.Type) bool {
	return t != nil && t.Kind() == reflect.Func && t.NumOut() >= 1 &&
		(t.NumOut() == 1 || (t.NumOut() == 2 && t.Out(1) == errorType))
}

// wrapConstructor returns a function with ctor's parameters that calls
// ctor and turns its result into T with convert, so that fx builds ctor's
// dependencies and egg collects the result in a value group (best with T
// an fx.Out struct that names the group: fx.Annotate builds a dig
// container per use). ctor must satisfy isConstructor. It runs at
// start-up only.
func wrapConstructor[T any](ctor any, convert func(result any) T) any {
	ct, fv := reflect.TypeOf(ctor), reflect.ValueOf(ctor)
	ins := make([]reflect.Type, ct.NumIn())
	for i := range ins {
		ins[i] = ct.In(i)
	}
	ft := reflect.FuncOf(ins, []reflect.Type{reflect.TypeFor[T](), errorType}, ct.IsVariadic())
	return reflect.MakeFunc(ft, func(args []reflect.Value) []reflect.Value {
		var out []reflect.Value
		if ct.IsVariadic() { // the last argument is the variadic slice
			out = fv.CallSlice(args)
		} else {
			out = fv.Call(args)
		}
		errV := reflect.Zero(errorType)
		if len(out) == 2 && !out[1].IsNil() {
			errV = out[1]
		}
		return []reflect.Value{reflect.ValueOf(convert(out[0].Interface())), errV}
	}).Interface()
}
