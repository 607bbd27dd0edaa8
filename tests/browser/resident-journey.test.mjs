// A new resident's whole journey in a real browser, using only what is on screen (no typed
// URLs after the first `/`): the front door, the wizard, the first screen of `/me`, a match
// card, interest, the company's answer (API, as the company), the confidentiality terms read
// and accepted inside the resident's area, the inbox, the skill record and data pages, log-out
// and log-in again. Japanese at 360×640, English at 320 px wide; axe on every page. Each of
// issue 17's twelve problems is asserted where the walk meets it (see the `item N` notes).
import { cardOf } from "../support/cards.mjs";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { launch, PHONE, seriousViolations } from "../support/browser.mjs";
import { DEMO, login } from "../support/client.mjs";
import { jobInput } from "../support/fixtures.mjs";

const PASSWORD = "journey-2026-pass";
const NARROW = { width: 320, height: 640 };
let server, browser, jobId, jobTitle;

before(async () => {
  server = await startSeededServer();
  browser = await launch();
  // A job this resident fits (data entry, no PC, remote, her hours) that handles customers'
  // data, so contacts open only after the confidentiality terms are accepted.
  const company = await login(server.base, DEMO.company);
  jobTitle = `申込書の入力 旅テスト ${Date.now()}`;
  const job = await company.post("/api/v1/jobs", jobInput({
    title: jobTitle, needs_pc: false, pay_yen: 1600, data_access: "customer_personal_data",
    windows: ["weekday_morning", "weekday_daytime", "weekend_morning"],
  }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  jobId = job.body.id;
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

async function axe(page, where) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);
}

const step = (page, name) => page.waitForSelector(`form[data-step="${name}"]`, { timeout: 30_000 });
const next = (page) => page.click('[data-testid="next"]');

/** Every visible link and button: at least 24×24 px; main actions (`.button`) at least 44 px high. */
async function targetsBigEnough(page, where) {
  const small = await page.$$eval("a[href], button, summary, input[type=checkbox], input[type=radio]", (els) => els
    .filter((e) => e.offsetParent !== null && !e.closest(".brand"))
    .map((e) => {
      // A box input counts with its label (the label is what one taps).
      const target = e.matches("input") ? (e.closest("label") ?? e) : e;
      const r = target.getBoundingClientRect();
      const main = e.classList.contains("button");
      return { text: (e.textContent || e.value || e.name || "").trim().slice(0, 30), w: Math.round(r.width), h: Math.round(r.height), main };
    })
    .filter((t) => t.w > 0 && (t.h < 24 || t.w < 24 || (t.main && t.h < 44))));
  assert.deepEqual(small, [], `${where}: targets under 24 px (44 px for main actions)`);
}

/** No sideways scrolling at this width. */
async function fitsWidth(page, where) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: innerWidth }));
  assert.ok(scroll <= width, `${where}: ${scroll} px wide in a ${width} px screen`);
}

/** Japanese characters in the fixed text of `selector` (English mode must have none). */
async function japaneseIn(page, selector) {
  const text = await page.$$eval(selector, (els) => els.map((e) => e.innerText).join("\n"));
  return text.match(/[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]+/g) ?? [];
}

test("a new resident, in Japanese on a 360×640 phone: from the front door to accepted terms", async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const email = `journey-${Date.now()}@example.jp`;

  // Item 1: the front door. Sign-up (with or without a code), company registration, log-in.
  await page.goto(server.base);
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]', { timeout: 30_000 });
  for (const id of ["signup", "signup-invite", "company-register", "front-login", "login"]) {
    assert.ok(await page.isVisible(`[data-testid="${id}"]`), `${id} on the landing page`);
  }
  assert.equal(await page.getAttribute('[data-testid="login"]', "href"), "/login");
  assert.equal(await page.getAttribute('[data-testid="company-register"]', "href"), "/company/register");
  assert.equal(await page.getAttribute('[data-role="resident"] a', "href"), "/start", "the residents' card leads in");
  const signupBox = await page.locator('[data-testid="signup"]').boundingBox();
  assert.ok(signupBox.y + signupBox.height <= PHONE.height, "sign-up is in the first screen");
  await axe(page, "landing");
  await targetsBigEnough(page, "landing");
  await page.click('[data-testid="signup"]');

  // The wizard. Item 10: choosing a place says "choose"; who sees the name is said.
  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  assert.ok(await page.isVisible('[data-testid="login"]'), "the header offers log-in on /start too");
  await next(page);
  await page.waitForSelector("#lives_in-error:not(:empty)");
  assert.match(await page.textContent("#lives_in-error"), /選んでください/);
  assert.doesNotMatch(await page.textContent("#lives_in-error"), /入力/);
  assert.match(await page.textContent('[data-testid="name-privacy"]'), /おたがいに「興味あり」/);
  await page.fill("#display_name", "旅 はじめ");
  await page.locator('input[name="lives_in"]').first().check();
  await axe(page, "step 1");
  await next(page);

  // Item 7: the family cards say they open; the level is chosen, in full words, with no default.
  await step(page, "skills");
  await page.waitForSelector('[data-testid="family-data"]');
  assert.match(await page.textContent('[data-testid="family-data"] summary'), /開いて選ぶ/);
  await page.click('[data-testid="family-data"] summary');
  await page.check("#task-data-entry");
  assert.equal(await page.locator('input[name="task-data-entry-level"]:checked').count(), 0, "no level chosen for the person");
  await next(page);
  await page.waitForSelector('[id="task-data-entry-level-error"]:not(:empty)');
  assert.match(await page.textContent('[id="task-data-entry-level-error"]'), /選んでください/);
  const cut = await page.$$eval('[data-testid="level"] label', (ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1).length);
  assert.equal(cut, 0, "every level's text is readable in full");
  assert.match(await page.textContent('[data-testid="level"]'), /見本|はじめて/);
  await page.check('input[name="task-data-entry-level"][value="beginner"]');
  await axe(page, "step 2");
  await targetsBigEnough(page, "step 2");
  await next(page);

  // Item 10: clock hours beside each time slot.
  await step(page, "time");
  const slots = await page.$$eval('input[name="windows"]', (xs) => xs.map((x) => x.closest("label").textContent));
  assert.ok(slots.every((s) => /\d+時〜\d+時/.test(s)), JSON.stringify(slots));
  await page.fill("#hours_per_week", "10");
  for (const s of ["weekday_morning", "weekday_daytime", "weekend_morning"]) await page.check(`input[name="windows"][value="${s}"]`);
  await axe(page, "step 3");
  await next(page);
  await step(page, "devices");
  await page.check('input[name="devices"][value="smartphone_only"]');
  await next(page);

  // Item 10: no second question about kinds of work; a wish under the minimum wage is guided.
  await step(page, "wishes");
  assert.equal(await page.locator('input[name="families"]').count(), 0);
  await page.fill('[id="wishes.min_hourly_yen"]', "500");
  await page.waitForSelector('[data-testid="pay-guidance"]');
  assert.match(await page.textContent('[data-testid="pay-guidance"]'), /最低賃金 \d+円/);
  await axe(page, "step 5 with the guidance");
  await page.fill('[id="wishes.min_hourly_yen"]', "1200");
  await page.waitForSelector('[data-testid="pay-guidance"]', { state: "detached" });
  await next(page);

  // Item 10: a summary to check before 登録する.
  await step(page, "account");
  await page.waitForSelector('[data-testid="summary"]');
  const summary = await page.textContent('[data-testid="summary"]');
  for (const part of ["旅 はじめ", "データ入力", "週10時間", "スマートフォンだけ", "1200円"]) assert.ok(summary.includes(part), `${part} in ${summary}`);
  // Item 12: the "already registered" link is a real target.
  await targetsBigEnough(page, "step 6");

  // Item 5: the invite-code path with no code says so beside the code.
  await page.locator('input[name="with_invite"]').nth(1).check();
  await page.fill("#password", PASSWORD);
  await next(page);
  await page.waitForSelector("#invite_code-error:not(:empty)");
  assert.match(await page.textContent("#invite_code-error"), /招待コード/);
  await page.locator('input[name="with_invite"]').first().check();

  // Item 4: an email with an account: the server's 409 message, once, and a way to log in.
  await page.fill("#email", DEMO.resident);
  await page.fill("#password", PASSWORD);
  await next(page);
  await page.waitForSelector('[data-testid="form-error"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="form-error"]'), /このメールアドレスはすでに登録されています。ログインしてください。/);
  assert.equal((await page.textContent("main")).split("すでに登録されています").length - 1, 1, "said once");
  assert.equal(await page.getAttribute('[data-testid="login-instead"]', "href"), "/login");
  await axe(page, "step 6 with a taken email");

  await page.fill("#email", email);
  await next(page);
  await page.waitForURL(`${server.base}/me`, { timeout: 30_000 });

  // Item 2: welcome once, the best match in the first screen, one filter control, tabs that fit.
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });
  assert.ok(await page.isVisible('[data-testid="welcome"]'));
  const first = await page.locator('[data-testid="match"] h2').first().boundingBox();
  assert.ok(first.y + first.height <= PHONE.height, `the best match's title is in the first screen (${first.y})`);
  assert.equal(await page.locator('[data-testid="filters"]').evaluate((d) => d.tagName === "DETAILS" && !d.open), true);
  assert.equal(await page.isVisible("#filter-family"), false, "filters folded");
  const tabs = await page.$$eval(".area-nav a", (as) => as.map((a) => { const r = a.getBoundingClientRect(); return { l: r.left, r: r.right }; }));
  assert.equal(tabs.length, 7);
  assert.ok(tabs.every((t) => t.l >= 0 && t.r <= PHONE.width), `every tab fits: ${JSON.stringify(tabs)}`);
  assert.ok(await page.isVisible('[data-testid="logout"]'), "log-out under /me");
  await axe(page, "/me");
  await targetsBigEnough(page, "/me");

  // Item 3: what fits and what does not, apart; hours one way; on-site cards name the town;
  // jobs a hard rule leaves out are counted with the reason and can be seen.
  const cards = await page.$$eval('[data-testid="match"]', (cs) => cs.map((c) => ({
    fits: [...c.querySelectorAll('[data-testid="fits"] li')].map((l) => l.textContent),
    gaps: [...c.querySelectorAll('[data-testid="gaps"] li')].map((l) => l.textContent),
    facts: c.querySelector('[data-testid="facts"]').textContent,
  })));
  assert.ok(cards.length > 0);
  for (const c of cards) {
    assert.ok(!c.fits.some((f) => /未経験|下回る|重なりません/.test(f)), `a gap listed as a fit: ${JSON.stringify(c)}`);
    assert.ok(c.gaps.every((g) => /未経験|求める水準|下回る|重なりません/.test(g)), JSON.stringify(c.gaps));
    assert.doesNotMatch(c.facts + c.fits.join(), /募集は週/);
    assert.match(c.facts, /週\d+時間/);
    if (/現地|ハイブリッド/.test(c.facts)) assert.match(c.facts, /(現地|ハイブリッド)（[^）]+）/, c.facts);
  }
  assert.ok(cards.some((c) => c.gaps.length > 0), "some card says what does not fit yet");
  const excluded = page.locator('[data-testid="excluded"]');
  assert.ok(Number(await excluded.getAttribute("data-count")) > 0, "jobs needing a PC are counted");
  assert.match(await excluded.locator("summary").textContent(), /ほかの\d+件/);
  await excluded.locator("summary").click();
  assert.match(await page.textContent('[data-testid="excluded-group"][data-rule="needs_pc"]'), /パソコンが必要な仕事.*\d+件/);
  await page.waitForFunction(() => {
    const titles = [...document.querySelectorAll('[data-testid="excluded-job"]')].map((e) => e.textContent);
    return titles.length > 0 && titles.every((t) => t && t !== "…");
  }, null, { timeout: 30_000 });
  await axe(page, "/me with the left-out jobs open");

  // Item 8: interest, then the card says so (also after a reload, instead of offering it again).
  const card = page.locator(`[data-testid="match"][data-job="${jobId}"]`);
  assert.equal(await card.locator("h2").textContent(), jobTitle, "the test's job is on the first page");
  await card.locator('[data-testid="interest"]').click();
  await card.locator('[data-testid="interest-sent"]').waitFor();
  await page.reload();
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });
  await card.locator('[data-testid="interest-sent"]').waitFor();
  assert.equal(await card.locator('[data-testid="interest"]').count(), 0, "not offered again");
  assert.equal(await page.locator('[data-testid="welcome"]').count(), 0, "the welcome was for the first time only");

  // The company answers (API, as the company), so interest is mutual and the terms come next.
  const me = await (await login(server.base, email, PASSWORD)).get("/api/v1/me");
  const company = await login(server.base, DEMO.company);
  assert.equal((await company.post(`/api/v1/jobs/${jobId}/talent/${cardOf(jobId, me.body.id)}/interest`)).status, 201);

  // Item 8: the engagement speaks to the resident and explains the terms, opened under /me.
  await card.locator('[data-testid="to-engagements"]').click();
  await page.waitForSelector('[data-testid="engagement"]');
  const engagement = await page.textContent('[data-testid="engagement"]');
  assert.doesNotMatch(engagement, /住民が/);
  assert.match(engagement, /おたがいに興味あり/);
  assert.match(await page.textContent('[data-testid="terms-why"]'), /守秘の約束/);
  await axe(page, "engagements");
  await page.click('[data-testid="terms-to-accept"]');
  await page.waitForSelector('[data-testid="terms-text"]');
  assert.match(new URL(page.url()).pathname, /^\/me\/engagements\/[\w-]+\/terms$/);
  assert.equal(await page.locator(".area-nav a").count(), 7, "the resident's tabs stay");
  await axe(page, "terms");
  await page.click('[data-testid="accept-terms"]');
  await page.waitForFunction(() => /同意しました/.test(document.querySelector('[data-testid="terms-status"]')?.textContent ?? ""));

  // Item 8: the inbox lists each step.
  await page.click('.area-nav a[href="/me/inbox"]');
  await page.waitForSelector('[data-testid="inbox"][data-loaded="true"]');
  for (const kind of ["you_interested", "company_interested", "matched", "terms_accepted"]) {
    assert.equal(await page.locator(`[data-kind="${kind}"]`).count(), 1, kind);
  }
  await axe(page, "inbox");

  // Item 9: plain words on the record and data pages; no empty heading.
  await page.click('.area-nav a[href="/me/record"]');
  await page.waitForSelector('[data-testid="record-check"]', { timeout: 30_000 });
  const record = await page.textContent("main");
  assert.doesNotMatch(record, /GET \/api|ES256|data\.entry|共通語彙/);
  assert.match(await page.textContent('[data-testid="record-who"]'), /ログインしなくても/);
  assert.ok(await page.isVisible('[data-testid="no-finished-work"]'), "「やり終えた仕事」 says why it is empty");
  await axe(page, "record");
  await page.click('.area-nav a[href="/me/data"]');
  await page.waitForSelector('[data-testid="export"]');
  assert.doesNotMatch(await page.textContent("main"), /JSON/);
  await axe(page, "data");

  // Item 1: log out from the resident's area, then back in through the header.
  await page.click('[data-testid="logout"]');
  await page.waitForURL(`${server.base}/`);
  await page.waitForSelector('[data-testid="login"]');
  await page.click('[data-testid="login"]');
  await page.waitForSelector('[data-testid="login-form"]');
  await page.fill("#login", email);
  await page.fill("#password", PASSWORD);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForURL(`${server.base}/me`);
  await page.waitForSelector('[data-testid="logout"]');
  await context.close();
});

test("the same walk in English on a 320 px phone: no Japanese in fixed text, nothing too wide", async () => {
  const context = await browser.newContext({ viewport: NARROW });
  const page = await context.newPage();
  const email = `journey-en-${Date.now()}@example.org`;
  await page.goto(server.base);
  await page.waitForSelector('[data-testid="figures"][data-loaded="true"]', { timeout: 30_000 });
  await page.click('[data-testid="lang-switch"]');
  // Item 11: the tab's title too.
  assert.equal(await page.title(), "musubi — tying local work together");
  assert.deepEqual(await japaneseIn(page, '.front-door, [data-testid="login"]'), []);
  await fitsWidth(page, "landing");
  await axe(page, "landing (en)");
  await page.click('[data-testid="signup-invite"]');

  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  assert.equal(await page.title(), "musubi — tying local work together");
  // Item 11: no 「(関係人口)」 in the English option.
  assert.deepEqual(await japaneseIn(page, "form"), []);
  await fitsWidth(page, "step 1");
  await page.fill("#display_name", "Sam Journey");
  await page.locator('input[name="lives_in"]').last().check();
  await next(page);
  await step(page, "skills");
  await page.waitForSelector('[data-testid="family-data"]');
  await page.click('[data-testid="family-data"] summary');
  await page.check("#task-data-entry");
  await page.check('input[name="task-data-entry-level"][value="experienced"]');
  // Item 11: no full-width colons in the level options; no Japanese at all.
  assert.deepEqual(await japaneseIn(page, '[data-testid="level"]'), []);
  await fitsWidth(page, "step 2");
  await axe(page, "step 2 (en)");
  await next(page);
  await step(page, "time");
  assert.match(await page.textContent("form"), /Weekday mornings \(8:00–12:00\)/);
  await page.fill("#hours_per_week", "10");
  await page.check('input[name="windows"][value="weekday_morning"]');
  await page.check('input[name="windows"][value="weekday_daytime"]');
  await fitsWidth(page, "step 3");
  await next(page);
  await step(page, "devices");
  await page.check('input[name="devices"][value="pc"]');
  await next(page);
  await step(page, "wishes");
  await page.fill('[id="wishes.min_hourly_yen"]', "500");
  await page.waitForSelector('[data-testid="pay-guidance"]');
  assert.match(await page.textContent('[data-testid="pay-guidance"]'), /minimum wage/);
  await page.fill('[id="wishes.min_hourly_yen"]', "");
  await next(page);
  await step(page, "account");
  // The front door's invite button chose the code path; empty, it says so in English.
  assert.equal(await page.locator('input[name="with_invite"]').nth(1).isChecked(), true);
  await page.fill("#password", PASSWORD);
  await next(page);
  await page.waitForSelector("#invite_code-error:not(:empty)");
  assert.match(await page.textContent("#invite_code-error"), /invite code/);
  assert.deepEqual(await japaneseIn(page, "form"), []);
  await fitsWidth(page, "step 6");
  await axe(page, "step 6 (en)");
  await page.locator('input[name="with_invite"]').first().check();
  await page.fill("#email", email);
  await next(page);
  await page.waitForURL(`${server.base}/me`, { timeout: 30_000 });
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });
  assert.equal(await page.title(), "musubi — tying local work together");
  assert.deepEqual(await japaneseIn(page, '[data-testid="logout"], .area-nav, [data-testid="welcome"], h1, [data-testid="filters"] > summary, [data-testid="match"] h3, [data-testid="facts"]'), []);
  const tabs = await page.$$eval(".area-nav a", (as) => as.map((a) => a.getBoundingClientRect().right));
  assert.ok(tabs.every((r) => r <= NARROW.width), `tabs fit at 320 px: ${tabs}`);
  await fitsWidth(page, "/me");
  await axe(page, "/me (en)");
  await targetsBigEnough(page, "/me (en)");
  await page.locator('[data-testid="interest"]').first().click();
  await page.waitForSelector('[data-testid="interest-sent"]');
  assert.match(await page.textContent('[data-testid="interest-sent"]'), /You sent/);
  await page.click('[data-testid="to-engagements"]');
  await page.waitForSelector('[data-testid="engagement"]');
  assert.match(await page.textContent('[data-testid="engagement"] .badge'), /You sent/);
  await fitsWidth(page, "engagements");
  await axe(page, "engagements (en)");
  await page.click('[data-testid="logout"]');
  await page.waitForURL(`${server.base}/`);
  await page.waitForSelector('[data-testid="login"]');
  assert.equal(await page.textContent('[data-testid="login"]'), "Log in");
  await context.close();
});
