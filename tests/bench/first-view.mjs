// First-view benchmark (not a test): loads the resident's first view (/start) over an emulated
// weak mobile link — 400 kbit/s, 400 ms round trips — at 360×640 and prints the time until the
// first step can be used and the bytes transferred, cold (empty cache) and warm (the service
// worker serves the app shell). `make bench-first-view`.
//
// Emulation: Chrome DevTools Protocol `Network.emulateNetworkConditions` (and Playwright's
// routing) do not see the wasm that `WebAssembly.instantiateStreaming` reads in Chromium 156
// (measured: 480 KB in 82 ms, reported as 0 bytes). So the browser goes through a small local
// proxy that delays every response by one round trip plus its gzip size at 400 kbit/s (a CDN
// compresses; wrangler dev does not), and counts bytes as gzip. Responses the service worker
// answers from its cache never reach the proxy and cost nothing, as on a phone.
import { gzipSync } from "node:zlib";
import http from "node:http";
import { chromium } from "playwright-core";
import { seedDemo, startServer } from "../support/server.mjs";
import { PHONE } from "../support/browser.mjs";

const KBIT = 400;
const RTT_MS = 400;
const PATH = process.env.FIRST_VIEW_PATH || "/start";
const READY = 'form[data-step="place"] input[name="lives_in"]';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A throttling HTTP proxy; `log` receives (path, gzip bytes) of each response. */
function throttlingProxy(log) {
  const proxy = http.createServer((req, res) => {
    const upstream = http.request(req.url, { method: req.method, headers: req.headers }, (up) => {
      const chunks = [];
      up.on("data", (c) => chunks.push(c));
      up.on("end", async () => {
        const body = Buffer.concat(chunks);
        const bytes = body.length > 0 ? gzipSync(body).length : 0;
        log.push({ path: new URL(req.url).pathname, bytes });
        await sleep(RTT_MS + (bytes * 8) / KBIT);
        res.writeHead(up.statusCode, up.headers);
        res.end(body);
      });
    });
    upstream.on("error", () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  return new Promise((resolve) => proxy.listen(0, "127.0.0.1", () => resolve(proxy)));
}

async function load(page, url, fetched) {
  fetched.length = 0;
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
  await page.waitForSelector(READY, { timeout: 120_000 });
  return { ms: Date.now() - start, fetched: [...fetched], total: fetched.reduce((s, f) => s + f.bytes, 0) };
}

function print(label, r) {
  console.log(`${label}: time to interactive ${r.ms} ms, ${(r.total / 1024).toFixed(1)} KB gzip over the network`);
  for (const f of r.fetched) console.log(`  ${(f.bytes / 1024).toFixed(1).padStart(7)} KB  ${f.path}`);
}

const server = await startServer({ env: "dev" }); // the seed routes exist only in `dev`
const fetched = [];
const proxy = await throttlingProxy(fetched);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic",
    `--proxy-server=http://127.0.0.1:${proxy.address().port}`, "--proxy-bypass-list=<-loopback>"],
});
try {
  await seedDemo(server.base);
  const context = await browser.newContext({ viewport: PHONE });
  const first = await context.newPage();
  const cold = await load(first, `${server.base}${PATH}`, fetched);
  // Let the service worker install, precache the shell and take control before the repeat visit.
  await first.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r));
    }
  });
  await first.close();
  const warm = await load(await context.newPage(), `${server.base}${PATH}`, fetched);
  console.log(`first view ${PATH} at ${KBIT} kbit/s, ${RTT_MS} ms RTT, ${PHONE.width}×${PHONE.height}`);
  print("cold", cold);
  print("warm (service worker)", warm);
} finally {
  await browser.close();
  proxy.close();
  await server.dispose();
}
