// Assembles dist/ from the wasm-bindgen output, public/ and style/: content-hashed file names,
// index.html and sw.js stamped with them. Usage: node scripts/build-app.mjs <bindgen-out-dir>
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ENTRIES } from "./app-entries.mjs";

const [bindgenDir] = process.argv.slice(2);
const dist = "dist";
const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 10);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "pkg"), { recursive: true });
cpSync("public", dist, { recursive: true });

const css = Buffer.concat(readdirSync("style").filter((f) => f.endsWith(".css")).sort().map((f) => readFileSync(join("style", f))));
const cssPath = `/style-${hash(css)}.css`;
writeFileSync(join(dist, cssPath), css);

/** Copies one wasm-bindgen entry point under content-hashed names; returns its public paths. */
function emitEntry(name) {
  const js = readFileSync(join(bindgenDir, `${name}.js`));
  const wasm = readFileSync(join(bindgenDir, `${name}_bg.wasm`));
  const paths = { js: `/pkg/${name}-${hash(js)}.js`, wasm: `/pkg/${name}-${hash(wasm)}.wasm` };
  writeFileSync(join(dist, paths.js), js);
  writeFileSync(join(dist, paths.wasm), wasm);
  return paths;
}
const emitted = Object.fromEntries(ENTRIES.map((e) => [e.name, emitEntry(e.name)]));
// The loader's table: [exact paths, prefixes, js, wasm] per entry, in matching order.
const routes = ENTRIES.map((e) => [e.exact ?? [], e.prefixes ?? [], emitted[e.name].js, emitted[e.name].wasm]);

const fill = (text, vars) => Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, v), text);
const index = fill(readFileSync("public/index.html", "utf8"), { CSS: cssPath, ROUTES: JSON.stringify(routes) });
writeFileSync(join(dist, "index.html"), index);

// The service worker installs the shell, the landing page, the onboarding wizard and the resident's
// area (the people on the weakest connections); the company's and the consoles' wasm are cached when first used.
const shell = ["/", cssPath, "/manifest.webmanifest", "/icons/icon.svg"];
const precache = [...shell, ...["landing", "start", "resident"].flatMap((n) => [emitted[n].js, emitted[n].wasm])];
const version = hash(Buffer.from(precache.join("|") + index));
writeFileSync(join(dist, "sw.js"), fill(readFileSync("public/sw.js", "utf8"), { VERSION: version, PRECACHE: JSON.stringify(precache) }));
// Static hosting headers: hashed files are immutable; the shell and the service worker are not.
writeFileSync(join(dist, "_headers"), [
  "/pkg/*", "  Cache-Control: public, max-age=31536000, immutable",
  "/style-*", "  Cache-Control: public, max-age=31536000, immutable",
  "/sw.js", "  Cache-Control: no-cache",
  "/", "  Cache-Control: no-cache",
  "/index.html", "  Cache-Control: no-cache", "",
].join("\n"));
// What each area's first view loads, for the size budget.
const firstViews = Object.fromEntries(ENTRIES.map((e) => [e.name, ["/index.html", cssPath, emitted[e.name].js, emitted[e.name].wasm]]));
writeFileSync(join(dist, "first-view.json"), JSON.stringify({ entries: firstViews }, null, 2));
console.log(`dist/ assembled: ${ENTRIES.map((e) => emitted[e.name].wasm).join(" ")} ${cssPath}`);
