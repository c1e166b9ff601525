# egg for Go — developer commands. `make test` is what CI runs (.ci/run).

# every module of the workspace (root, contrib/*, _examples/*), from go.work
MODULES := $(shell go list -m -f '{{.Dir}}')

.PHONY: test fmt vet race bench fuzz run

## test: gofmt check, go vet and race tests in every module of go.work
test: fmt vet race

fmt:
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	@for m in $(MODULES); do echo "== vet $$m"; (cd $$m && go vet ./...) || exit 1; done

race:
	@for m in $(MODULES); do echo "== test $$m"; (cd $$m && go test -race -count=1 ./...) || exit 1; done

## bench: the in-process benchmarks (see bench/README.md)
bench:
	go test -run '^$$' -bench . -benchmem ./bench/...

## fuzz: each fuzz target for FUZZTIME (default 30s)
FUZZTIME ?= 30s
fuzz:
	go test -run '^$$' -fuzz '^FuzzRouteParams$$' -fuzztime $(FUZZTIME) ./internal/route
	go test -run '^$$' -fuzz '^FuzzPathForRoundTrip$$' -fuzztime $(FUZZTIME) ./internal/route
	go test -run '^$$' -fuzz '^FuzzBindJSON$$' -fuzztime $(FUZZTIME) ./modules/bodyparser
	go test -run '^$$' -fuzz '^FuzzBindForm$$' -fuzztime $(FUZZTIME) ./modules/bodyparser
	go test -run '^$$' -fuzz '^FuzzBindQuery$$' -fuzztime $(FUZZTIME) ./modules/bodyparser
	go test -run '^$$' -fuzz '^FuzzBearer$$' -fuzztime $(FUZZTIME) ./contrib/jwt

## run: the hello example on 127.0.0.1:7001
run:
	go run ./_examples/hello
