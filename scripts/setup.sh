#!/usr/bin/env bash
# Installs whatever musubi's build (and with --test, its tests) needs and is missing.
# Fast when everything is present: each step checks first.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

lock_version() { # the version of a package in Cargo.lock
  awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# The app's wasm rebuilds the standard library for size (scripts/build-app.sh): that needs its source.
if ! rustup component list --installed | grep -q '^rust-src'; then
  echo "==> rustup component add rust-src"
  rustup component add rust-src
fi

bindgen_version=$(lock_version wasm-bindgen)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $bindgen_version" ]]; then
  echo "==> cargo install wasm-bindgen-cli $bindgen_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "=$bindgen_version" --force
fi

# The onboarding wizard's wasm is split into chunks loaded on demand (scripts/build-app.sh). The
# splitter must match the runtime it splits for (wasm_split_helpers in Cargo.lock, through leptos):
# wasm_split_cli_support 0.2.4 is the release that goes with wasm_split_helpers 0.2.3.
split_version=0.2.4
# The binary has no --version: cargo's own record of what it installed says.
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$split_version:"; then
  echo "==> cargo install wasm_split_cli_support $split_version (wasm-split-cli; a few minutes, once)"
  cargo install wasm_split_cli_support --version "=$split_version" --features build-binary --locked --force
fi

worker_version=$(lock_version worker)
if [[ "$(worker-build --version 2>/dev/null || true)" != *"$worker_version"* ]]; then
  echo "==> cargo install worker-build $worker_version (a few minutes, once)"
  cargo install worker-build --version "=$worker_version" --force
fi

# Installed when the lock file's content changed (not its date: a fresh checkout or git worktree
# has a new date on an unchanged lock, and `npm ci` then wipes a node_modules shared by symlink).
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ "$(cat node_modules/.musubi-lock-hash 2>/dev/null)" != "$lock_hash" ]]; then
  echo "==> npm ci (wrangler, miniflare, esbuild, binaryen, playwright-core, axe-core, openapi-schema-validator)"
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.musubi-lock-hash
fi

# The tests also read and alter the region desks' SQLite files with the sqlite3 shell.
if [[ "${1:-}" == "--test" ]] && ! { command -v chromium && command -v sqlite3; } >/dev/null; then
  echo "==> apt-get install chromium chromium-driver sqlite3"
  export DEBIAN_FRONTEND=noninteractive
  as_root=""
  [[ $(id -u) -eq 0 ]] || as_root="sudo"
  $as_root apt-get update -qq
  $as_root apt-get install -y -qq chromium chromium-driver sqlite3 >/dev/null
fi
