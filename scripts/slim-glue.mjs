// Slims an entry's wasm and its JS glue, which wasm-bindgen writes for any app.
//
// 1. The stream adapters that `wasm-streams` exports to JavaScript (`IntoUnderlyingSource`,
//    `…Sink`, `…ByteSource`), which the app never calls: leptos always links `server_fn`'s
//    browser client, which links `wasm-streams`, and wasm-bindgen keeps every `#[wasm_bindgen]`
//    export, so their code and glue classes were in every first view (measured on `login`:
//    1.1 KB brotli of wasm, 0.4 KB of glue). The app has no server functions.
//
// 2. The imports' names: wasm-bindgen names each JavaScript function the wasm imports after the
//    function and a 16-hex-digit hash (`__wbg_appendChild_5b9e1c4a7f3d2e10`), written twice, in
//    the wasm's import section and as the glue's key, and the hashes do not compress: ~120
//    imports cost ~2 KB brotli per first view. Each gets a short name (`w0`, `w1`, …), the
//    same in both.
//
//   node scripts/slim-glue.mjs exports <glue.js> <bg.wasm>   after wasm-bindgen, before wasm-opt
//   node scripts/slim-glue.mjs imports <glue.js> <bg.wasm>   after wasm-opt (which dropped the
//                                                            imports only that code called)
// Each step checks its result and stops the build if the generated code's shape has changed.
import { readFileSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const STREAMS = /^(__wbg_)?intounderlying/;
/** What a slimmed glue or wasm no longer holds: the stream adapters, or a hashed import name. */
export const UNSLIMMED = /ntoUnderlying|intounderlying|__wbg_\w+_[0-9a-f]{16}/;

function leb(buf, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = buf[at++];
    value |= (byte & 127) << shift;
    shift += 7;
  } while (byte & 128);
  return [value >>> 0, at];
}

function uleb(n) {
  const out = [];
  do {
    let byte = n & 127;
    n >>>= 7;
    if (n) byte |= 128;
    out.push(byte);
  } while (n);
  return Buffer.from(out);
}

/** The module's sections as [id, body]. */
function sections(wasm) {
  const list = [];
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [len, start] = leb(wasm, at + 1);
    list.push([id, wasm.subarray(start, start + len)]);
    at = start + len;
  }
  return list;
}

const name = (buf, at) => {
  const [len, start] = leb(buf, at);
  return [buf.subarray(start, start + len).toString(), start + len];
};

/** The wasm with section `id`'s body replaced by `rewrite(body)`; the other sections as they were. */
function rewriteSection(wasm, id, rewrite) {
  const parts = [wasm.subarray(0, 8)];
  for (const [sectionId, body] of sections(wasm)) {
    const out = sectionId === id ? rewrite(body) : body;
    parts.push(Buffer.from([sectionId]), uleb(out.length), out);
  }
  return Buffer.concat(parts);
}

/** The wasm without the exports whose names `drop` matches; returns [wasm, dropped names]. */
export function dropExports(wasm, drop) {
  const dropped = [];
  const out = rewriteSection(wasm, 7, (body) => {
    let [count, at] = leb(body, 0);
    const kept = [];
    for (let i = 0; i < count; i++) {
      const start = at;
      const [exported, kindAt] = name(body, at);
      [, at] = leb(body, kindAt + 1);
      if (drop.test(exported)) dropped.push(exported);
      else kept.push(body.subarray(start, at));
    }
    return Buffer.concat([uleb(kept.length), ...kept]);
  });
  return [out, dropped];
}

/** The module's imports as { module, field, descriptor } (the descriptor's raw bytes). */
function imports(wasm) {
  const list = [];
  for (const [id, body] of sections(wasm)) {
    if (id !== 2) continue;
    let [count, at] = leb(body, 0);
    for (let i = 0; i < count; i++) {
      let module;
      let field;
      [module, at] = name(body, at);
      [field, at] = name(body, at);
      const start = at;
      const kind = body[at++];
      if (kind === 0) [, at] = leb(body, at);
      else if (kind === 1 || kind === 2) {
        if (kind === 1) at++;
        let flags;
        [flags, at] = leb(body, at);
        [, at] = leb(body, at);
        if (flags & 1) [, at] = leb(body, at);
      } else if (kind === 3) at += 2;
      else throw new Error(`slim-glue: import kind ${kind} not understood`);
      list.push({ module, field, descriptor: body.subarray(start, at) });
    }
  }
  return list;
}

/** The names of what the module imports. */
export const importedNames = (wasm) => imports(wasm).map((i) => i.field);

const encodeName = (text) => {
  const bytes = Buffer.from(text);
  return Buffer.concat([uleb(bytes.length), bytes]);
};

/** The wasm with its imports renamed by `rename` (field → new field). */
function renameImports(wasm, rename) {
  const list = imports(wasm);
  return rewriteSection(wasm, 2, () => Buffer.concat([uleb(list.length), ...list.flatMap((i) =>
    [encodeName(i.module), encodeName(rename.get(i.field) ?? i.field), i.descriptor])]));
}

/** Short names for the glue's functions: the wasm's imports and the glue's keys, renamed. */
export function shortenImportNames(glue, wasm) {
  const rename = new Map();
  for (const { field } of imports(wasm)) {
    if (!/^(__wbg_|__wbindgen_)\w+$/.test(field) || rename.has(field)) continue;
    // The name must be the glue's key, once, and nowhere else (a second mention would break).
    const mentions = glue.split(field).length - 1;
    if (mentions !== 1 || !glue.includes(`        ${field}: function(`)) {
      throw new Error(`slim-glue: ${field} is named ${mentions} times in the glue, not once as its key`);
    }
    rename.set(field, `w${rename.size.toString(36)}`);
  }
  let out = glue;
  for (const [from, to] of rename) out = out.replace(`        ${from}: function(`, `        ${to}: function(`);
  return [out, renameImports(wasm, rename), rename.size];
}

/** The glue without the stream classes, their finalizers and their enum. */
export function dropStreamClasses(glue) {
  const out = glue
    .replace(/^export class IntoUnderlying\w+ \{\n[\s\S]*?^\}\n(if \(Symbol\.dispose\) IntoUnderlying\w+\.prototype\[Symbol\.dispose\] = IntoUnderlying\w+\.prototype\.free;\n)?/gm, "")
    .replace(/^const IntoUnderlying\w+Finalization = \(typeof FinalizationRegistry === 'undefined'\)\n.*\n.*;\n/gm, "")
    .replace(/^const __wbindgen_enum_ReadableStreamType = \[[^\]]*\];\n/m, "");
  if (/ntoUnderlying|intounderlying|ReadableStreamType\b/.test(out)) {
    throw new Error("slim-glue: the glue still names the stream adapters (wasm-bindgen's output changed?)");
  }
  return out;
}

/** The glue without the import functions the optimised wasm no longer imports. */
export function dropUnusedImports(glue, imported) {
  const wanted = new Set(imported);
  let dropped = 0;
  const out = glue.replace(/^ {8}(__wbg_\w+|__wbindgen_\w+): function\([^)]*\) \{\n[\s\S]*?^ {8}\},\n/gm, (entry, fn) => {
    if (wanted.has(fn)) return entry;
    dropped++;
    return "";
  });
  for (const fn of wanted) {
    if (/^(__wbg_|__wbindgen_)/.test(fn) && !out.includes(`${fn}: function(`)) {
      throw new Error(`slim-glue: the wasm imports ${fn}, which the glue no longer defines`);
    }
  }
  return [out, dropped];
}

const [step, gluePath, wasmPath] = process.argv.slice(2);
const run = import.meta.url === pathToFileURL(process.argv[1] ?? "").href;
if (!run) {
  // imported (tests/scripts/slim-glue.test.mjs)
} else if (step === "exports") {
  const [wasm, dropped] = dropExports(readFileSync(wasmPath), STREAMS);
  writeFileSync(wasmPath, wasm);
  writeFileSync(gluePath, dropStreamClasses(readFileSync(gluePath, "utf8")));
  console.log(`slim-glue: ${dropped.length} stream exports dropped from ${wasmPath}`);
} else if (step === "imports") {
  const wasm = readFileSync(wasmPath);
  const [kept, dropped] = dropUnusedImports(readFileSync(gluePath, "utf8"), importedNames(wasm));
  const [glue, renamed, count] = shortenImportNames(kept, wasm);
  writeFileSync(gluePath, glue);
  writeFileSync(wasmPath, renamed);
  console.log(`slim-glue: ${dropped} unused glue imports dropped, ${count} imports renamed (${gluePath})`);
} else {
  console.error("usage: slim-glue.mjs exports|imports <glue.js> <bg.wasm>");
  process.exit(2);
}
