// Issue 18, items 6 and 13, walked in Chromium at 1280×800 and 768×1024 from the login form:
// every console page a company, a hub and a municipality reach through their menus and links
// shows words, not internal codes (task ids, account and record ids, snake_case states, units
// left off), and so does the municipality's CSV; and each area's shared header logs out.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { DESKTOP, launch, seriousViolations, loggedInPage, reportingErrors } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD } from "../support/client.mjs";

const TABLET = { width: 768, height: 1024 };
let server, browser;
before(async () => {
  server = await startSeededServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

/** What looks like an internal code in on-screen text (emails and web addresses removed first). */
const CODES = [
  [/\b[a-z]+\.[a-z_]+\b/, "a task id (accounting.bookkeeping)"],
  [/\b[a-z]+_[a-z_]+\b/, "a snake_case state (interest_shown)"],
  [/\bres-\d+/, "a resident id"],
  [/\bhub-[a-z]+-\d/, "an account id"],
  [/\bcourse-[a-z]/, "a course id"],
  [/\b[0-9a-f]{16,}\b/, "a hex record id"],
  [/#\d{4,}/, "a numbered card (#000146)"],
  [/\bmidori\b/, "the region's id"],
  [/\bonline\b/, "an English word in the Japanese page"],
  [/· \d+$/m, "a number without its unit"],
];

function codesIn(text) {
  const plain = text
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/https?:\/\/\S+/g, " ");
  return CODES.filter(([re]) => re.test(plain)).map(([re, what]) => `${what}: «${plain.match(re)[0]}»`);
}

/** Checks the page's main text, then axe. */
async function scan(page, where) {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector(".skeleton-block"), null, { timeout: 30_000 });
  const text = await page.locator("main").innerText();
  assert.deepEqual(codesIn(text), [], `${where} (${page.url()})`);
  assert.deepEqual(await seriousViolations(page), [], `axe: ${where}`);
}

/** Follows a link on screen (the first matching) and scans the page it opens. */
async function follow(page, selector, where) {
  const link = page.locator(selector).first();
  await link.waitFor({ timeout: 30_000 });
  await link.click();
  await page.waitForLoadState("networkidle");
  await scan(page, where);
}

for (const viewport of [DESKTOP, TABLET]) {
  test(`company pages show words, not codes (${viewport.width}px)`, async () => {
    const page = await loggedInPage(browser, server.base, DEMO.company, DEMO_PASSWORD, "/company", viewport);
    await scan(page, "company home");
    await follow(page, '[data-testid="job-list"] a[href$="/team"]', "team page");
    await follow(page, '.company-nav a[href="/company"]', "company home again");
    await follow(page, '[data-testid="job-list"] a[href^="/company/jobs/"]:not([href$="/team"])', "talent page");
    for (const [href, where] of [["/company/requests", "requests"], ["/company/engagements", "engagements"], ["/company/terms", "terms"], ["/company/jobs/new", "need wizard"]]) {
      await follow(page, `.company-nav a[href="${href}"]`, where);
    }
    await page.context().close();
  });

  test(`hub pages show words, not codes (${viewport.width}px)`, async () => {
    const page = await loggedInPage(browser, server.base, DEMO.hub, DEMO_PASSWORD, "/hub", viewport);
    await page.waitForSelector('[data-testid="board"] [data-testid="card"]', { timeout: 30_000 });
    await scan(page, "pipeline board");
    const options = await page.$$eval("#filter-task option, #filter-coordinator option", (os) => os.map((o) => o.textContent).join("\n"));
    assert.deepEqual(codesIn(options), [], "board filters");
    await follow(page, '[data-testid="board"] a[href^="/hub/companies/"]', "company timeline");
    await follow(page, '.console-nav a[href="/hub"]', "board again");
    await follow(page, '[data-testid="board"] a[href^="/hub/residents/"]', "resident timeline");
    for (const href of ["/hub/due", "/hub/attention", "/hub/companies", "/hub/invites", "/hub/requests"]) {
      await follow(page, `.console-nav a[href="${href}"]`, href);
    }
    await page.context().close();
  });

  test(`municipality pages and the CSV show words, not codes (${viewport.width}px)`, async () => {
    const page = await loggedInPage(browser, server.base, DEMO.municipality, DEMO_PASSWORD, "/city", viewport);
    await page.waitForSelector('[data-testid="funnel-table"]', { timeout: 30_000 });
    await scan(page, "dashboard");
    const href = await page.getAttribute('[data-testid="csv-export"]', "href");
    const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const csv = await (await fetch(`${server.base}${href}`, { headers: { cookie } })).text();
    assert.deepEqual(codesIn(csv), [], "the CSV");
    assert.match(csv, /12か月の推移/, "the trend is in the CSV");
    await follow(page, '.console-nav a[href="/city/programs"]', "programs");
    await follow(page, '[data-testid="program"] a[href^="/city/programs/"]', "a course");
    assert.ok((await page.textContent('[data-testid="course-name"]')).trim().length > 0, "the course is named");
    await page.context().close();
  });
}

test("the shared header logs out of the company, hub and city areas (item 13)", async () => {
  for (const [email, path] of [[DEMO.company, "/company"], [DEMO.hub, "/hub"], [DEMO.municipality, "/city"]]) {
    const page = await loggedInPage(browser, server.base, email, DEMO_PASSWORD, path, DESKTOP);
    const button = page.locator('[data-testid="logout"]');
    await button.waitFor({ timeout: 30_000 });
    assert.match(await button.textContent(), /ログアウト|Log out/);
    await Promise.all([page.waitForURL(`${server.base}/`), button.click()]);
    const me = await page.evaluate(async () => (await fetch("/api/v1/me")).status);
    assert.equal(me, 401, `logged out of ${path}`);
    await page.locator('[data-testid="login"]').waitFor({ timeout: 30_000 });
    await page.context().close();
  }
});

// Log-out clicked while the page's reads are still on their way: those reads come back 401 (the
// session has just ended), and the page must not answer them by sending the person to the login
// form instead of the front page. The reads are held until the way to `/` has begun, then
// answered 401, so the race is the same on every run. (The service worker is blocked so that
// every read passes the route.)
test("log-out while the page is still loading ends on the front page, not the login form", async () => {
  const unauthenticated = await (await fetch(`${server.base}/api/v1/me`)).text();
  for (const [email, path] of [[DEMO.company, "/company"], [DEMO.hub, "/hub"], [DEMO.municipality, "/city"]]) {
    const context = await browser.newContext({ viewport: DESKTOP, serviceWorkers: "block" });
    const page = reportingErrors(await context.newPage());
    const login = await context.request.post(`${server.base}/api/v1/sessions`, { data: { login: email, password: DEMO_PASSWORD } });
    assert.equal(login.status(), 201, await login.text());
    let release;
    const leaving = new Promise((resolve) => (release = resolve));
    let held = 0;
    await context.route(/\/api\/v1\//, async (route) => {
      if (route.request().method() !== "GET") return route.continue();
      held += 1;
      await leaving;
      await route.fulfill({ status: 401, contentType: "application/json", body: unauthenticated });
    });
    page.on("request", (request) => {
      if (request.isNavigationRequest() && request.url() === `${server.base}/`) release();
    });
    await page.goto(`${server.base}${path}`);
    const button = page.locator('[data-testid="logout"]');
    await button.waitFor({ timeout: 30_000 });
    await Promise.all([page.waitForURL(`${server.base}/`), button.click()]);
    assert.ok(held > 0, `${path}: some of its reads were held until the log-out`);
    await page.waitForTimeout(500);
    assert.equal(new URL(page.url()).pathname, "/", `${path}: still on the front page after the refused reads`);
    await page.locator('[data-testid="login"]').waitFor({ timeout: 30_000 });
    await context.close();
  }
});
