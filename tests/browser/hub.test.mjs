// The hub's console in a real browser (headless Chromium): the pipeline board shows every
// engagement of the demo region once, a due check-in recorded moves its next date, stalled
// engagements and idle graduates are listed as the API says, a municipality account cannot
// open it, and every page has no serious or critical accessibility violation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { seedDemo, startServer } from "../support/server.mjs";
import { DESKTOP, launch, PHONE, seriousViolations, loggedInPage } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD, login } from "../support/client.mjs";

let server, browser, hubApi;
before(async () => {
  server = await startServer();
  await seedDemo(server.base);
  browser = await launch();
  hubApi = await login(server.base, DEMO.hub);
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

/** A page logged in through the login form, then at `path`. */
const loggedIn = (email, path, viewport = PHONE) => loggedInPage(browser, server.base, email, DEMO_PASSWORD, path, viewport);

const cardsOf = (board) => board.columns.flatMap((c) => c.cards);
/** The JST date of an instant, as the console shows it. */
const jstDate = (iso) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 10);

test("the pipeline board shows every engagement of the region once, filterable by company", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const page = await loggedIn(DEMO.hub, "/hub", DESKTOP);
  await page.waitForSelector('[data-testid="board"]', { timeout: 30_000 });
  const shown = await page.$$eval('[data-testid="board"] [data-testid="card"]', (els) => els.map((e) => e.dataset.engagement));
  const expected = cardsOf(board).map((c) => c.engagement);
  assert.ok(expected.length > 50, `the demo region has many engagements (${expected.length})`);
  assert.equal(shown.length, expected.length, "one card per engagement");
  assert.equal(new Set(shown).size, shown.length, "no engagement twice");
  assert.deepEqual([...shown].sort(), [...expected].sort());
  assert.equal(Number(await page.textContent('[data-testid="board-total"]')), board.total);
  mkdirSync("docs/screenshots", { recursive: true });
  await page.screenshot({ path: "docs/screenshots/hub-pipeline.png", fullPage: false });

  const company = cardsOf(board)[0].company;
  const filtered = (await hubApi.get(`/api/v1/hub/pipeline?company=${company}`)).body;
  await page.selectOption("#filter-company", company);
  const narrowed = await page.$$eval('[data-testid="board"] [data-testid="card"]', (els) => els.map((e) => e.dataset.engagement));
  assert.deepEqual(narrowed.sort(), cardsOf(filtered).map((c) => c.engagement).sort(), "the same cards as the API's filter");
  await page.context().close();
});

test("stalled engagements appear in the stalled list, exactly those the API flags", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const stalled = cardsOf(board).filter((c) => c.stalled).map((c) => c.engagement);
  assert.ok(stalled.length > 0, "the demo region has stalled engagements");
  const page = await loggedIn(DEMO.hub, "/hub");
  await page.waitForSelector('[data-testid="stalled-list"]', { timeout: 30_000 });
  const listed = await page.$$eval('[data-testid="stalled-list"] [data-testid="card"]', (els) => els.map((e) => e.dataset.engagement));
  assert.deepEqual(listed.sort(), stalled.sort());
  await page.context().close();
});

test("recording a due check-in moves its next date", async () => {
  const due = (await hubApi.get("/api/v1/hub/due")).body;
  assert.ok(due.items.length > 0, "the demo region has check-ins due");
  const page = await loggedIn(DEMO.hub, "/hub/due");
  await page.waitForSelector('[data-testid="due-item"]', { timeout: 30_000 });
  const item = page.locator('[data-testid="due-item"]').first();
  const engagement = await item.getAttribute("data-engagement");
  const wasDue = await item.locator('[data-testid="was-due"]').textContent();
  // A wrong hours value is named next to its field, and nothing is sent.
  await item.locator('[data-testid="hours"]').fill("");
  await item.locator('[data-testid="checkin-submit"]').click();
  assert.match(await item.locator('[data-testid="field-error"]').allTextContents().then((t) => t.join(" ")), /働いた時間/);
  await item.locator('[data-testid="hours"]').fill("12");
  await item.locator('[data-testid="mood"]').selectOption("4");
  await item.locator('[data-testid="note"]').fill("先方と本人の三者で確認。作業は順調。");
  await item.locator('[data-testid="checkin-submit"]').click();
  const next = await item.locator('[data-testid="next-due"]').textContent({ timeout: 30_000 });
  assert.ok(next > wasDue, `next check-in ${next} after ${wasDue}`);
  const card = cardsOf((await hubApi.get("/api/v1/hub/pipeline")).body).find((c) => c.engagement === engagement);
  assert.equal(jstDate(card.next_checkin_due), next, "the board has the same next date");
  assert.equal(card.days_since_checkin, 0);
  const stillDue = (await hubApi.get("/api/v1/hub/due")).body.items.find((c) => c.engagement === engagement);
  assert.ok(!stillDue || jstDate(stillDue.next_checkin_due) === next, "no longer due at the old date");
  await page.context().close();
});

test("idle graduates appear in the idle list, exactly those the API names", async () => {
  const attention = (await hubApi.get("/api/v1/hub/attention")).body;
  assert.ok(attention.idle.length > 0, "the demo region has idle graduates");
  const page = await loggedIn(DEMO.hub, "/hub/attention");
  await page.waitForSelector('[data-testid="idle-list"]', { timeout: 30_000 });
  const listed = await page.$$eval('[data-testid="idle-row"]', (els) => els.map((e) => e.dataset.resident));
  assert.deepEqual(listed.sort(), attention.idle.map((g) => g.resident).sort());
  const atRisk = await page.$$eval('[data-testid="at-risk-row"]', (els) => els.map((e) => e.dataset.resident));
  assert.deepEqual(atRisk.sort(), attention.at_risk.map((r) => r.resident).sort());
  await page.context().close();
});

test("a resident's handover timeline shows the check-ins and notes", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const card = cardsOf(board).find((c) => c.last_checkin);
  const page = await loggedIn(DEMO.hub, `/hub/residents/${card.resident}`);
  await page.waitForSelector('[data-testid="timeline"]', { timeout: 30_000 });
  const t = (await hubApi.get(`/api/v1/hub/residents/${card.resident}/timeline`)).body;
  assert.equal(await page.locator('[data-testid="timeline-entry"]').count(), t.entries.length);
  assert.ok(await page.locator('[data-testid="timeline-entry"][data-kind="check_in"]').count() > 0);
  await page.context().close();
});

test("role boundaries: a municipality account is sent to log in instead of seeing the hub", async () => {
  const page = await loggedIn(DEMO.municipality, "/city");
  await page.goto(`${server.base}/hub`);
  await page.waitForURL(/\/login\?next=%2Fhub/, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="board"]').count(), 0);
  await page.context().close();
});

test("every hub page has no serious or critical accessibility violations", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const card = cardsOf(board)[0];
  const pages = [
    ["/hub", '[data-testid="board"]'],
    ["/hub/due", '[data-testid="due-list"], [data-testid="due-empty"]'],
    ["/hub/attention", '[data-testid="idle-list"]'],
    [`/hub/residents/${card.resident}`, '[data-testid="timeline"]'],
    [`/hub/companies/${card.company}`, '[data-testid="timeline"]'],
  ];
  const page = await loggedIn(DEMO.hub, "/hub");
  for (const [path, ready] of pages) {
    await page.goto(`${server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await seriousViolations(page), [], path);
  }
  await page.context().close();
});
