# musubi: `make run` serves everything at http://127.0.0.1:8787; `make test` runs every test.
# Both install what is missing first (scripts/setup.sh), so a fresh machine needs nothing else.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APP_INPUTS := $(shell find app domain/src domain/data public style -type f 2>/dev/null) \
	Cargo.toml Cargo.lock app/Cargo.toml domain/Cargo.toml scripts/build-app.sh scripts/build-app.mjs \
	scripts/app-entries.mjs
WORKER_INPUTS := $(shell find worker/src domain/src domain/data demo/src -type f 2>/dev/null) \
	worker/Cargo.toml worker/openapi.json Cargo.toml Cargo.lock domain/Cargo.toml demo/Cargo.toml \
	scripts/build-worker.sh

.PHONY: help run test build setup setup-test seed clean bench

help:
	@echo "make run   - install what is missing, build, seed the demo region, serve http://127.0.0.1:8787"
	@echo "make test  - install what is missing, build, run all Rust, API and browser tests and size budgets"
	@echo "make bench - the matching benchmark (index vs SQLite, native and wasm); not part of the tests"
	@echo "make bench-region - every console view: p50/p95 and storage operations (Server-Timing)"

setup:
	@scripts/setup.sh

setup-test:
	@scripts/setup.sh --test

dist/.built: $(APP_INPUTS)
	@scripts/build-app.sh
	@touch $@

worker/build/.built: $(WORKER_INPUTS)
	@scripts/build-worker.sh
	@touch $@

build: setup dist/.built worker/build/.built

run: build
	@scripts/run.sh

test: setup-test dist/.built worker/build/.built
	@scripts/test.sh

# Matching benchmark (not a test): the packed index against SQLite natively, then the index in wasm.
bench:
	cargo bench -p musubi-demo --bench rank
	rustup target list --installed | grep -qx wasm32-wasip1 || rustup target add wasm32-wasip1
	cargo build --release --target wasm32-wasip1 --manifest-path demo/benches/wasm/Cargo.toml
	node demo/benches/wasm/run.mjs

clean:
	rm -rf dist worker/build target/wasm32-unknown-unknown

# Load benchmark (not part of `make test`): 100 concurrent clients for 30 s (DURATION=seconds).
.PHONY: bench-load
bench-load: setup dist/.built worker/build/.built
	@node tests/load/run.mjs

# First-view benchmark (not part of `make test`): every page of issue 16's table (the resident's
# first pages, /login, /start, the consoles' first pages) over 400 kbit/s, 400 ms RTT, brotli,
# cold and warm (service worker); prints bytes and time to content against the goals.
.PHONY: bench-first-view
bench-first-view: setup-test dist/.built worker/build/.built
	@node tests/bench/first-view.mjs

# Region benchmark (not part of `make test`): every console view and the hot paths, p50/p95 and the
# storage operations each makes (Server-Timing), beside a one-key read, on the demo region and a
# large one (10,000 residents, 200 companies, ~3,000 engagements; SIZES=demo or SIZES=large).
.PHONY: bench-region
bench-region: setup dist/.built worker/build/.built
	@node tests/bench/region.mjs
