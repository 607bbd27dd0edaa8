// Ending work lawfully (issue 19, Freelance Act Art. 16) in Chromium, and the fair-work pages on
// paper: the company (1280×800) cannot end six months of work from its engagement list without
// notice, gives notice on the fair-work page, the resident (360×640 phone) asks for the reason,
// the company answers, and 30 days later the engagement ends. The terms statement prints on A4
// with nothing but the document. The city's dashboard shows the yen paid to residents per month.
// Before it, the resident asks for a change to care for a child (Art. 13), the hub sees the request
// wait on its attention page, and the company makes the change.
// Every step starts at `/` and logs in through the front door; Japanese and English; axe on
// every page. The development clock moves the dates (each step logs in again).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { DESKTOP, PHONE, enterFromFront, launch, printsOnA4, seriousViolations, setDevClock } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD, login } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

let server, browser, engagement;

const setClock = (date) => setDevClock(server.base, date);

async function axe(page, where) {
  assert.deepEqual(await seriousViolations(page), [], where);
}

/** A new browser context at `/`, logged in through the front door, in `lang`. */
const enter = (email, viewport, lang = "ja") =>
  enterFromFront(browser, server.base, email, DEMO_PASSWORD, { viewport, lang });

const item = () => `[data-testid="engagement"][data-engagement="${engagement}"]`;

async function companyToEngagements(page) {
  await page.click('a[href="/company/engagements"]');
  await page.waitForSelector(`${item()} [data-testid="fair-work-link"]`, { timeout: 30_000 });
}

async function companyToWork(page) {
  await companyToEngagements(page);
  await page.click(`${item()} [data-testid="fair-work-link"]`);
  await page.waitForSelector('[data-testid="fair-ending"] h2', { timeout: 30_000 });
}

async function residentToWork(page) {
  await page.click('a[href="/me/engagements"]');
  await page.waitForSelector('[data-testid="fair-work-link"]', { timeout: 30_000 });
  await page.click(`a[href="/me/work/${engagement}"]`);
  await page.waitForSelector('[data-testid="fair-ending"] h2', { timeout: 30_000 });
}

/** Every visible control of a section (the ending by default) is a large touch target; a radio
 * button counts by its label, the whole of which is the target. */
async function largeTargets(page, where, section = "fair-ending") {
  const small = await page.$$eval(`[data-testid="${section}"] button, [data-testid="${section}"] select, [data-testid="${section}"] input, [data-testid="${section}"] textarea`, (els) =>
    els.filter((e) => e.offsetParent !== null)
      .map((e) => [e.outerHTML.slice(0, 60), (e.type === "radio" && e.labels?.[0] ? e.labels[0] : e).getBoundingClientRect().height])
      .filter(([, h]) => h < 44));
  assert.deepEqual(small, [], `${where}: controls under 44 px`);
}

before(async () => {
  server = await startSeededServer();
  browser = await launch();
  await setClock("2026-01-05");
  const [company, resident, hub] = await Promise.all([login(server.base, DEMO.company), login(server.base, DEMO.resident), login(server.base, DEMO.hub)]);
  const job = await company.post("/api/v1/jobs", jobInput({ title: "観光パンフレットの翻訳（終了の練習）", duration_weeks: 52 }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const opened = await resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(opened.status, 201);
  engagement = opened.body.id;
  const me = (await resident.get("/api/v1/me")).body.id;
  assert.equal((await company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, me)}/interest`)).status, 201);
  const terms = await company.put(`/api/v1/engagements/${engagement}/fair-terms`, {
    contracting: "direct", commissioned_on: "2026-01-05", delivery_from: "2026-01-05", delivery_to: "2026-12-31",
    inspection_days: 5, amount: { rate: { yen: 1500, per: "hour" } },
    payment_due: { schedule: { closing: "end_of_month", pay_months_after: 1, pay_day: "end_of_month" } },
    payment_method: "銀行振込（振込手数料は発注者負担）",
  });
  assert.equal(terms.status, 200, JSON.stringify(terms.body));
  for (const who of [company, resident]) {
    const ack = await who.post(`/api/v1/engagements/${engagement}/fair-terms/acknowledgements`, { version: 1, text_hash: terms.body.text_hash });
    assert.equal(ack.status, 201, JSON.stringify(ack.body));
  }
  assert.equal((await hub.post(`/api/v1/engagements/${engagement}/events`, { type: "trial_started", trial_weeks: 4 })).status, 201);
  assert.equal((await company.post(`/api/v1/engagements/${engagement}/events`, { type: "trial_passed" })).status, 201);
});

after(async () => {
  await fetch(`${server.base}/api/v1/dev/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now: null }) }).catch(() => {});
  await browser?.close();
  await server?.dispose();
});

test("the resident asks for a change to care for a child; a refusal without its reason is refused, the company makes the change (Art. 13)", async () => {
  // July: six months of work, so the company owes the consideration (a duty, not an effort).
  await setClock("2026-07-10");
  let { context, page } = await enter(DEMO.resident, PHONE);
  await residentToWork(page);
  await page.waitForSelector('[data-testid="care-form"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="care-duty"]'), /6か月以上続く仕事なので.*必要な配慮をしなければなりません/);
  await axe(page, "resident: care request form");
  await largeTargets(page, "resident: care request form", "fair-care");
  await page.check("#fw-care-situation-0");
  await page.check("#fw-care-ask-1");
  await page.fill("#fw-care-text", "保育園のお迎えがあるので、打ち合わせを15時半までに終えてほしいです。");
  await page.click('[data-testid="ask-care"]');
  await page.waitForFunction(() => /答えを待っています/.test(document.querySelector('[data-testid="care-state"]')?.textContent ?? ""), null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="care-form"]').count(), 0, "one open request at a time");
  assert.match(await page.textContent('[data-testid="care-request"]'), /子育て.*作業や打ち合わせの時間を変えてほしい.*保育園のお迎え/);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `nothing wider than the phone (${width}px)`);
  await axe(page, "resident: care asked");
  await context.close();

  // The next day the hub, which accompanies the work, sees the request wait on its attention
  // page and goes from there to the engagement's terms and pay.
  await setClock("2026-07-11");
  ({ context, page } = await enter(DEMO.hub, DESKTOP));
  await page.click('a[href="/hub/attention"]');
  const waiting = `[data-testid="waiting-row"][data-engagement="${engagement}"]`;
  await page.waitForSelector(waiting, { timeout: 30_000 });
  assert.match(await page.textContent(waiting), /2026年7月10日に.+へ育児・介護などへの配慮を求めました。1日間、回答がありません。/);
  await axe(page, "hub: requests waiting for an answer");
  await page.click(`${waiting} a`);
  await page.waitForSelector('[data-testid="care-request"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="care-state"]'), /答えを待っています/);
  await context.close();

  // The company, in English, finds the request marked on the engagement in its list; declining
  // needs the reason; then it makes the change.
  ({ context, page } = await enter(DEMO.company, DESKTOP, "en"));
  await companyToEngagements(page);
  assert.match(await page.textContent(`${item()} [data-testid="awaiting-answer"]`), /A request for consideration of childcare or caregiving has come: please answer it\./);
  await axe(page, "company: engagements with a request to answer (en)");
  await page.click(`${item()} [data-testid="fair-work-link"]`);
  await page.waitForSelector('[data-testid="fair-ending"] h2', { timeout: 30_000 });
  await page.waitForSelector('[data-testid="care-answer"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="care-duty"]'), /runs 6 months or more, so when asked, the client must/);
  await axe(page, "company: care request to answer (en)");
  await page.click('[data-testid="care-decline"]');
  const refused = page.locator('[data-testid="care-answer"] [data-testid="form-error"]');
  await refused.waitFor({ timeout: 30_000 });
  assert.match(await refused.textContent(), /please write the reason/);
  await page.fill('[data-testid="care-answer"] textarea', "Our weekly meeting now ends at 15:00.");
  await page.click('[data-testid="care-accommodate"]');
  await page.waitForFunction(() => /Changed: Our weekly meeting now ends at 15:00\./.test(document.querySelector('[data-testid="care-state"]')?.textContent ?? ""), null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="care-answer"]').count(), 0, "answered once");
  await axe(page, "company: care answered (en)");
  await context.close();

  // The resident reads the answer and may ask again.
  ({ context, page } = await enter(DEMO.resident, PHONE));
  await residentToWork(page);
  await page.waitForSelector('[data-testid="care-form"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="care-state"]'), /配慮されました：Our weekly meeting now ends at 15:00\./);
  await context.close();
});

test("after 6 months the company ends work only with 30 days' notice; the resident asks why and is answered", async () => {
  // September: eight months of work. Completing from the list is refused, in plain words.
  await setClock("2026-09-08");
  let { context, page } = await enter(DEMO.company, DESKTOP);
  await companyToEngagements(page);
  await page.click(`${item()} [data-action="complete"]`);
  await page.click('[data-testid="confirm-yes"]');
  const refusal = page.locator(`${item()} [data-testid="form-error"]`);
  await refusal.waitFor({ timeout: 30_000 });
  assert.match(await refusal.textContent(), /30日前までに伝える必要があります.*終了の予告/);
  await axe(page, "company: end refused");
  // The fair-work page, reached from the same card: notice today of the last day.
  await page.click(`${item()} [data-testid="fair-work-link"]`);
  await page.waitForSelector('[data-testid="notice-form"]', { timeout: 30_000 });
  await axe(page, "company: notice form");
  await largeTargets(page, "company: notice form");
  await page.fill("#fw-ends-on", "2026-09-30");
  await page.click('[data-testid="give-notice"]');
  const short = page.locator('[data-testid="notice-form"] [data-testid="form-error"]');
  await short.waitFor({ timeout: 30_000 });
  assert.match(await short.textContent(), /2026年10月8日以降/);
  await page.fill("#fw-ends-on", "2026-10-08");
  await page.click('[data-testid="give-notice"]');
  await page.waitForSelector('[data-testid="ending-record"]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="ending-notice-on"]'), "2026年9月8日");
  assert.equal(await page.textContent('[data-testid="ending-ends-on"]'), "2026年10月8日");
  await axe(page, "company: notice given");
  await context.close();

  // The resident sees the notice on the phone and asks for the reason.
  ({ context, page } = await enter(DEMO.resident, PHONE));
  await residentToWork(page);
  await page.waitForSelector('[data-testid="ending-record"]');
  assert.match(await page.textContent('[data-testid="ending-record"]'), /契約を更新しない/);
  await axe(page, "resident: notice received");
  await largeTargets(page, "resident: ask for the reason");
  await page.click('[data-testid="ask-reason"]');
  await page.waitForFunction(() => /答えを待っています/.test(document.querySelector('[data-testid="reason-status"]')?.textContent ?? ""), null, { timeout: 30_000 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `nothing wider than the phone (${width}px)`);
  await axe(page, "resident: reason asked");
  await context.close();

  // The company answers, in English.
  await setClock("2026-09-10");
  ({ context, page } = await enter(DEMO.company, DESKTOP, "en"));
  await companyToWork(page);
  await page.waitForSelector('[data-testid="reason-form"]', { timeout: 30_000 });
  await axe(page, "company: reason asked (en)");
  await page.fill("#fw-reason", "The project's budget ends in October.");
  await page.click('[data-testid="answer-reason"]');
  await page.waitForFunction(() => /budget ends in October/.test(document.querySelector('[data-testid="reason-status"]')?.textContent ?? ""), null, { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="ending-record"]'), /Not renewing the contract/);
  await axe(page, "company: reason answered (en)");
  await context.close();

  // The resident reads the answer in English.
  ({ context, page } = await enter(DEMO.resident, PHONE, "en"));
  await residentToWork(page);
  await page.waitForSelector('[data-testid="reason-status"]');
  assert.match(await page.textContent('[data-testid="reason-status"]'), /The reason \(answered on 10 September 2026\): The project's budget ends in October\./);
  await axe(page, "resident: reason read (en)");
  await context.close();

  // On the last day the engagement ends from the list.
  await setClock("2026-10-08");
  ({ context, page } = await enter(DEMO.company, DESKTOP));
  await companyToEngagements(page);
  await page.click(`${item()} [data-action="complete"]`);
  await page.click('[data-testid="confirm-yes"]');
  await page.waitForSelector(`${item()} [data-testid="rating"]`, { timeout: 30_000 });
  await axe(page, "company: ended after notice");
  await context.close();
});

test("the terms statement prints on A4 with nothing but the document", async () => {
  const { context, page } = await enter(DEMO.resident, PHONE);
  await residentToWork(page);
  await page.waitForSelector('[data-testid="fair-terms-text"]');
  const printed = await printsOnA4(page, {
    shown: ['[data-testid="fair-terms-text"]'],
    hidden: [".site-header", '[data-testid="fair-work"] button', '[data-testid="fair-ending"]'],
  });
  assert.match(printed.text, /取引条件/);
  console.log(`terms statement PDF: ${printed.bytes} bytes, A4`);
  await context.close();
});

// The paid table sits far below the dashboard's first screen: on a phone its chunk and its read
// wait until the person scrolls near it, and the print button loads it before the dialog opens.
test("the city's paid table loads when scrolled near or printed, not with the first view", async () => {
  const { context, page } = await enter(DEMO.municipality, PHONE);
  const asked = [];
  page.on("request", (r) => { if (/paid-to-residents|paid_chunk/.test(r.url())) asked.push(new URL(r.url()).pathname); });
  if (!page.url().endsWith("/city")) await page.click('a[href="/city"]');
  await page.waitForSelector('[data-testid="report-heading"]', { timeout: 30_000 });
  await page.waitForTimeout(1500);
  assert.deepEqual(asked, [], "nothing of the paid table before the person scrolls to it");
  assert.equal(await page.locator('[data-testid="paid-to-residents"]').count(), 0);
  await page.locator('[data-testid="below-fold"]').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="paid-table"], [data-testid="paid-none"]', { timeout: 30_000 });
  assert.ok(asked.some((p) => p.includes("paid-to-residents")) && asked.some((p) => p.includes("paid_chunk")), asked.join(", "));
  await context.close();
  // Printing from the top of the page: the table is on the page when the dialog opens.
  const printer = await enter(DEMO.municipality, PHONE);
  await printer.page.addInitScript(() => {
    window.print = () => { window.printedWithPaid = !!document.querySelector('[data-testid="paid-table"], [data-testid="paid-none"]'); };
  });
  await printer.page.goto(`${server.base}/city`);
  await printer.page.waitForSelector('[data-testid="report-heading"]', { timeout: 30_000 });
  assert.equal(await printer.page.locator('[data-testid="paid-to-residents"]').count(), 0);
  await printer.page.click('[data-testid="print-report"]');
  await printer.page.waitForFunction(() => window.printedWithPaid !== undefined, null, { timeout: 30_000 });
  assert.equal(await printer.page.evaluate(() => window.printedWithPaid), true, "the dialog opened with the paid table on the page");
  await printer.context.close();
});

test("the city's dashboard shows the yen paid to residents per month, fewer than 5 people as X", async () => {
  for (const lang of ["ja", "en"]) {
    const { context, page } = await enter(DEMO.municipality, DESKTOP, lang);
    if (!page.url().endsWith("/city")) await page.click('a[href="/city"]');
    // Far below the first screen: it loads as the person scrolls down to it.
    await page.waitForSelector('[data-testid="report-heading"]', { timeout: 30_000 });
    await page.locator('[data-testid="below-fold"]').scrollIntoViewIfNeeded();
    await page.waitForSelector('[data-testid="paid-to-residents"] h3', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="paid-table"], [data-testid="paid-none"]', { timeout: 30_000 });
    const heading = await page.textContent('[data-testid="paid-to-residents"] h3');
    assert.match(heading, lang === "ja" ? /住民に支払われた報酬/ : /Pay received by residents/);
    const cells = await page.$$eval('[data-testid="paid-yen"]', (els) => els.map((e) => e.textContent));
    assert.ok(cells.every((c) => c === "X" || /^¥[\d,]+$/.test(c)), JSON.stringify(cells));
    await axe(page, `city: paid to residents (${lang})`);
    await context.close();
  }
});
