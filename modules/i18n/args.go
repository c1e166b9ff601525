package i18n

// badKey holds an argument of T that is not in a key/value pair, as
// log/slog does.
const badKey = "!BADKEY"

// templateData turns T's args into go-i18n's template data: nothing, one
// value used as it is (a map or a struct), or key/value pairs made into a
// map. A pair whose key is not a string, or a last key without a value,
// is kept under "!BADKEY" (log/slog's rule), so it shows up instead of
// vanishing.
func templateData(args []any) any {
	switch len(args) {
	case 0:
		return nil
	case 1:
		return args[0]
	}
	return pairs(args, 0)
}

// pairs makes key/value args into a map with room for extra more.
func pairs(args []any, extra int) map[string]any {
	m := make(map[string]any, (len(args)+1)/2+extra)
	for i := 0; i < len(args); {
		k, ok := args[i].(string)
		if !ok || i+1 == len(args) {
			m[badKey] = args[i]
			i++
			continue
		}
		m[k] = args[i+1]
		i += 2
	}
	return m
}

// pluralData is templateData for Plural, with Count and PluralCount set
// to count unless args set them. A map given by the caller is copied, not
// changed; a struct is used as it is.
func pluralData(count any, args []any) any {
	var m map[string]any
	switch {
	case len(args) == 0:
		m = make(map[string]any, 2)
	case len(args) == 1:
		given, ok := args[0].(map[string]any)
		if !ok {
			return args[0]
		}
		m = make(map[string]any, len(given)+2)
		for k, v := range given {
			m[k] = v
		}
	default:
		m = pairs(args, 2)
	}
	for _, k := range [...]string{"Count", "PluralCount"} {
		if _, set := m[k]; !set {
			m[k] = count
		}
	}
	return m
}
