# acctl — make demo, make test.
GO ?= go

.PHONY: demo run build test bench fmt vet clean

demo: ## the console on a fresh demo database
	$(GO) run . --demo

run: ## the console on your own database
	$(GO) run .

build: ## a static binary: no C library to load at each start (issue 9)
	CGO_ENABLED=0 $(GO) build -o bin/acctl .

test: vet
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed on:"; gofmt -l .; exit 1)
	$(GO) test -race ./...
	$(GO) test -run 'TestQueryUsers|TestKeysetWalk' ./store # thousands of queries, no concurrency: without -race

vet:
	$(GO) vet ./...

bench: ## speed targets: argon2id, history keys on 1M events, first frame and idle memory in a pty, the long list tests
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) test -run 'TestQueryUsers' ./store -exhaustive

clean:
	rm -rf bin
