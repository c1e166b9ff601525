package otelgorm_test

import (
	"fmt"

	"github.com/egg-go/egg"
	"github.com/egg-go/egg/contrib/gorm"
	"github.com/egg-go/egg/contrib/otel"
	"github.com/egg-go/egg/contrib/otel/otelgorm"
)

// With the module, every gorm.DB(c) statement is a child span of the
// request's.
func Example() {
	_ = egg.Options(otel.Module, gorm.Module, otelgorm.Module) // pass these to egg.Run, otel first
}

// Literals written into raw SQL never reach a span.
func ExampleSanitize() {
	fmt.Println(otelgorm.Sanitize("SELECT id FROM users WHERE email = 'ann@example.com' AND age > 30"))
	// Output: SELECT id FROM users WHERE email = ? AND age > ?
}
