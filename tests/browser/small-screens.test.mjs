// Every area's first page at 320 CSS px wide — the width of the smallest phones, and what a
// 640 px window shows at 200% zoom (WCAG 1.4.10, reflow) — in both languages: the page scrolls
// only up and down (nothing wider than the screen), its content is there, and axe finds no
// serious violation. The resident's pages are each their own entry point (issue 16), so each
// is opened as a person who bookmarked it would.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { launch, loggedInPage, seriousViolations } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD } from "../support/client.mjs";

const NARROW = { width: 320, height: 640 };
// Each area's first page, who opens it and what shows its content is on screen.
const PAGES = [
  { path: "/", who: null, ready: "main h1" },
  { path: "/start", who: null, ready: 'form[data-step="place"]' },
  { path: "/login", who: null, ready: '[data-testid="login-form"]' },
  { path: "/me", who: "resident", ready: '[data-testid="matches"][data-loaded="true"]' },
  { path: "/me/engagements", who: "resident", ready: '[data-testid="engagements"][data-loaded="true"]' },
  { path: "/me/inbox", who: "resident", ready: '[data-testid="inbox"][data-loaded="true"]' },
  { path: "/me/profile", who: "resident", ready: '[data-testid="profile-summary"] dd' },
  // The profile's parts are edited one at a time: the longest part's form, opened on screen.
  {
    path: "/me/profile", label: "/me/profile with its skills open", who: "resident",
    open: '[data-testid="edit-skills"]', ready: '[data-testid="profile-form"][data-part="skills"] details',
  },
  { path: "/me/record", who: "resident", ready: '[data-testid="record-check"], [data-testid="no-finished-work"]' },
  { path: "/company", who: "company", ready: '[data-testid="job-list"], [data-testid="approval-state"]' },
  { path: "/hub", who: "hub", ready: '[data-testid="board"]' },
  { path: "/city", who: "municipality", ready: '[data-testid="report-heading"]' },
];

let server, browser;
before(async () => {
  server = await startSeededServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

/** The elements wider than the screen (their own box reaches past its right edge), except
 * inside a box that scrolls sideways on its own (a wide board or table may, the page may not). */
const overflowing = (page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const scrollsOnItsOwn = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(a).overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 1 && !scrollsOnItsOwn(el)) {
      out.push(`${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ").join(".") : ""} (right edge ${Math.round(r.right)} px)`);
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 8) };
});

for (const p of PAGES) {
  test(`${p.label ?? p.path} at 320 px wide, in Japanese and English: nothing wider than the screen`, async () => {
    const page = p.who
      ? await loggedInPage(browser, server.base, DEMO[p.who], DEMO_PASSWORD, p.path, NARROW)
      : await (await browser.newContext({ viewport: NARROW })).newPage();
    try {
      if (!p.who) await page.goto(`${server.base}${p.path}`);
      if (p.open) await page.click(p.open, { timeout: 30_000 });
      for (const lang of ["ja", "en"]) {
        if (lang === "en") await page.click('[data-testid="lang-switch"]');
        await page.waitForSelector(p.ready, { timeout: 30_000 });
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        const o = await overflowing(page);
        assert.ok(o.scrollWidth <= o.width, `${p.path} (${lang}) scrolls sideways: ${o.scrollWidth} px of content in ${o.width} px; wider: ${o.out.join(", ")}`);
        assert.deepEqual(o.out, [], `${p.path} (${lang}): elements wider than the screen`);
        assert.deepEqual(await seriousViolations(page), [], `${p.path} (${lang}) has no serious accessibility violation`);
      }
    } finally {
      await page.context().close();
    }
  });
}
