# acctl — make demo, make test.
GO ?= go

.PHONY: demo serve-demo run build test bench load fmt vet clean

demo: ## the console on a fresh demo database
	$(GO) run . --demo

serve-demo: ## the console over SSH on a fresh demo database: ssh -p 2222 localhost
	$(GO) run . serve --demo --listen :2222

run: ## the console on your own database
	$(GO) run .

build:
	$(GO) build -o bin/acctl .

test: vet
	@test -z "$$(gofmt -l .)" || (echo "gofmt needed on:"; gofmt -l .; exit 1)
	$(GO) test -race ./...

vet:
	$(GO) vet ./...

bench: ## speed targets: argon2id, history keys on 1M events, first frame
	$(GO) test -run '^$$' -bench . -benchmem ./...

load: ## acctl serve under 100 signed-in SSH consoles on 127.0.0.1: memory, goroutines, latency, idle CPU
	$(GO) run ./cmd/acctl-load -n 100

clean:
	rm -rf bin
