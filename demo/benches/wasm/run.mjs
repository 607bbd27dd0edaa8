// Runs the rank benchmark's wasm under node's WASI: `node run.mjs [file.wasm] [residents]`.
import { readFile } from 'node:fs/promises';
import { argv } from 'node:process';
import { WASI } from 'node:wasi';

const file = argv[2] ?? new URL('./target/wasm32-wasip1/release/rank-wasm.wasm', import.meta.url);
const wasi = new WASI({ version: 'preview1', args: ['rank-wasm', ...argv.slice(3)], env: {} });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
wasi.start(instance);
