# acctl — make demo, make test.
GO ?= go

.PHONY: demo serve-demo run build test bench fuzz load fmt vet clean

demo: ## the console on a fresh demo database
	$(GO) run . --demo

serve-demo: ## the console over SSH on a fresh demo database: ssh -p 2222 localhost
	$(GO) run . serve --demo --listen :2222

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

bench: ## speed targets: argon2id, history keys on 1M events, first frame and idle memory in a pty, contacts and routing at 10k contacts, requests at 100k tickets / 1M messages, the long list tests
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(GO) test -run 'TestQueryUsers' ./store -exhaustive

# Every parser of outside input has a fuzz target (issue 10); their seed
# corpora run with make test. make fuzz runs each for FUZZTIME, one after
# another: make fuzz FUZZTIME=10s for a quick pass.
# FUZZMINIMIZE bounds the time spent shrinking each new input, which by
# default (60s) can take most of a target's FUZZTIME.
FUZZTIME ?= 60s
FUZZMINIMIZE ?= 5s
FUZZPKGS ?= ./model ./pdfpages ./tui/common

fuzz: ## every fuzz target for FUZZTIME (default 60s) each
	@set -e; for pkg in $(FUZZPKGS); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$target ($(FUZZTIME))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE) $$pkg; \
		done; \
	done

load: ## acctl serve under 100 signed-in SSH consoles on 127.0.0.1: memory, goroutines, latency, idle CPU
	$(GO) run ./cmd/acctl-load -n 100

clean:
	rm -rf bin
