// Fair work (issue 19) in Chromium: a company, a resident and the hub take one engagement from
// its terms to an accepted, invoiced and paid month. Every step starts at `/` and logs in
// through the front door; the company works at 1280×800, the resident on a 360×640 phone, the
// hub at 1280×800. The first half is in Japanese, the second in English. axe-core on every page.
// The development clock moves the dates (a session lives 30 days of the clock's time, so each
// step logs in again). Mutual interest, which other tests walk through, is set up by the API.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { DESKTOP, PHONE, enterFromFront, launch, printsOnA4, seriousViolations, setDevClock } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD, login } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

let server, browser, engagement, passedOn;

const setClock = (date) => setDevClock(server.base, date);

async function axe(page, where) {
  assert.deepEqual(await seriousViolations(page), [], where);
}

/** A new browser context at `/`, logged in through the front door, in `lang`. */
const enter = (email, viewport, lang = "ja") =>
  enterFromFront(browser, server.base, email, DEMO_PASSWORD, { viewport, lang, atLanding: (page) => axe(page, `landing (${lang})`) });

/** From the company's home to this engagement's terms and pay. */
async function companyToWork(page) {
  await page.click('a[href="/company/engagements"]');
  await page.waitForSelector(`[data-engagement="${engagement}"] [data-testid="fair-work-link"]`, { timeout: 30_000 });
  await axe(page, "company engagements");
  await page.click(`[data-engagement="${engagement}"] [data-testid="fair-work-link"]`);
  await page.waitForSelector('[data-testid="fair-work"] h2', { timeout: 30_000 });
}

/** From the resident's home to the engagement's terms and pay. */
async function residentToWork(page) {
  await page.click('a[href="/me/engagements"]');
  await page.waitForSelector('[data-testid="fair-work-link"]', { timeout: 30_000 });
  await axe(page, "resident engagements");
  await page.click(`a[href="/me/work/${engagement}"]`);
  await page.waitForSelector('[data-testid="fair-work"] h2', { timeout: 30_000 });
}

before(async () => {
  server = await startSeededServer();
  browser = await launch();
  await setClock("2026-07-25");
  const [company, resident] = await Promise.all([login(server.base, DEMO.company), login(server.base, DEMO.resident)]);
  const job = await company.post("/api/v1/jobs", jobInput({ title: "観光サイトの記事の入力（画面）", duration_weeks: 52 }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const opened = await resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(opened.status, 201);
  engagement = opened.body.id;
  const me = (await resident.get("/api/v1/me")).body.id;
  assert.equal((await company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, me)}/interest`)).status, 201);
  // A second engagement, which the hub takes on and passes to the resident (再委託).
  const second = await company.post("/api/v1/jobs", jobInput({ title: "商品データの入力（再委託）", duration_weeks: 12 }));
  assert.equal(second.status, 201, JSON.stringify(second.body));
  const interested = await resident.post(`/api/v1/jobs/${second.body.id}/interest`);
  assert.equal(interested.status, 201);
  passedOn = interested.body.id;
  assert.equal((await company.post(`/api/v1/jobs/${second.body.id}/talent/${cardOf(second.body.id, me)}/interest`)).status, 201);
});

after(async () => {
  await browser?.close();
  await server?.dispose();
});

test("terms to a paid, accepted, invoiced month: company, resident and hub, Japanese then English", async () => {
  // The company first answers what decides its duties under the Freelance Act: a refused answer
  // names the field, then the duties of a 特定業務委託事業者 are listed.
  let { context, page } = await enter(DEMO.company, DESKTOP);
  await page.click('.company-nav a[href="/company/fair-work"]');
  await page.waitForSelector('[data-testid="fair-profile-form"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute('[data-testid="duties"]', "data-answered"), "false");
  await axe(page, "company: Freelance Act profile");
  await page.check("#form");
  await page.fill("#employees", "0");
  await page.fill("#officers", "0");
  await page.click('[data-testid="save-fair-profile"]');
  await page.waitForFunction(() => /役員/.test(document.querySelector("#officers-error")?.textContent ?? ""), null, { timeout: 30_000 });
  await page.fill("#employees", "3");
  await page.fill("#officers", "2");
  await page.click('[data-testid="save-fair-profile"]');
  await page.waitForSelector('[data-testid="duties"][data-answered="true"][data-specified="true"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="duties-summary"]'), /特定業務委託事業者/);
  await axe(page, "company: duties");

  // The company sets the terms and confirms them. A calendar that can pay late is explained as
  // it is chosen (which receipt date, which payment date, which day number, and the limit).
  await page.click('.company-nav a[href="/company"]');
  await page.waitForSelector('a[href="/company/engagements"]', { timeout: 30_000 });
  await companyToWork(page);
  await page.waitForSelector('[data-testid="terms-form"]');
  await axe(page, "company: terms form");
  await page.fill("#fw-from", "2026-07-25");
  await page.fill("#fw-to", "2027-03-31");
  await page.fill("#fw-rate", "1500");
  await page.fill("#fw-days", "5");
  assert.equal(await page.getAttribute('[data-testid="schedule-check"]', "data-lawful"), "true");
  await page.selectOption("#fw-pay-month", "2");
  await page.selectOption("#fw-pay-day", "10");
  await page.waitForSelector('[data-testid="schedule-check"][data-lawful="false"]');
  const late = await page.textContent('[data-testid="schedule-check"]');
  assert.match(late, /遅すぎます。.*に受け取った仕事の支払いが.*日目です。法律で、支払いは受け取った日から60日以内/, late);
  await axe(page, "company: a late calendar explained");
  await page.click('[data-testid="save-terms"]');
  assert.equal(await page.locator('[data-testid="fair-terms-text"]').count(), 0, "a late calendar is not sent");
  await page.selectOption("#fw-pay-month", "1");
  await page.selectOption("#fw-pay-day", "31");
  await page.waitForSelector('[data-testid="schedule-check"][data-lawful="true"]');
  assert.match(await page.textContent('[data-testid="schedule-check"]'), /毎月末日締め、翌月末日払い：支払いは法律の期限内です/);
  await page.click('[data-testid="save-terms"]');
  await page.waitForSelector('[data-testid="fair-terms-text"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="fair-terms-text"]'), /毎月末日締め、翌月末日払い/);
  await page.click('[data-testid="acknowledge-terms"]');
  await page.waitForSelector('[data-testid="acknowledge-terms"]', { state: "detached", timeout: 30_000 });
  await axe(page, "company: terms confirmed");
  await context.close();

  // The resident reads and confirms the same text on the phone.
  ({ context, page } = await enter(DEMO.resident, PHONE));
  await residentToWork(page);
  assert.match(await page.textContent('[data-testid="fair-terms-text"]'), /観光サイトの記事の入力（画面）/);
  await axe(page, "resident: terms to confirm");
  await page.click('[data-testid="acknowledge-terms"]');
  await page.waitForSelector('[data-testid="report-form"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="fair-terms-status"]'), /双方が確認しました/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `nothing wider than the phone (${width}px)`);
  await context.close();

  // At the end of July the resident reports the month's hours.
  await setClock("2026-07-31");
  ({ context, page } = await enter(DEMO.resident, PHONE));
  await residentToWork(page);
  await page.fill("#fw-month", "2026-07");
  await page.fill("#fw-hours", "9");
  await page.click('[data-testid="send-report"]');
  await page.waitForSelector('[data-testid="report"][data-period="2026-07"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="report-state"]'), /確認待ち/);
  await axe(page, "resident: report sent");
  await context.close();

  // The company accepts it the next day.
  await setClock("2026-08-01");
  ({ context, page } = await enter(DEMO.company, DESKTOP));
  await companyToWork(page);
  await page.click('[data-testid="accept-report"]');
  await page.waitForFunction(() => /受け入れ済み/.test(document.querySelector('[data-testid="report-state"]')?.textContent ?? ""), null, { timeout: 30_000 });
  await axe(page, "company: report accepted");
  await context.close();

  // The resident makes the invoice: no registration number, so a plain 請求書.
  ({ context, page } = await enter(DEMO.resident, PHONE));
  await residentToWork(page);
  await page.click('[data-testid="create-invoice"]');
  await page.waitForSelector('[data-testid="invoice"][data-period="2026-07"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="invoice"]'), /14,850円/);
  assert.match(await page.textContent('[data-testid="invoice-state"]'), /支払日 2026年8月31日/);
  await axe(page, "resident: invoice");
  // Printed, the terms and the whole invoice (its details open on paper) fill A4; no controls.
  const printedJa = await printsOnA4(page, {
    shown: ['[data-testid="fair-terms-text"]', '[data-testid="invoice"] .print-doc'],
    hidden: [".site-header", ".area-nav", '[data-testid="fair-work"] button', '[data-testid="fair-work"] form', ".csv-links"],
  });
  assert.match(printedJa.text, /請求書/);
  assert.match(printedJa.text, /14,850円/);
  await context.close();

  // English from here. On 1 September it is unpaid: the hub sees it on its attention page.
  await setClock("2026-09-01");
  ({ context, page } = await enter(DEMO.hub, DESKTOP, "en"));
  await page.click('a[href="/hub/attention"]');
  await page.waitForSelector('[data-testid="overdue-row"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="overdue-list"]'), /has not paid ¥14,850 for 2026-07 by the payment date, 31 August 2026/);
  await axe(page, "hub: attention (en)");
  await context.close();

  // The same day the resident's inbox says so, with a way to the invoice.
  ({ context, page } = await enter(DEMO.resident, PHONE, "en"));
  await page.click('.area-nav a[href="/me/inbox"]');
  await page.waitForSelector('[data-testid="pay-overdue"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="pay-overdue"]'), /has not paid ¥14,850/);
  await axe(page, "resident: inbox with unpaid invoice (en)");
  // On the Pay tab the resident gives the bank account to be paid into (a wrong account number
  // is named at its field; nothing typed is lost).
  await page.click('.area-nav a[href="/me/earnings"]');
  await page.click('[data-testid="open-payout"]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="payout-form"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="earnings-overdue"]'), /unpaid past the payment date/);
  await page.fill("#bank-bank", "みなと信用金庫");
  await page.fill("#bank-branch", "本店");
  await page.check("#bank-account_type");
  await page.fill("#bank-number", "12-34");
  await page.fill("#bank-holder_kana", "ヤマダ ハナコ");
  await page.click('[data-testid="save-payout"]');
  await page.waitForFunction(() => /7 digits/.test(document.querySelector("#bank-number-error")?.textContent ?? ""), null, { timeout: 30_000 });
  // Focus moves on the animation frame after the errors render (components/form.rs): wait for it.
  await page.waitForFunction(() => document.activeElement?.id === "bank-number", null, { timeout: 5_000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.id), "bank-number", "focus on the field to fix");
  assert.equal(await page.inputValue("#bank-holder_kana"), "ヤマダ ハナコ", "what was typed stays");
  await page.fill("#bank-number", "1234567");
  await page.click('[data-testid="save-payout"]');
  await page.waitForSelector('[data-testid="payout-saved"]', { timeout: 30_000 });
  const payWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(payWidth <= PHONE.width, `nothing wider than the phone (${payWidth}px)`);
  await axe(page, "resident: payout saved (en)");
  await context.close();

  // The company records the payment.
  ({ context, page } = await enter(DEMO.company, DESKTOP, "en"));
  await companyToWork(page);
  assert.match(await page.textContent('[data-testid="invoice-state"]'), /Past the payment date/);
  await page.waitForSelector('[data-testid="pay-to-bank"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="pay-to-bank"]'), /みなと信用金庫 本店 Ordinary 1234567 ヤマダ ハナコ/);
  await page.fill('[data-testid="payment-form"] input[type="date"]', "2026-09-01");
  await page.click('[data-testid="record-payment"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="invoice-state"]')?.textContent === "Paid", null, { timeout: 30_000 });
  await axe(page, "company: paid (en)");
  await context.close();

  // The resident's inbox asks to confirm the payment; the link leads to the invoice.
  ({ context, page } = await enter(DEMO.resident, PHONE, "en"));
  await page.click('.area-nav a[href="/me/inbox"]');
  await page.waitForSelector('[data-testid="pay-to-confirm"]', { timeout: 30_000 });
  assert.equal(await page.$$eval('[data-testid="pay-overdue"]', (l) => l.length), 0, "paid: no longer overdue");
  assert.match(await page.textContent('[data-testid="pay-to-confirm"]'), /A payment of ¥14,850 for 2026-07 was recorded/);
  await page.click('[data-testid="pay-to-confirm"] a');
  await page.waitForSelector('[data-testid="confirm-receipt"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="fair-work"] h1'), /Terms and pay/);
  await page.click('[data-testid="confirm-receipt"]');
  await page.waitForSelector('[data-testid="confirm-receipt"]', { state: "detached", timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="invoice-state"]'), "Paid");
  await axe(page, "resident: received (en)");
  const printedEn = await printsOnA4(page, {
    shown: ['[data-testid="fair-terms-text"]', '[data-testid="invoice"] .print-doc'],
    hidden: [".site-header", ".area-nav", '[data-testid="fair-work"] button', '[data-testid="fair-work"] form', ".csv-links"],
  });
  assert.match(printedEn.text, /Invoice/);
  assert.match(printedEn.text, /¥14,850/);
  assert.doesNotMatch(printedEn.text, /請求書|取引条件/, "the English print is in English");

  // Pay: the year's earnings for the tax return, saved as CSV.
  await page.click('.area-nav a[href="/me/earnings"]');
  await page.waitForSelector('[data-testid="earnings-total"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="earnings-total"]'), /¥14,850/);
  assert.match(await page.getAttribute('[data-testid="earnings-csv"]', "href"), /^\/api\/v1\/me\/earnings\?year=2026&format=csv$/);
  const csv = await page.evaluate(async (href) => (await fetch(href)).text(), await page.getAttribute('[data-testid="earnings-csv"]', "href"));
  assert.match(csv, /14850/);
  await axe(page, "resident: earnings (en)");
  const earnings = await printsOnA4(page, {
    shown: ['[data-testid="earnings-total"]'],
    hidden: [".site-header", ".area-nav", '[data-testid="earnings-print"]', '[data-testid="payout"]'],
  });
  assert.match(earnings.text, /¥14,850/);
  await context.close();

  // And the hub's list is empty again.
  ({ context, page } = await enter(DEMO.hub, DESKTOP, "en"));
  const listed = page.waitForResponse((r) => r.url().endsWith("/api/v1/hub/fair-work/overdue"));
  await page.click('a[href="/hub/attention"]');
  assert.equal((await (await listed).json()).length, 0);
  await page.waitForSelector('[data-testid="overdue-list"]', { timeout: 30_000 });
  assert.equal(await page.$$eval('[data-testid="overdue-row"]', (rows) => rows.length), 0);
  await context.close();
});

test("再委託: the hub opens an engagement from its board, through the resident's timeline, and sets the terms of the work it passes on", async () => {
  await setClock("2026-10-01");
  const { context, page } = await enter(DEMO.hub, DESKTOP);
  // From the engagement's card to the resident's timeline, which links each engagement's terms and pay.
  const card = `[data-testid="card"][data-engagement="${passedOn}"] a[href^="/hub/residents/"]`;
  await page.waitForSelector(card, { timeout: 30_000 });
  await page.click(card);
  const link = `[data-testid="fair-work-link"][data-engagement="${passedOn}"]`;
  await page.waitForSelector(link, { timeout: 30_000 });
  await axe(page, "hub: the resident's timeline");
  await page.click(link);
  await page.waitForSelector('[data-testid="recommission-hint"]', { timeout: 30_000 });
  assert.equal(await page.$$eval('[data-testid="pay-calendar"]', (l) => l.length), 0, "a 再委託 is paid days after the original client pays");
  assert.match(await page.textContent('label[for="fw-after"]'), /29日後まで/, "day 30 counting the original date as day 1");
  await axe(page, "hub: 再委託 terms form");
  await page.fill("#fw-client", "株式会社みなと観光");
  await page.fill("#fw-client-due", "2026-11-30");
  await page.fill("#fw-from", "2026-10-01");
  await page.fill("#fw-to", "2026-12-31");
  await page.fill("#fw-rate", "1300");
  await page.fill("#fw-days", "5");
  await page.fill("#fw-after", "10");
  await page.click('[data-testid="save-terms"]');
  await page.waitForSelector('[data-testid="fair-terms-text"]', { timeout: 30_000 });
  const text = await page.textContent('[data-testid="fair-terms-text"]');
  assert.match(text, /この仕事は再委託です/);
  assert.match(text, /元の発注者：株式会社みなと観光/);
  await page.click('[data-testid="acknowledge-terms"]');
  await page.waitForSelector('[data-testid="acknowledge-terms"]', { state: "detached", timeout: 30_000 });
  await axe(page, "hub: 再委託 terms confirmed");
  await context.close();
});
