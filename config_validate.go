package egg

import (
	"errors"
	"fmt"
	"strings"
)

// Validator is implemented by config structs that check their own values.
// Validate runs after every layer and the ConfigWillLoad hooks; return
// InvalidConfig(field, reason) so the error names the field, its value and
// the layer that set it.
type Validator interface {
	Validate() error
}

// ConfigFieldError reports one invalid config field. Create it with
// InvalidConfig from a config's Validate method.
type ConfigFieldError struct {
	Field  string // Go field path, e.g. "Port" or "TLS.CertFile"
	Reason string // what is wrong and what to do, e.g. "must be 1-65535"
	Module string // filled in by egg
	Value  string // filled in by egg
	Layer  string // filled in by egg: which layer set the value
}

// InvalidConfig reports that a config field has a bad value.
func InvalidConfig(field, reason string) error {
	return &ConfigFieldError{Field: field, Reason: reason}
}

// Error implements error: one line naming module, field, value, layer and fix.
func (e *ConfigFieldError) Error() string {
	var b strings.Builder
	b.WriteString("egg: ")
	if e.Module != "" {
		fmt.Fprintf(&b, "module %q ", e.Module)
	}
	fmt.Fprintf(&b, "config field %s", e.Field)
	if e.Value != "" {
		fmt.Fprintf(&b, " = %s", e.Value)
	}
	if e.Layer != "" {
		fmt.Fprintf(&b, " (set by %s)", e.Layer)
	}
	fmt.Fprintf(&b, " is invalid: %s", e.Reason)
	return b.String()
}

// validate validates every config. Normally the first invalid config
// fails the build; with inspect (the printing subcommands) each invalid
// field is kept in cs.invalid instead, so the config and routes can still
// be shown without, say, production secrets.
func (cs *Configs) validate(inspect bool) error {
	for _, d := range cs.decls {
		err := d.validate()
		if err == nil {
			continue
		}
		if !inspect {
			return err
		}
		fields := fieldErrors(err)
		if len(fields) == 0 {
			fields = []*ConfigFieldError{{Module: d.module.name, Field: d.typ.Name(), Reason: err.Error()}}
		}
		cs.invalid = append(cs.invalid, fields...)
	}
	return nil
}

// validate runs the config's Validate and fills in each field error's
// context; Validate may return several field errors with errors.Join.
func (d *configDecl) validate() error {
	v, ok := d.value.Interface().(Validator)
	if !ok {
		return nil
	}
	err := v.Validate()
	if err == nil {
		return nil
	}
	fields := fieldErrors(err)
	if len(fields) == 0 {
		return fmt.Errorf("egg: module %q config %s is invalid: %w", d.module.name, d.typ, err)
	}
	flat := d.fields()
	for _, fe := range fields {
		fe.Module = d.module.name
		fe.Layer = d.meta[fe.Field]
		for _, f := range flat {
			if f.path == fe.Field {
				fe.Value = fmt.Sprintf("%v", f.display())
			}
		}
	}
	if len(fields) == 1 {
		return fields[0]
	}
	return err
}

// fieldErrors lists the ConfigFieldErrors in err, also inside errors.Join.
func fieldErrors(err error) []*ConfigFieldError {
	var fe *ConfigFieldError
	if errors.As(err, &fe) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			var out []*ConfigFieldError
			for _, e := range j.Unwrap() {
				out = append(out, fieldErrors(e)...)
			}
			return out
		}
		return []*ConfigFieldError{fe}
	}
	return nil
}
