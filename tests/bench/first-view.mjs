// First-view benchmark (not a test): loads the resident's first view (/start) over an emulated
// weak mobile link — 400 kbit/s both ways, 400 ms round trips (Chrome DevTools Protocol network
// emulation) — and prints the time until the first step can be used and the bytes transferred,
// cold (empty cache) and warm (the service worker serves the app shell). `make bench-first-view`.
import { seedDemo, startServer } from "../support/server.mjs";
import { launch, PHONE } from "../support/browser.mjs";

const KBIT = 400;
const RTT_MS = 400;
const PATH = process.env.FIRST_VIEW_PATH || "/start";
const READY = 'form[data-step="place"] input[name="lives_in"]';

async function emulate(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: (KBIT * 1000) / 8,
    uploadThroughput: (KBIT * 1000) / 8,
  });
  const bytes = new Map();
  cdp.on("Network.responseReceived", (e) => bytes.set(e.requestId, { url: e.response.url, fromSw: e.response.fromServiceWorker, bytes: 0 }));
  cdp.on("Network.loadingFinished", (e) => {
    const r = bytes.get(e.requestId);
    if (r) r.bytes = r.fromSw ? 0 : e.encodedDataLength;
  });
  return { cdp, bytes };
}

async function load(page, url) {
  const { bytes } = await emulate(page);
  const start = Date.now();
  await page.goto(url, { waitUntil: "commit" });
  await page.waitForSelector(READY, { timeout: 120_000 });
  const ms = Date.now() - start;
  const list = [...bytes.values()];
  return { ms, total: list.reduce((s, r) => s + r.bytes, 0), list };
}

function print(label, r) {
  console.log(`${label}: time to interactive ${r.ms} ms, ${(r.total / 1024).toFixed(1)} KB over the network`);
  for (const x of r.list.filter((x) => x.bytes > 0)) console.log(`  ${(x.bytes / 1024).toFixed(1).padStart(7)} KB  ${new URL(x.url).pathname}`);
}

const server = await startServer();
const browser = await launch();
try {
  await seedDemo(server.base);
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const cold = await load(page, `${server.base}${PATH}`);
  // Let the service worker install and take control before the repeat visit.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r));
  });
  const second = await context.newPage();
  await page.close();
  const warm = await load(second, `${server.base}${PATH}`);
  console.log(`first view ${PATH} at ${KBIT} kbit/s, ${RTT_MS} ms RTT, ${PHONE.width}×${PHONE.height}`);
  print("cold", cold);
  print("warm (service worker)", warm);
} finally {
  await browser.close();
  await server.dispose();
}
