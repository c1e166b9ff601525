package htmlexec

import "reflect"

// The comparison, len and index builtins with text/template's meaning.
// Every failure is errGiveUp: html/template then renders the page and
// reports the error in its own words.

// basic is the class of a value for comparisons.
type basic uint8

const (
	noBasic basic = iota
	boolBasic
	complexBasic
	intBasic
	floatBasic
	stringBasic
	uintBasic
)

func basicOf(v reflect.Value) basic {
	switch v.Kind() {
	case reflect.Bool:
		return boolBasic
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intBasic
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintBasic
	case reflect.Float32, reflect.Float64:
		return floatBasic
	case reflect.Complex64, reflect.Complex128:
		return complexBasic
	case reflect.String:
		return stringBasic
	}
	return noBasic
}

// eq reports whether a equals any of bs: basic values by kind (signed
// and unsigned integers compare by value), others with == when both
// have the same kind or one is nil.
func eq(a reflect.Value, bs []reflect.Value) (bool, error) {
	a = unwrapInterface(a)
	if len(bs) == 0 {
		return false, errGiveUp
	}
	ka := basicOf(a)
	for _, b := range bs {
		b = unwrapInterface(b)
		kb := basicOf(b)
		var same bool
		switch {
		case ka == intBasic && kb == uintBasic:
			same = a.Int() >= 0 && uint64(a.Int()) == b.Uint()
		case ka == uintBasic && kb == intBasic:
			same = b.Int() >= 0 && a.Uint() == uint64(b.Int())
		case ka != kb:
			if a.IsValid() && b.IsValid() {
				return false, errGiveUp
			}
		case ka == boolBasic:
			same = a.Bool() == b.Bool()
		case ka == complexBasic:
			same = a.Complex() == b.Complex()
		case ka == floatBasic:
			same = a.Float() == b.Float()
		case ka == intBasic:
			same = a.Int() == b.Int()
		case ka == stringBasic:
			same = a.String() == b.String()
		case ka == uintBasic:
			same = a.Uint() == b.Uint()
		default:
			var err error
			if same, err = eqOther(a, b); err != nil {
				return false, err
			}
		}
		if same {
			return true, nil
		}
	}
	return false, nil
}

// eqOther compares two values that are not basic.
func eqOther(a, b reflect.Value) (bool, error) {
	if a.Kind() != b.Kind() && a.IsValid() && b.IsValid() {
		return false, errGiveUp
	}
	if isNil(a) || isNil(b) {
		return isNil(a) == isNil(b), nil
	}
	if !b.Type().Comparable() {
		return false, errGiveUp
	}
	return a.Interface() == b.Interface(), nil
}

// isNil: no value, or a nil of a type that can be nil.
func isNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// lt reports whether a < b, for ordered basic values.
func lt(a, b reflect.Value) (bool, error) {
	a, b = unwrapInterface(a), unwrapInterface(b)
	ka, kb := basicOf(a), basicOf(b)
	if ka == noBasic || kb == noBasic {
		return false, errGiveUp
	}
	switch {
	case ka == intBasic && kb == uintBasic:
		return a.Int() < 0 || uint64(a.Int()) < b.Uint(), nil
	case ka == uintBasic && kb == intBasic:
		return b.Int() >= 0 && a.Uint() < uint64(b.Int()), nil
	case ka != kb:
		return false, errGiveUp
	}
	switch ka {
	case floatBasic:
		return a.Float() < b.Float(), nil
	case intBasic:
		return a.Int() < b.Int(), nil
	case stringBasic:
		return a.String() < b.String(), nil
	case uintBasic:
		return a.Uint() < b.Uint(), nil
	}
	return false, errGiveUp // bool, complex
}

// le is lt or eq.
func le(a, b reflect.Value) (bool, error) {
	less, err := lt(a, b)
	if less || err != nil {
		return less, err
	}
	return eq(a, []reflect.Value{b})
}

// length is len of a value through pointers and interfaces.
func length(v reflect.Value) (int, error) {
	v = indirect(v)
	switch v.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return v.Len(), nil
	}
	return 0, errGiveUp
}

// index is item[i][j]...: slices, arrays and strings by integer, maps by
// key (a missing key gives the zero value).
func index(item reflect.Value, indexes []reflect.Value) (reflect.Value, error) {
	item = unwrapInterface(item)
	if !item.IsValid() {
		return reflect.Value{}, errGiveUp
	}
	for _, ix := range indexes {
		ix = unwrapInterface(ix)
		item = indirect(item)
		if (item.Kind() == reflect.Pointer || item.Kind() == reflect.Interface) && item.IsNil() {
			return reflect.Value{}, errGiveUp
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			var x int64
			switch ix.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				x = ix.Int()
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				x = int64(ix.Uint())
			default:
				return reflect.Value{}, errGiveUp
			}
			if x < 0 || int(x) < 0 || int(x) >= item.Len() {
				return reflect.Value{}, errGiveUp
			}
			item = item.Index(int(x))
		case reflect.Map:
			k, ok := mapKey(ix, item.Type().Key())
			if !ok {
				return reflect.Value{}, errGiveUp
			}
			if x := item.MapIndex(k); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, errGiveUp
		}
	}
	return item, nil
}

// mapKey makes v a key of type typ: a nil for a type that can be nil,
// an assignable value, or an integer converted to another integer type.
func mapKey(v reflect.Value, typ reflect.Type) (reflect.Value, bool) {
	if !v.IsValid() {
		if !canBeNil(typ) {
			return reflect.Value{}, false
		}
		return reflect.Zero(typ), true
	}
	if v.Type().AssignableTo(typ) {
		return v, true
	}
	if intLike(v.Kind()) && intLike(typ.Kind()) && v.Type().ConvertibleTo(typ) {
		return v.Convert(typ), true
	}
	return reflect.Value{}, false
}

func intLike(k reflect.Kind) bool {
	return reflect.Int <= k && k <= reflect.Int64 || reflect.Uint <= k && k <= reflect.Uintptr
}
