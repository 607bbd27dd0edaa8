// Size budgets (sizes are deterministic, unlike times): prints the gzip and brotli size of every
// file each area's first page loads (for a split entry: what loads before its first step is
// interactive; its chunks are printed apart) and of the worker bundle; fails over budget.
// The app's budget counts brotli: Cloudflare's edge compresses static assets with brotli for every
// browser that accepts it, which is every browser that can run the app's wasm, so that is what a
// phone downloads. gzip is printed beside it. The worker's budget counts gzip, as Cloudflare's
// upload limit does. (Default compressed types include application/wasm:
// https://developers.cloudflare.com/speed/optimization/content/compression/)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const KB = 1024;
// Every area's first view should fit 100 KB; the landing page (the site's first view) does and
// is held to it. The role areas do not yet (their Leptos view code is large, see
// docs/ARCHITECTURE.md "Sizes"): their ceilings stop them from growing while they are brought
// down, and the line prints how far each is from the goal.
const FIRST_VIEW_GOAL = 100 * KB;
// Raised 2026-12-02, each to its measured figure (brotli), by what the issues asked of each area
// (issue 16 is to bring them down to the goal): the resident area by the front door's log-in and
// log-out, fits and gaps on every match card, the jobs left out by a rule, the terms page inside
// /me and the inbox's steps (issue 17, 238 → 263 KB); the skill record by its expiry, revocation
// and key-id checks (issue 15, 105 → 109 KB); company, hub and city by the consoles' journeys
// (issue 18: strengths and gaps, stable card labels, the error summary, the board's "today", the
// named dashboard; 352 → 368, 262 → 278, 208 → 219 KB). /start stays at the 100 KB goal: the
// stylesheet is minified now (-0.65 KB brotli for every area).
const AREA_CEILINGS = { landing: 100 * KB, start: 100 * KB, record: 109 * KB, resident: 263 * KB, company: 368 * KB, hub: 278 * KB, city: 219 * KB };
const WORKER_BUDGET = 1024 * KB;

const sizes = (buf) => ({
  raw: buf.length,
  gzip: gzipSync(buf, { level: 9 }).length,
  brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const kb = (n) => (n / KB).toFixed(1).padStart(8);
const rows = [];
const table = (title, files) => {
  const total = { raw: 0, gzip: 0, brotli: 0 };
  console.log(`\n${title}\n${"file".padEnd(44)}${"raw KB".padStart(8)}${"gzip KB".padStart(9)}${"br KB".padStart(8)}`);
  for (const [name, path] of files) {
    const s = sizes(readFileSync(path));
    for (const k of Object.keys(total)) total[k] += s[k];
    console.log(`${name.padEnd(44)}${kb(s.raw)} ${kb(s.gzip)}${kb(s.brotli)}`);
  }
  console.log(`${"total".padEnd(44)}${kb(total.raw)} ${kb(total.gzip)}${kb(total.brotli)}`);
  return total;
};

const { entries: firstViews, chunks = {} } = JSON.parse(readFileSync("dist/first-view.json", "utf8"));
const apps = Object.entries(firstViews).map(([name, files]) =>
  [name, table(`First view of the ${name} area (dist/)`, files.map((f) => [f, join("dist", f)]))]);
// A split entry's chunks load after its first view, when the code in them is first called (the
// onboarding wizard's later steps): printed apart, not counted in the first view.
for (const [name, files] of Object.entries(chunks)) {
  if (files.length) table(`Chunks of the ${name} area, loaded on demand (dist/)`, files.map((f) => [f, join("dist", f)]));
}
const workerDir = "worker/build";
const workerFiles = readdirSync(workerDir).filter((f) => statSync(join(workerDir, f)).isFile() && /\.(js|mjs|wasm)$/.test(f));
const worker = table("Worker bundle (worker/build/)", workerFiles.map((f) => [f, join(workerDir, f)]));

let failed = 0;
const check = (what, total, budget, encoding) => {
  const ok = total[encoding] <= budget;
  if (!ok) failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${what}: ${(total[encoding] / KB).toFixed(1)} KB ${encoding} of ${budget / KB} KB budget (brotli ${(total.brotli / KB).toFixed(1)} KB, gzip ${(total.gzip / KB).toFixed(1)} KB)`);
  rows.push(ok);
};
console.log("");
for (const [name, total] of apps) {
  const ceiling = AREA_CEILINGS[name] ?? FIRST_VIEW_GOAL;
  check(`${name} first view`, total, ceiling, "brotli");
  if (total.brotli > FIRST_VIEW_GOAL) console.log(`     ${name}: ${((total.brotli - FIRST_VIEW_GOAL) / KB).toFixed(1)} KB over the 100 KB goal`);
}
check("worker bundle", worker, WORKER_BUDGET, "gzip");
console.log(`size budgets: ${rows.filter(Boolean).length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
