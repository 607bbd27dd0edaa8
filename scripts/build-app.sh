#!/usr/bin/env bash
# Builds the Leptos app to dist/: release wasm → wasm-bindgen → wasm-opt -Oz → hashed assets.
# One wasm per area (app/src/bin/*.rs): `landing` (`/`, no router), `resident`, `company`, `hub`, `city`;
# public/index.html picks one by path, so no area pays for another's screens.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/app-bindgen
echo "==> app: cargo build --release (wasm32, std rebuilt for size)"
# Every area's first view must fit 100 KB: std is rebuilt with the release profile (opt-level z),
# panics become a plain trap without formatting machinery (measured: -9% gzip on an area), and
# panic locations are compiled out. (`-Zfmt-debug=none` saves another 3% but turns every `{:?}`
# into an empty string, which pages use for data attributes.) RUSTC_BOOTSTRAP lets the pinned
# stable toolchain take these unstable flags. Its own target dir keeps them from invalidating the
# worker's wasm build.
RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/app \
  RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
  cargo build --release --target wasm32-unknown-unknown -p musubi-app --bins -Zbuild-std=std,panic_abort
rm -rf "$out"
for entry in $(node scripts/app-entries.mjs); do
  wasm-bindgen "target/app/wasm32-unknown-unknown/release/$entry.wasm" \
    --target web --no-typescript --out-dir "$out" --out-name "$entry"
  echo "==> app: wasm-opt -Oz $entry"
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$out/${entry}_bg.wasm" -o "$out/${entry}_bg.wasm"
  # The JS glue shrinks by half when minified; every byte counts on the first view.
  node_modules/.bin/esbuild --minify --format=esm --log-level=warning \
    "$out/$entry.js" --outfile="$out/$entry.js" --allow-overwrite
done
node scripts/build-app.mjs "$out"
