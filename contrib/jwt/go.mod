module github.com/egg-go/egg/contrib/jwt

go 1.25.0

require (
	github.com/egg-go/egg v0.0.0
	github.com/golang-jwt/jwt/v5 v5.3.1
	go.uber.org/fx v1.24.0
)

require (
	github.com/caarlos0/env/v10 v10.0.0 // indirect
	github.com/go-chi/chi/v5 v5.2.3 // indirect
	github.com/lmittmann/tint v1.1.2 // indirect
	go.uber.org/dig v1.19.0 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	go.uber.org/multierr v1.10.0 // indirect
	go.uber.org/zap v1.26.0 // indirect
	golang.org/x/sys v0.36.0 // indirect
)

replace github.com/egg-go/egg => ../..
