#!/usr/bin/env bash
# Every test of musubi, in order of speed: Rust unit and property tests, size budgets, then API
# and browser tests against a real `wrangler dev` on a free port with throw-away KV state.
# Expects `make build` to have run (the Makefile's `test` target does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export WRANGLER_SEND_METRICS=false

# The demo region is seeded once per run into a template state folder, which each test file that
# wants it copies (tests/support/server.mjs, startSeededServer); removed when the run ends.
template_root=$(mktemp -d)
export MUSUBI_SEEDED_TEMPLATE_DIR="$template_root/seeded"
trap 'rm -rf "$template_root" "$template_root.lock"' EXIT

started=$SECONDS
phase_started=$SECONDS
phase() { # prints how long the phase before took, then the next phase's title
  [[ -z "${phase_name:-}" ]] || echo "    ($phase_name: $((SECONDS - phase_started)) s)"
  phase_name=$1
  phase_started=$SECONDS
  echo "==> $1"
}

# A phase that runs far past its usual time (API ~3 min, browser ~5 min on 2 cores) has a process
# that will not end (a test file whose server outlived it): stop it with a message, not at CI's limit.
bounded() { # bounded MINUTES NAME COMMAND...
  local minutes=$1 name=$2
  shift 2
  local rc=0
  timeout -k 30 "${minutes}m" "$@" || rc=$?
  if [[ $rc == 124 || $rc == 137 ]]; then
    echo "!!! $name did not finish within $minutes minutes; the last test file reported above is the suspect" >&2
  fi
  return $rc
}

phase "Rust tests (domain, worker, app)"
# The library and integration tests, not the app's 13 entry binaries: they only mount, have no
# tests, and built as test harnesses they cost ~1.4 GB of disk and 13 links.
cargo test --workspace --lib --test '*' --quiet
cargo test --workspace --doc --quiet
# The app builds the domain without Unicode's tables (text/fold.rs): its rules must hold there too.
cargo test -p domain --no-default-features --quiet

phase "Build scripts (node) and size budgets"
node --test tests/scripts/
node tests/size-budget.mjs

phase "API tests (wrangler dev, workerd + on-disk KV)"
# Each file has its own server and state folder, so files run two at a time (two cores).
bounded 25 "API tests" node --test --test-concurrency=2 --test-timeout=600000 tests/api/

phase "Browser tests (headless Chromium)"
bounded 30 "Browser tests" node --test --test-concurrency=1 --test-timeout=600000 tests/browser/

echo "    ($phase_name: $((SECONDS - phase_started)) s)"
echo "==> all tests passed in $((SECONDS - started)) s"
