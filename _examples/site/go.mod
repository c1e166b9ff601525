module github.com/egg-go/egg/_examples/site

go 1.25.0

require (
	github.com/chromedp/chromedp v0.23.1
	github.com/egg-go/egg v0.0.0
	go.uber.org/fx v1.24.0
	golang.org/x/crypto v0.42.0
)

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/caarlos0/env/v10 v10.0.0 // indirect
	github.com/chromedp/cdproto v0.160.1 // indirect
	github.com/gabriel-vasile/mimetype v1.4.10 // indirect
	github.com/go-chi/chi/v5 v5.2.3 // indirect
	github.com/go-json-experiment/json v0.0.0-20260213210345-44df1a37e875 // indirect
	github.com/go-playground/form/v4 v4.2.1 // indirect
	github.com/go-playground/locales v0.14.1 // indirect
	github.com/go-playground/universal-translator v0.18.1 // indirect
	github.com/go-playground/validator/v10 v10.28.0 // indirect
	github.com/leodido/go-urn v1.4.0 // indirect
	github.com/lmittmann/tint v1.1.2 // indirect
	github.com/nicksnyder/go-i18n/v2 v2.6.1 // indirect
	github.com/robfig/cron/v3 v3.0.1 // indirect
	go.uber.org/dig v1.19.0 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	go.uber.org/multierr v1.10.0 // indirect
	go.uber.org/zap v1.26.0 // indirect
	go.yaml.in/yaml/v3 v3.0.4 // indirect
	golang.org/x/sys v0.36.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)

replace github.com/egg-go/egg => ../..
