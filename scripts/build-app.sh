#!/usr/bin/env bash
# Builds the Leptos app to dist/: release wasm → (wasm-split) → wasm-bindgen → wasm-opt -Oz → hashed assets.
# One wasm per area (app/src/bin/*.rs): `landing` (`/`, no router), `resident`, `company`, `hub`, `city`;
# public/index.html picks one by path, so no area pays for another's screens. An entry marked `split`
# in scripts/app-entries.mjs (`start`, `hub`) is also cut into a main module and wasm chunks loaded on
# demand (wasm-split-cli; docs/ARCHITECTURE.md, "App").
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out=target/app-bindgen
echo "==> app: cargo build --release (wasm32, std rebuilt for size)"
# Every area's first view must fit 100 KB: std is rebuilt with the release profile (opt-level z),
# panics become a plain trap without formatting machinery (measured: -9% gzip on an area), and
# panic locations are compiled out. `-Zfmt-debug=none` drops every derived `Debug` and turns each
# `{:?}` into nothing (about 3% of an area's brotli): so nothing the app shows or sends may be
# formatted with `{:?}` — pages name enums with their `as_str` (the wire name) instead.
# RUSTC_BOOTSTRAP lets the pinned stable toolchain take these unstable flags. Its own target dir
# keeps them from invalidating the worker's wasm build.
# APP_ENTRIES="company hub" builds only those entries (for iterating on one area): the others'
# bindgen output is kept from the last full build, and dist/ is assembled from all of them.
all_entries=" $(node scripts/app-entries.mjs) "
entries="${APP_ENTRIES:-$all_entries}"
split_entries=" $(node scripts/app-entries.mjs --split) "
bins() { # --bin flags of the entries that do not split
  for e in $entries; do
    [[ "$split_entries" == *" $e "* ]] || echo "--bin $e"
  done
  return 0
}
build() {
  RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=target/app \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none" \
    cargo build --release --target wasm32-unknown-unknown -p musubi-app -Zbuild-std=std,panic_abort "$@"
}
# Each split entry is built with its own feature (its split points; the other entries would
# otherwise link the split points' exports too, see app/src/split.rs).
# shellcheck disable=SC2046
[[ -z "$(bins)" ]] || build $(bins)
for entry in $split_entries; do
  [[ " $entries " == *" $entry "* ]] || continue
  build --features "split-$entry" --bin "$entry"
done
if [[ -n "${APP_ENTRIES:-}" ]]; then
  for e in $entries; do
    [[ "$all_entries" == *" $e "* ]] || { echo "APP_ENTRIES: no entry $e" >&2; exit 1; }
    rm -rf "${out:?}/$e" "$out/$e.js" "$out/${e}_bg.wasm"
  done
else
  rm -rf "$out"
fi
wasm_opt() {
  node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$1"
}
for entry in $entries; do
  wasm="target/app/wasm32-unknown-unknown/release/$entry.wasm"
  dir="$out"
  bindgen_flags=()
  if [[ "$split_entries" == *" $entry "* ]]; then
    # Split first (it reads the linker's relocations, app/build.rs): $dir gets the main module,
    # one wasm per `#[wasm_split]` module (split_*.wasm, and chunk_*.wasm for code that several
    # of them share) and the loader __wasm_split.js. wasm-bindgen then runs on the main module
    # only, keeping the exports the chunks import from it.
    dir="$out/$entry"
    echo "==> app: wasm-split $entry"
    wasm-split-cli --target web --out-name "$entry" "$wasm" "$dir"
    wasm="$dir/$entry.wasm"
    bindgen_flags=(--keep-lld-exports)
  fi
  wasm-bindgen "$wasm" "${bindgen_flags[@]}" \
    --target web --no-typescript --out-dir "$dir" --out-name "$entry"
  [[ "$dir" == "$out" ]] || rm "$wasm"
  # scripts/slim-glue.mjs: the stream adapters leptos links but the app never calls go before
  # wasm-opt (which then drops their code); after it, the glue's unused imports go and the
  # imports get short names (their hashed names cost ~2 KB brotli per first view).
  node scripts/slim-glue.mjs exports "$dir/$entry.js" "$dir/${entry}_bg.wasm"
  echo "==> app: wasm-opt -Oz $entry"
  for module in "$dir/${entry}_bg.wasm" $( [[ "$dir" == "$out" ]] || ls "$dir"/{split,chunk}_*.wasm 2>/dev/null ); do
    wasm_opt "$module"
  done
  node scripts/slim-glue.mjs imports "$dir/$entry.js" "$dir/${entry}_bg.wasm"
  # The JS glue shrinks by half when minified; every byte counts on the first view.
  for js in "$dir/$entry.js" $( [[ "$dir" == "$out" ]] || echo "$dir/__wasm_split.js" ); do
    node_modules/.bin/esbuild --minify --format=esm --log-level=warning "$js" --outfile="$js" --allow-overwrite
  done
done
node scripts/build-app.mjs "$out"
