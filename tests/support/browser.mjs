// Headless Debian Chromium through playwright-core (never a downloaded browser), and axe-core.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { DEMO_PASSWORD as DEMO_PASSWORD_FOR_WORLD } from "./client.mjs";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** axe-core's serious and critical violations on the current page (empty is the goal). */
export async function seriousViolations(page) {
  // Evaluated through the DevTools protocol, not as an inline <script>: the app's CSP allows no
  // inline script but its own loader, and the test must not weaken it.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/**
 * Prints the page's uncaught errors (a wasm panic among them) to the test's output, so a
 * failure that follows one says what broke instead of only what was not seen.
 */
export function reportingErrors(page) {
  page.on("pageerror", (error) => console.error(`page error at ${page.url()}: ${error.message}`));
  return page;
}

/**
 * The page printed the way a browser prints it: under print media each selector of `shown`
 * has a visible element and none of `hidden` has, and the PDF's pages are A4. Returns the
 * printed text of `shown` and the PDF's size in bytes.
 */
export async function printsOnA4(page, { shown, hidden }) {
  await page.emulateMedia({ media: "print" });
  try {
    const seen = await page.evaluate(([show, hide]) => {
      const visible = (sel) => [...document.querySelectorAll(sel)].some((e) => e.getClientRects().length > 0
        && e.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }));
      const text = show.map((sel) => [...document.querySelectorAll(sel)].map((e) => e.innerText).join("\n")).join("\n");
      return { missing: show.filter((sel) => !visible(sel)), extra: hide.filter(visible), text };
    }, [shown, hidden]);
    assert.deepEqual({ missing: seen.missing, extra: seen.extra }, { missing: [], extra: [] }, "printed: the documents, none of the controls");
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    assert.ok(box, "the PDF names its page size");
    const [w, h] = [Number(box[1]), Number(box[2])];
    assert.ok(Math.abs(w - 595.3) < 2 && Math.abs(h - 841.9) < 2, `A4 is 595 × 842 pt, got ${w} × ${h}`);
    return { text: seen.text, bytes: pdf.length };
  } finally {
    await page.emulateMedia({ media: "screen" });
  }
}

/** A new context's page logged in through the login form, then at `path` (`?next=`). */
export async function loggedInPage(browser, base, email, password, path, viewport = PHONE) {
  const context = await browser.newContext({ viewport });
  const page = reportingErrors(await context.newPage());
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.fill("#login", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}${path}`), page.click('[data-testid="login-form"] button[type="submit"]')]);
  return page;
}

/**
 * A new context at `/`, logged in through what the front page shows (its 「ログイン」, then the
 * form) in `lang`; `atLanding(page)` runs on the landing page first (e.g. axe);
 * `serviceWorkers: "block"` for a test that routes or counts the app's own files.
 */
export async function enterFromFront(browser, base, email, password, { viewport = PHONE, lang = "ja", atLanding, serviceWorkers = "allow" } = {}) {
  const context = await browser.newContext({ viewport, serviceWorkers });
  const page = reportingErrors(await context.newPage());
  await page.goto(base);
  await page.waitForSelector('[data-testid="front-login"]', { timeout: 30_000 });
  if (lang === "en") await page.click('[data-testid="lang-switch"]');
  if (atLanding) await atLanding(page);
  await page.click('[data-testid="front-login"]');
  await page.waitForSelector("#login");
  await page.fill("#login", email);
  await page.fill("#password", password);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="logout"]', { timeout: 30_000 });
  return { context, page };
}

export { setDevClock } from "./client.mjs";

/** Writes docs/screenshots/{name}.png when SCREENSHOTS=1 (rendering is not byte-stable, so a
 * plain test run must not leave modified images behind). */
export async function screenshot(page, name, options = {}) {
  if (!process.env.SCREENSHOTS) return;
  const dir = new URL("../../docs/screenshots/", import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png`, ...options });
}

/**
 * What every browser test file sets up: a seeded server of its own, one Chromium, both closed
 * after the file, and `loggedIn(email, path, viewport)` through the login form with the demo
 * password. Call at the top level of a test file; the fields are filled before the first test
 * (a file's own `before` that needs them awaits `world.ready()`).
 */
export function browserWorld() {
  const world = {
    server: null,
    browser: null,
    loggedIn: (email, path, viewport = PHONE) =>
      loggedInPage(world.browser, world.server.base, email, DEMO_PASSWORD_FOR_WORLD, path, viewport),
  };
  let started = null;
  // Started by the first `before` that awaits it (a file's own hook may need the server).
  world.ready = () => {
    started ??= (async () => {
      const { startSeededServer } = await import("./server.mjs");
      [world.server, world.browser] = await Promise.all([startSeededServer(), launch()]);
      return world;
    })();
    return started;
  };
  before(() => world.ready());
  after(async () => {
    await world.browser?.close();
    await world.server?.dispose();
  });
  return world;
}

