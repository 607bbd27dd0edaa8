#!/usr/bin/env bash
# Builds the edge worker with worker-build, pointing it at the local wasm-bindgen, wasm-opt and
# esbuild so that it never downloads anything.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
root=$(pwd)
export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
export WASM_OPT_BIN="$root/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$root/node_modules/.bin/esbuild"
echo "==> worker: worker-build --release"
cd worker
worker-build --release
