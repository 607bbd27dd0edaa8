#!/usr/bin/env bash
# Every test of musubi, in order of speed: Rust unit and property tests, size budgets, then API
# and browser tests against a real `wrangler dev` on a free port with throw-away KV state.
# Expects `make build` to have run (the Makefile's `test` target does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false

echo "==> Rust tests (domain, worker, app)"
cargo test --workspace --quiet
# The app builds the domain without Unicode's tables (text/fold.rs): its rules must hold there too.
cargo test -p domain --no-default-features --quiet

echo "==> Size budgets"
node tests/size-budget.mjs

echo "==> API tests (wrangler dev, workerd + on-disk KV)"
node --test --test-concurrency=1 tests/api/

echo "==> Browser tests (headless Chromium)"
node --test --test-concurrency=1 tests/browser/

echo "==> all tests passed"
