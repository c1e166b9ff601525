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

## fuzz: every fuzz target of the root module and the contribs, each for FUZZTIME (default 30s); FUZZ=Name picks one.
## Targets are found by name (func FuzzX in a _test.go file), so a new one is fuzzed without editing this.
FUZZTIME ?= 30s
FUZZ ?= .
fuzz:
	@grep -rl --include='*_test.go' '^func Fuzz' . | grep -v -e '^./_examples/' -e '^./bench/' | xargs -n1 dirname | sort -u | \
	while read -r dir; do \
		for f in $$(grep -h -o '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | sed 's/^func //' | grep -e '$(FUZZ)'); do \
			echo "== $$dir $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$dir || exit 1; \
		done; \
	done

## run: the hello example on 127.0.0.1:7001
run:
	go run ./_examples/hello
