// The walking skeleton in a real browser: the wasm app renders the Japanese landing page at
// 360×640, its figures are the ones the API returned, English is one tap away and remembered.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { launch, PHONE, seriousViolations } from "../support/browser.mjs";

let server, browser;
before(async () => {
  server = await startSeededServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

test("landing page shows the four roles and live figures from the API", async () => {
  const page = await browser.newPage({ viewport: PHONE });
  const summaryResponse = page.waitForResponse((r) => r.url().endsWith("/api/v1/public/summary") && r.status() === 200);
  await page.goto(server.base);
  const apiFigures = await (await summaryResponse).json();
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]', { timeout: 30_000 });

  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.match(await page.textContent('[data-testid="hero-title"]'), /地域の仕事/);
  assert.equal(await page.locator(".role-card").count(), 4);
  const shown = async (key) => Number(await page.textContent(`[data-testid="figure-${key}"]`));
  assert.equal(await shown("residents"), apiFigures.residents);
  assert.equal(await shown("companies"), apiFigures.companies);
  assert.equal(await shown("working"), apiFigures.working);
  assert.equal(await shown("open-jobs"), apiFigures.open_jobs);
  assert.equal(await shown("courses"), apiFigures.courses);
  assert.equal(await page.textContent('[data-testid="figures-region"]'), apiFigures.region.ja);
  assert.ok(apiFigures.residents > 0, "the seeded region has residents");
  assert.ok(apiFigures.working > 0, "the demo histories have people working now");
  await page.close();
});

test("the English switch translates the page and is remembered after a reload", async () => {
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(server.base);
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]');
  await page.click('[data-testid="lang-switch"]');
  assert.match(await page.textContent('[data-testid="hero-title"]'), /Tying local work together/);
  assert.equal(await page.getAttribute("html", "lang"), "en");
  await page.reload();
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]');
  assert.match(await page.textContent('[data-testid="hero-title"]'), /Tying local work together/);
  await page.close();
});

test("the landing page has no serious or critical accessibility violations", async () => {
  const page = await browser.newPage({ viewport: PHONE });
  await page.goto(server.base);
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]');
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, []);
  await page.close();
});

test("the app boots under its Content-Security-Policy: no violation, the wasm runs", async () => {
  const page = await browser.newPage({ viewport: PHONE });
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const res = await page.goto(server.base);
  assert.match(res.headers()["content-security-policy"] ?? "", /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]', { timeout: 30_000 });
  // Another area (its own wasm and loader) boots too.
  await page.goto(`${server.base}/login`);
  await page.waitForSelector("form", { timeout: 30_000 });
  const caught = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual([...violations, ...caught], [], "no CSP violation");
  await page.close();
});
