// Assembles dist/ from the wasm-bindgen output, public/ and style/: content-hashed file names,
// index.html and sw.js stamped with them. Usage: node scripts/build-app.mjs <bindgen-out-dir>
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const [bindgenDir] = process.argv.slice(2);
const dist = "dist";
const hash = (buf) => createHash("sha256").update(buf).digest("hex").slice(0, 10);

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, "pkg"), { recursive: true });
cpSync("public", dist, { recursive: true });

const js = readFileSync(join(bindgenDir, "musubi.js"));
const wasm = readFileSync(join(bindgenDir, "musubi_bg.wasm"));
const css = Buffer.concat(readdirSync("style").filter((f) => f.endsWith(".css")).sort().map((f) => readFileSync(join("style", f))));

const appJs = `/pkg/musubi-${hash(js)}.js`;
const appWasm = `/pkg/musubi-${hash(wasm)}.wasm`;
const cssPath = `/style-${hash(css)}.css`;
writeFileSync(join(dist, appJs), js);
writeFileSync(join(dist, appWasm), wasm);
writeFileSync(join(dist, cssPath), css);

const fill = (text, vars) => Object.entries(vars).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, v), text);
const index = fill(readFileSync("public/index.html", "utf8"), { APP_JS: appJs, APP_WASM: appWasm, CSS: cssPath });
writeFileSync(join(dist, "index.html"), index);

const precache = ["/index.html", appJs, appWasm, cssPath, "/manifest.webmanifest", "/icons/icon.svg"];
const version = hash(Buffer.from(precache.join("|") + index));
writeFileSync(join(dist, "sw.js"), fill(readFileSync("public/sw.js", "utf8"), { VERSION: version, PRECACHE: JSON.stringify(precache) }));
// Static hosting headers: hashed files are immutable; the shell and the service worker are not.
writeFileSync(join(dist, "_headers"), [
  "/pkg/*", "  Cache-Control: public, max-age=31536000, immutable",
  "/style-*", "  Cache-Control: public, max-age=31536000, immutable",
  "/sw.js", "  Cache-Control: no-cache",
  "/index.html", "  Cache-Control: no-cache", "",
].join("\n"));
writeFileSync(join(dist, "first-view.json"), JSON.stringify({ files: ["/index.html", cssPath, appJs, appWasm] }, null, 2));
console.log(`dist/ assembled: ${appJs} ${appWasm} ${cssPath}`);
