#!/usr/bin/env bash
# Builds the Leptos app to dist/: release wasm → wasm-bindgen → wasm-opt -Oz → hashed assets.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/app-bindgen
echo "==> app: cargo build --release (wasm32)"
cargo build --release --target wasm32-unknown-unknown -p musubi-app
rm -rf "$out"
wasm-bindgen target/wasm32-unknown-unknown/release/musubi-app.wasm \
  --target web --no-typescript --out-dir "$out" --out-name musubi
echo "==> app: wasm-opt -Oz"
node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/musubi_bg.wasm" -o "$out/musubi_bg.wasm"
node scripts/build-app.mjs "$out"
