// Package contrib measures what the observability contribs add to a
// request: the bench/apps egg app on egg's default stack
// (modules.Default()), alone and with contrib/prometheus and/or
// contrib/otel. It is a Go module of its own because bench/ is in the
// root module, which cannot import the contribs:
//
//	cd bench/contrib && go test -run '^$' -bench Observability -benchmem
//
// The numbers and how they were taken are in README.md.
package contrib
