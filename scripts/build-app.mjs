// Assembles dist/ from the wasm-bindgen output, public/ and style/: content-hashed file names,
// index.html and sw.js stamped with them. Usage: node scripts/build-app.mjs <bindgen-out-dir>
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { transformSync } from "esbuild";
import { ENTRIES } from "./app-entries.mjs";
import { checkLiteralClasses, classesIn, subsetCss } from "./css-subset.mjs";

const [bindgenDir] = process.argv.slice(2);
const dist = "dist";
const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 10);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "pkg"), { recursive: true });
cpSync("public", dist, { recursive: true });

// The stylesheet, minified by esbuild (about 15% of its brotli bytes, which every area's first
// view pays). Each entry links its own cut of it (below); the whole one is written too, as the
// reference the stylesheet test compares each page with.
const css = transformSync(
  Buffer.concat(readdirSync("style").filter((f) => f.endsWith(".css")).sort().map((f) => readFileSync(join("style", f)))).toString(),
  { loader: "css", minify: true, logLevel: "warning" },
).code;
checkLiteralClasses("app/src");
/** Writes a stylesheet under its content hash (entries with the same cut share one file). */
const emitCss = (body) => {
  const path = `/style-${hash(Buffer.from(body))}.css`;
  writeFileSync(join(dist, path), body);
  return path;
};
const wholeCss = emitCss(css);

/** Copies one wasm-bindgen entry point under content-hashed names; returns its public paths. */
function emitEntry({ name, split }) {
  if (split) return emitSplitEntry(name);
  const js = readFileSync(join(bindgenDir, `${name}.js`));
  const wasm = readFileSync(join(bindgenDir, `${name}_bg.wasm`));
  const paths = { js: `/pkg/${name}-${hash(js)}.js`, wasm: `/pkg/${name}-${hash(wasm)}.wasm`, loader: [], chunks: [] };
  writeFileSync(join(dist, paths.js), js);
  writeFileSync(join(dist, paths.wasm), wasm);
  return paths;
}

/**
 * An entry split by wasm-split-cli (scripts/build-app.sh), in <bindgen-out-dir>/<name>/: the main
 * module and its glue, the chunks, and the loader `__wasm_split.js`, which fetches a chunk by
 * `new URL("./<chunk>.wasm", import.meta.url)` and imports `initSync` from the glue, which in turn
 * imports the loader. The chunks get their own content hashes (written into the loader); the glue
 * and the loader import each other, so both are named by one hash of the two and the main wasm.
 */
function emitSplitEntry(name) {
  const dir = join(bindgenDir, name);
  let loader = readFileSync(join(dir, "__wasm_split.js"), "utf8");
  let js = readFileSync(join(dir, `${name}.js`), "utf8");
  const wasm = readFileSync(join(dir, `${name}_bg.wasm`));
  const chunks = [];
  for (const file of readdirSync(dir).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).sort()) {
    const body = readFileSync(join(dir, file));
    const path = `/pkg/${name}-${file.replace(/\.wasm$/, "")}-${hash(body)}.wasm`;
    const before = loader;
    loader = loader.replaceAll(`"./${file}"`, `".${path.slice(4)}"`);
    if (loader === before) throw new Error(`${name}: the loader does not name ${file}`);
    writeFileSync(join(dist, path), body);
    chunks.push(path);
  }
  const pair = hash(Buffer.from(js + "\0" + loader + "\0" + hash(wasm)));
  const paths = { js: `/pkg/${name}-${pair}.js`, wasm: `/pkg/${name}-${hash(wasm)}.wasm`, loader: [`/pkg/${name}-split-${pair}.js`], chunks };
  // Only the import specifiers: the wasm's import module keeps the name "./__wasm_split.js".
  const rename = (text, from, to) => {
    const re = new RegExp(`(from\\s*)(["'])\\./${from.replace(/[.]/g, "\\.")}\\2`, "g");
    if (!re.test(text)) throw new Error(`${name}: no import of ./${from}`);
    return text.replace(re, `$1$2./${to}$2`);
  };
  js = rename(js, "__wasm_split.js", paths.loader[0].slice(5));
  loader = rename(loader, `${name}.js`, paths.js.slice(5));
  writeFileSync(join(dist, paths.js), js);
  writeFileSync(join(dist, paths.loader[0]), loader);
  writeFileSync(join(dist, paths.wasm), wasm);
  return paths;
}
// The shared vocabulary as two hashed static files the browser and the service worker keep (the
// app's one client call, app/src/api/vocabulary.rs, reads the paths from index.html): the full
// taxonomy, and its compact form (`domain::api::VocabularyBrief`: ids and names only) for
// filters and pick lists.
const taxonomy = JSON.parse(readFileSync("domain/data/taxonomy.json", "utf8"));
const named = ({ id, name }) => ({ id, name });
const vocabulary = Object.fromEntries(Object.entries({
  names: { families: taxonomy.families.map(named), tasks: taxonomy.tasks.map(named) },
  full: taxonomy,
}).map(([form, value]) => {
  const body = Buffer.from(JSON.stringify(value));
  const path = `/pkg/vocabulary-${form}-${hash(body)}.json`;
  writeFileSync(join(dist, path), body);
  return [form, path];
}));
const emitted = Object.fromEntries(ENTRIES.map((e) => [e.name, emitEntry(e)]));
// Each entry's stylesheet: the rules whose classes its own files spell (scripts/css-subset.mjs).
const indexTemplate = readFileSync("public/index.html", "utf8");
const entryCss = Object.fromEntries(ENTRIES.map((e) => {
  const own = [emitted[e.name].js, ...emitted[e.name].loader, emitted[e.name].wasm, ...emitted[e.name].chunks];
  const text = [indexTemplate, ...own.map((p) => readFileSync(join(dist, p)).toString("latin1"))].join("\n");
  return [e.name, emitCss(subsetCss(css, classesIn(css, text)))];
}));
const cssOf = (entry) => entryCss[entry.name];
// The loader's table: [exact paths, prefixes, js, wasm, split loader, first reads, stylesheet,
// whether the first reads go for anyone] per entry, in matching order.
// index.html fetches the wasm beside the glue, not after it (one round trip less on a weak link),
// and once the service worker is ready asks it to keep the entry's files, fetched before it
// controlled the page (sw.js, "message"), so that the next visit loads nothing but data.
const vocabularyFile = (read) => vocabulary[read.slice("vocabulary:".length)]
  ?? (() => { throw new Error(`app-entries.mjs: no vocabulary file for "${read}"`); })();
const firstReads = (first = {}) => Object.fromEntries(Object.entries(first).map(([path, reads]) =>
  [path, reads.map((read) => (read.startsWith("vocabulary:") ? vocabularyFile(read) : read))]));
const routes = ENTRIES.map((e) => [e.exact ?? [], e.prefixes ?? [], emitted[e.name].js, emitted[e.name].wasm, emitted[e.name].loader, firstReads(e.first), cssOf(e), e.firstForAnyone === true]);

const fill = (text, vars) => Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, v), text);
// The loader script is minified (its comments are for the source: ~0.4 KB brotli on every first
// view), and the tab's icon is written into the page (233 bytes: a request less on every first
// view; the manifest keeps the file for an installed app).
const index = fill(indexTemplate, { ROUTES: JSON.stringify(routes), VOCABULARY_NAMES: vocabulary.names, VOCABULARY_FULL: vocabulary.full })
  .replace(/<script>([\s\S]*?)<\/script>/, (_, code) => `<script>${transformSync(code, { loader: "js", minify: true, logLevel: "warning" }).code.trim()}</script>`)
  .replace('href="/icons/icon.svg"', `href="data:image/svg+xml,${readFileSync("public/icons/icon.svg", "utf8").trim().replaceAll('"', "'").replace(/[#<>%]/g, encodeURIComponent)}"`);
if (index.includes('rel="icon" href="/icons')) throw new Error("index.html: the icon was not written into the page");
writeFileSync(join(dist, "index.html"), index);

// The service worker installs the shell, the landing page and the onboarding wizard (with its
// chunks and the vocabulary: a repeat or offline visit must reach the last step). Every other
// entry is kept when first used: the page tells the worker its own files (index.html), and the
// chunks it fetches later go through the worker. (Precaching every resident group too would
// download ~1 MB on a first visit over the weakest link.)
const shell = ["/", "/manifest.webmanifest", "/icons/icon.svg"];
const files = (n) => [entryCss[n], emitted[n].js, ...emitted[n].loader, emitted[n].wasm, ...emitted[n].chunks];
const precache = [...new Set([...shell, vocabulary.names, vocabulary.full, ...["landing", "start"].flatMap(files)])];
const version = hash(Buffer.from(precache.join("|") + index));
writeFileSync(join(dist, "sw.js"), fill(readFileSync("public/sw.js", "utf8"), { VERSION: version, PRECACHE: JSON.stringify(precache) }));
// The app's Content-Security-Policy: scripts only from here (and wasm compiled by them), plus the
// one inline loader of index.html by its hash; nothing may frame the app, no plugins, no <base>.
const inline = [...index.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
if (inline.length !== 1) throw new Error(`index.html: expected one inline script, found ${inline.length}`);
const scriptHashes = inline.map((text) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`);
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${scriptHashes.join(" ")}`.trim(),
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");
// Static hosting headers: every file gets the security headers (HSTS is ignored by browsers
// over plain HTTP, so the local server is unaffected); hashed files are immutable; the shell
// and the service worker are not. (The API's answers get theirs from the worker, http.rs.)
writeFileSync(join(dist, "_headers"), [
  "/*",
  `  Content-Security-Policy: ${csp}`,
  "  X-Content-Type-Options: nosniff",
  "  Referrer-Policy: strict-origin-when-cross-origin",
  "  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "  X-Frame-Options: DENY",
  "  Strict-Transport-Security: max-age=63072000; includeSubDomains",
  "/pkg/*", "  Cache-Control: public, max-age=31536000, immutable",
  "/style-*", "  Cache-Control: public, max-age=31536000, immutable",
  "/sw.js", "  Cache-Control: no-cache",
  "/", "  Cache-Control: no-cache",
  "/index.html", "  Cache-Control: no-cache", "",
].join("\n"));
// What each area's first view loads, for the size budget: the page, the css, the glue (with the
// loader it imports) and the main wasm; the chunks come later, when a split function is called.
const firstViews = Object.fromEntries(ENTRIES.map((e) => [e.name, ["/index.html", cssOf(e), emitted[e.name].js, ...emitted[e.name].loader, emitted[e.name].wasm]]));
const chunks = Object.fromEntries(ENTRIES.filter((e) => e.split).map((e) => [e.name, emitted[e.name].chunks]));
writeFileSync(join(dist, "first-view.json"), JSON.stringify({ entries: firstViews, chunks, wholeStylesheet: wholeCss }, null, 2));
console.log(`dist/ assembled: ${ENTRIES.map((e) => emitted[e.name].wasm).join(" ")}; stylesheets ${[...new Set(Object.values(entryCss))].join(" ")}`);
