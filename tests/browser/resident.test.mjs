// The resident's path in a real browser at 360×640: onboarding in Japanese and in English, the
// draft surviving a reload, a submission made offline (and one whose answer is lost) giving
// exactly one account and profile, matches with reasons, interest, a profile edit that changes
// the matches, and axe-core on every page. SCREENSHOTS=1 also writes docs/screenshots/.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { browserWorld, loggedInPage, PHONE, screenshot, seriousViolations } from "../support/browser.mjs";
import { Client, DEMO, DEMO_PASSWORD, login, registerResident } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

const PASSWORD = "midori-2026-pass";
const world = browserWorld();
let server, browser;
before(async () => {
  ({ server, browser } = await world.ready());
});

async function phone() {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  return { context, page };
}

/** Opens a vocabulary family's section (families with picked tasks start open). */
async function openFamily(page, id) {
  const family = page.locator(`[data-testid="family-${id}"]`);
  if (!(await family.evaluate((d) => d.open))) await family.locator("summary").click();
}

/** Opens a part of `/me/profile` with its 「変更する」, runs `edit` in its form, saves, and
 * waits for the summary again (the form gone, the saved notice shown). */
async function editPart(page, part, edit) {
  await page.click(`[data-testid="edit-${part}"]`);
  const form = `[data-testid="profile-form"][data-part="${part}"]`;
  await page.waitForSelector(form, { timeout: 30_000 });
  await edit();
  await page.click(`${form} [data-testid="save-profile"]`);
  await page.waitForSelector('[data-testid="profile-saved"]');
  await page.waitForSelector(form, { state: "detached" });
}

const step = (page, name) => page.waitForSelector(`form[data-step="${name}"]`, { timeout: 30_000 });
const next = (page) => page.click('[data-testid="next"]');

async function expectNoSeriousViolations(page, where) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${where}: ${JSON.stringify(violations, null, 1)}`);
}

async function shot(page, name) {
  await screenshot(page, name);
}

/** Fills the wizard from the first step up to the account step (not submitted). */
async function fillUpToAccount(page, { name, lang = "ja", check = false }) {
  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  if (check) await expectNoSeriousViolations(page, "place");
  await shot(page, `onboarding-1-place-${lang}`);
  await page.fill("#display_name", name);
  await page.locator('input[name="lives_in"]').first().check();
  await next(page);
  await step(page, "skills");
  await page.waitForSelector('[data-testid="family-sns"]');
  await openFamily(page, "sns");
  await page.check("#task-sns-post");
  await page.check('input[name="task-sns-post-level"][value="experienced"]');
  if (check) await expectNoSeriousViolations(page, "skills");
  await shot(page, `onboarding-2-skills-${lang}`);
  await next(page);
  await step(page, "time");
  await page.fill("#hours_per_week", "10");
  await page.check('input[name="windows"][value="weekday_morning"]');
  await page.check('input[name="windows"][value="weekend_daytime"]');
  if (check) await expectNoSeriousViolations(page, "time");
  await shot(page, `onboarding-3-time-${lang}`);
  await next(page);
  await step(page, "devices");
  await page.check('input[name="devices"][value="smartphone_only"]');
  if (check) await expectNoSeriousViolations(page, "devices");
  await shot(page, `onboarding-4-devices-${lang}`);
  await next(page);
  await step(page, "wishes");
  await page.fill('[id="wishes.min_hourly_yen"]', "1000");
  if (check) await expectNoSeriousViolations(page, "wishes");
  await shot(page, `onboarding-5-wishes-${lang}`);
  await next(page);
  await step(page, "account");
}

async function profileOf(email) {
  const client = await login(server.base, email, PASSWORD);
  return client.get("/api/v1/me/profile");
}

test("onboarding in Japanese: each step is checked with the server's messages, then the profile exists", async () => {
  const { context, page } = await phone();
  // The wizard is its own entry point and asks nothing of the session: no round trip to /me.
  const apiCalls = [];
  const wasm = [];
  const asked = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    asked.push(path);
    if (path.startsWith("/api/")) apiCalls.push(path);
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  await page.goto(`${server.base}/start`);
  await step(page, "place");
  // index.html starts the region read with the page, before the wasm; the wizard takes its answer.
  assert.ok(asked.indexOf("/api/v1/regions/default") < asked.indexOf(wasm[0]), asked.join(", "));
  assert.deepEqual(await page.evaluate(() => Object.keys(window.musubiFirst ?? {})), [], "the region's answer was taken");
  // The first view is the start entry's main module; after it only the wizard's own chunk of
  // later steps may load, never another entry's wasm.
  assert.match(wasm[0], /^\/pkg\/start-[0-9a-f]+\.wasm$/, `${wasm}`);
  for (const later of wasm.slice(1)) assert.match(later, /^\/pkg\/start-split_[\w]+-[0-9a-f]+\.wasm$/, `${wasm}`);
  assert.deepEqual(apiCalls, ["/api/v1/regions/default"], "the first step loads only the region");
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  assert.match(await page.textContent('[data-testid="progress"]'), /ステップ 1 \/ 6/);
  // An empty first step is refused next to its fields, with the server's own words.
  await page.waitForSelector('input[name="lives_in"]');
  await next(page);
  await page.waitForSelector("#display_name-error:not(:empty)");
  const { client } = await registerResident(server.base, "probe@example.jp");
  const server422 = await client.put("/api/v1/me/profile", {});
  assert.equal(server422.status, 422);
  const serverMessage = (f) => server422.body.error.fields.find((x) => x.field === f).message.ja;
  assert.equal(await page.textContent("#display_name-error"), serverMessage("display_name"));
  assert.equal(await page.textContent("#lives_in-error"), serverMessage("lives_in"));
  assert.equal(await page.getAttribute("form", "data-step"), "place");

  await fillUpToAccount(page, { name: "山田 花子", check: true });
  assert.ok(!apiCalls.includes("/api/v1/me"), `no session read while onboarding: ${apiCalls}`);
  await page.fill("#email", "hanako@example.jp");
  await page.fill("#password", "short");
  await next(page);
  await page.waitForSelector("#password-error:not(:empty)");
  assert.match(await page.textContent("#password-error"), /10/);
  await page.fill("#password", PASSWORD);
  await expectNoSeriousViolations(page, "account");
  await shot(page, "onboarding-6-account-ja");
  await next(page);
  await page.waitForURL(`${server.base}/me`, { timeout: 30_000 });
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });

  const profile = await profileOf("hanako@example.jp");
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, "山田 花子");
  assert.deepEqual(profile.body.skills.map((s) => [s.task, s.level]), [["sns.post", "experienced"]]);
  assert.equal(profile.body.hours_per_week, 10);
  assert.equal(profile.body.devices, "smartphone_only");
  assert.equal(await page.evaluate(() => localStorage.getItem("musubi.onboarding.draft")), null, "the draft is gone");
  await context.close();
});

test("onboarding in English, with the switch remembered", async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/start`);
  await step(page, "place");
  await page.click('[data-testid="lang-switch"]');
  assert.equal(await page.textContent('[data-testid="step-title"]'), "Where you live");
  await fillUpToAccount(page, { name: "Alex Related", lang: "en" });
  assert.match(await page.textContent('[data-testid="progress"]'), /Step 6 of 6/);
  await page.fill("#email", "alex@example.org");
  await page.fill("#password", PASSWORD);
  await shot(page, "onboarding-6-account-en");
  await next(page);
  await page.waitForURL(`${server.base}/me`, { timeout: 30_000 });
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.textContent("h1"), /Jobs for you/);
  const profile = await profileOf("alex@example.org");
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, "Alex Related");
  await context.close();
});

test("a reload in the middle restores the draft and the step", async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/start`);
  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  await page.fill("#display_name", "途中 保存");
  await page.locator('input[name="lives_in"]').nth(1).check();
  await next(page);
  await step(page, "skills");
  await page.waitForSelector('[data-testid="family-data"]');
  await openFamily(page, "data");
  await page.check("#task-data-entry");
  await page.check('input[name="task-data-entry-level"][value="beginner"]');
  await next(page);
  await step(page, "time");
  await page.fill("#hours_per_week", "7");
  await page.reload();
  await step(page, "time");
  assert.equal(await page.inputValue("#hours_per_week"), "7");
  await page.click('[data-testid="back"]');
  await step(page, "skills");
  await page.waitForSelector("#task-data-entry");
  assert.equal(await page.isChecked("#task-data-entry"), true);
  await page.click('[data-testid="back"]');
  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  assert.equal(await page.inputValue("#display_name"), "途中 保存");
  assert.equal(await page.locator('input[name="lives_in"]').nth(1).isChecked(), true);
  await context.close();
});

test("the later steps' chunk loads after step 1; a failed fetch shows a retry that works", async () => {
  // No service worker: it would answer the chunk from its cache, past the blocked route.
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: "block" });
  const page = await context.newPage();
  const chunk = "**/pkg/start-split_*.wasm";
  let blocked = 0;
  await page.route(chunk, (route) => { blocked++; return route.abort("internetdisconnected"); });
  await page.goto(`${server.base}/start`);
  await step(page, "place");
  await page.waitForSelector('input[name="lives_in"]');
  await page.fill("#display_name", "チャンク 待ち");
  await page.locator('input[name="lives_in"]').first().check();
  // Retried with a back-off (1 + 2 + 4 s), then a button to try again instead of an endless wait.
  await page.waitForSelector('[data-testid="load-error"]', { timeout: 30_000 });
  assert.ok(blocked >= 2, `the chunk was asked for ${blocked} times`);
  await page.unroute(chunk);
  await page.click('[data-testid="load-error"] button');
  await page.waitForSelector('[data-testid="load-error"]', { state: "detached" });
  await next(page);
  await step(page, "skills");
  await page.waitForSelector('[data-testid="family-sns"]');
  await context.close();
});

test("offline at submit: queued, then sent once when back online", async () => {
  const { context, page } = await phone();
  await page.goto(`${server.base}/start`);
  await fillUpToAccount(page, { name: "電波 弱子" });
  await page.fill("#email", "offline@example.jp");
  await page.fill("#password", PASSWORD);
  await context.setOffline(true);
  await next(page);
  await page.waitForSelector('[data-testid="queued"]');
  await page.waitForSelector('[data-testid="offline"]');
  const queued = JSON.parse(await page.evaluate(() => localStorage.getItem("musubi.onboarding.queue")));
  assert.equal(queued.stage, "register");
  assert.ok(queued.key.length >= 16, "one Idempotency-Key is kept with the submission");
  assert.equal((await new Client(server.base).post("/api/v1/sessions", { login: "offline@example.jp", password: PASSWORD })).status, 401,
    "nothing was sent while offline");
  await context.setOffline(false);
  await page.waitForURL(`${server.base}/me`, { timeout: 30_000 });
  const profile = await profileOf("offline@example.jp");
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, "電波 弱子");
  const again = await new Client(server.base).post("/api/v1/accounts", { email: "offline@example.jp", password: PASSWORD });
  assert.equal(again.status, 409, "exactly one account");
  await context.close();
});

test("a registration whose answer is lost carries on by logging in: one account, one profile", async () => {
  const { context, page } = await phone();
  let registrations = 0;
  // The first registration reaches the server, but its answer never reaches the phone.
  await page.route("**/api/v1/accounts", async (route) => {
    registrations += 1;
    if (registrations === 1) {
      await route.fetch();
      return route.abort("connectionreset");
    }
    return route.continue();
  });
  await page.goto(`${server.base}/start`);
  await fillUpToAccount(page, { name: "失われた 返事" });
  await page.fill("#email", "lost@example.jp");
  await page.fill("#password", PASSWORD);
  await next(page);
  await page.waitForURL(`${server.base}/me`, { timeout: 60_000 });
  assert.equal(registrations, 2);
  const profile = await profileOf("lost@example.jp");
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, "失われた 返事");
  await context.close();
});

async function loggedIn(email) {
  const { context, page } = await phone();
  await page.goto(`${server.base}/login`);
  await page.fill("#login", email);
  await page.fill("#password", PASSWORD);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForURL(`${server.base}/me`);
  return { context, page };
}

async function shownJobs(page) {
  await page.waitForSelector('[data-testid="matches"][data-loaded="true"]', { timeout: 30_000 });
  return page.$$eval('[data-testid="match"]', (cards) => cards.map((c) => c.dataset.job));
}

test("matches show reasons; interest is recorded; a profile edit changes the matches; every page passes axe", async () => {
  const { context, page } = await loggedIn("hanako@example.jp");
  const before = await shownJobs(page);
  assert.ok(before.length > 0, "the demo region has jobs for her");
  const firstReasons = await page.locator('[data-testid="match"]').first().locator('[data-testid="fits"] li').allTextContents();
  assert.ok(firstReasons.length > 0 && firstReasons.every((r) => r.length > 3), JSON.stringify(firstReasons));
  await expectNoSeriousViolations(page, "matches");

  await page.locator('[data-testid="interest"]').first().click();
  await page.waitForSelector('[data-testid="interest-sent"]');
  const client = await login(server.base, "hanako@example.jp", PASSWORD);
  const mine = await client.get("/api/v1/me/engagements");
  assert.equal(mine.status, 200);
  assert.equal(mine.body.length, 1);
  assert.equal(mine.body[0].state.parties.job, before[0]);

  await page.click('a[href="/me/engagements"]');
  await page.waitForSelector('[data-testid="engagement"]');
  await expectNoSeriousViolations(page, "engagements");
  await page.click('a[href="/me/inbox"]');
  await page.waitForSelector('[data-testid="inbox"][data-loaded="true"]');
  await expectNoSeriousViolations(page, "inbox");
  await page.click('a[href="/me/data"]');
  await page.waitForSelector('[data-testid="delete"]');
  assert.equal(await page.isDisabled('[data-testid="delete"]'), true, "deletion needs the confirmation");
  await expectNoSeriousViolations(page, "data");

  await page.click('a[href="/me/profile"]');
  await page.waitForSelector('[data-testid="profile-summary"]', { timeout: 30_000 });
  await expectNoSeriousViolations(page, "profile");
  // From SNS posts on a phone to data entry and accounting on a computer, any time: each part
  // opened with its 「変更する」, edited and saved on its own.
  await editPart(page, "skills", async () => {
    await expectNoSeriousViolations(page, "profile: skills");
    await openFamily(page, "sns");
    await page.uncheck("#task-sns-post");
    await openFamily(page, "accounting");
    await page.locator('[data-testid="family-accounting"] input[type="checkbox"]').first().check();
    await page.locator('[data-testid="family-accounting"] [data-testid="level"] input[value="beginner"]').first().check();
    await openFamily(page, "data");
    await page.check("#task-data-entry");
    await page.check('input[name="task-data-entry-level"][value="beginner"]');
  });
  await editPart(page, "device", () => page.check('input[name="devices"][value="pc"]'));
  await editPart(page, "time", async () => {
    for (const slot of await page.$$eval('input[name="windows"]', (xs) => xs.map((x) => x.value))) {
      await page.check(`input[name="windows"][value="${slot}"]`);
    }
    await page.fill("#hours_per_week", "30");
  });
  await editPart(page, "wishes", () => page.uncheck('input[name="families"][value="sns"]'));
  const saved = await client.get("/api/v1/me/profile");
  assert.equal(saved.body.devices, "pc");
  assert.equal(saved.body.hours_per_week, 30);
  assert.ok(saved.body.skills.some((s) => s.task === "data.entry"));
  assert.ok(!saved.body.wishes.families.includes("sns"));
  // The summary says what was saved, in words.
  assert.match(await page.textContent('[data-testid="part-device"]'), /パソコンがある/);
  assert.match(await page.textContent('[data-testid="part-time"]'), /週30時間/);
  assert.match(await page.textContent('[data-testid="part-skills"]'), /データ入力/);

  await page.click('[data-testid="profile-saved"] a[href="/me"]');
  const afterEdit = await shownJobs(page);
  assert.notDeepEqual(afterEdit, before, "the matches follow the new profile");
  await context.close();
});

test("the inbox marks what appeared since it was last opened, and only that", async () => {
  const company = await login(server.base, DEMO.company);
  const job = await company.post("/api/v1/jobs", jobInput({ title: "受信箱のテスト入力" }));
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const email = `inbox-${Date.now()}@example.jp`;
  const { client, account } = await registerResident(server.base, email, PASSWORD);
  const put = await client.put("/api/v1/me/profile", profileInput({ display_name: "受信 箱子", skills: [{ task: "data.entry", level: "beginner" }] }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  assert.equal((await company.post(`/api/v1/jobs/${job.body.id}/talent/${cardOf(job.body.id, account.id)}/interest`)).status, 201);

  const page = await loggedInPage(browser, server.base, email, PASSWORD, "/me/inbox", PHONE);
  await page.waitForSelector('[data-testid="inbox"][data-loaded="true"]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="unread-count"]'), "未読 1件");
  assert.equal(await page.locator('[data-kind="company_interested"][data-unread="true"]').count(), 1);
  await expectNoSeriousViolations(page, "inbox with an unread item");
  // Opened once: the next visit shows the same item as read.
  await page.reload();
  await page.waitForSelector('[data-testid="inbox"][data-loaded="true"]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="unread-count"]'), "未読 0件");
  assert.equal(await page.locator('[data-kind="company_interested"][data-unread="false"]').count(), 1);
  await page.context().close();
});

// The resident's pages ask nothing about the session before they open (ResidentGate reads the
// device's marker, which names the role); the server still decides every read.
test("the resident's pages send a logged-out visitor, another role and an ended session to log in", async () => {
  // No session on this device: straight to the login form, nothing asked.
  const { context, page } = await phone();
  await page.goto(`${server.base}/me/inbox`);
  await page.waitForURL(/\/login\?next=%2Fme%2Finbox/, { timeout: 30_000 });
  // The marker left behind by a session the server no longer knows: the page's read answers
  // 401 and the page goes to the login form.
  await context.addCookies([{ name: "musubi_in", value: "resident", url: server.base }]);
  await page.goto(`${server.base}/me`);
  await page.waitForURL(/\/login\?next=%2Fme$/, { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="matches"]').count(), 0);
  await context.close();
  // A company account: its marker names its role, so /me sends it to log in as a resident.
  const company = await loggedInPage(browser, server.base, DEMO.company, DEMO_PASSWORD, "/company", PHONE);
  await company.goto(`${server.base}/me/engagements`);
  await company.waitForURL(/\/login\?next=%2Fme%2Fengagements/, { timeout: 30_000 });
  assert.equal(await company.locator('[data-testid="engagements"]').count(), 0);
  await company.context().close();
});

// index.html starts a logged-in resident's first reads beside the wasm (`first` in
// scripts/app-entries.mjs) and the app takes those answers: each page asks once, not twice.
test("the resident's first pages each make their first reads once, started with the page", async () => {
  const context = await browser.newContext({ viewport: PHONE, serviceWorkers: "block" });
  const page = await context.newPage();
  await page.goto(`${server.base}/login?next=%2Fme`);
  await page.fill("#login", DEMO.resident);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${server.base}/me`), page.click('[data-testid="login-form"] button[type="submit"]')]);
  await page.goto("about:blank"); // the landing load's reads may still be starting: not counted
  for (const [path, reads, ready] of [
    ["/me", ["/api/v1/me/matches"], '[data-testid="matches"][data-loaded="true"]'],
    ["/me/engagements", ["/api/v1/me/engagements"], '[data-testid="engagements"][data-loaded="true"]'],
    ["/me/inbox", ["/api/v1/me/inbox"], '[data-testid="inbox"][data-loaded="true"]'],
    ["/me/record", ["/api/v1/me/record"], '[data-testid="record-check"], [data-testid="no-finished-work"]'],
    ["/me/profile", ["/api/v1/me/profile"], '[data-testid="profile-summary"] dd'],
    ["/me/earnings", ["/api/v1/me/earnings"], '[data-testid="earnings"]'],
  ]) {
    const asked = [];
    const count = (r) => { const at = new URL(r.url()).pathname; if (reads.some((read) => at.startsWith(read))) asked.push(at); };
    page.on("request", count);
    await page.goto(`${server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    page.off("request", count);
    assert.deepEqual(asked.sort(), [...new Set(asked)].sort(), `${path} asked twice: ${asked.join(", ")}`);
    assert.equal(asked.length, reads.length, `${path} asked ${asked.join(", ")}`);
    assert.deepEqual(await page.evaluate(() => Object.keys(window.musubiFirst ?? {})), [], `${path}: every answer was taken`);
  }
  await context.close();
});

test("the skill record is signed, shareable without login, and passes axe", async () => {
  const { context, page } = await loggedIn("hanako@example.jp");
  await page.click('a[href="/me/record"]');
  await page.waitForSelector('[data-testid="record-check"]:has-text("✓")', { timeout: 30_000 });
  const link = await page.inputValue('[data-testid="record-link"]');
  assert.match(link, /\/record\/rec[0-9a-f]+$/);
  await expectNoSeriousViolations(page, "my record");
  await context.close();

  const stranger = await phone();
  await stranger.page.goto(link);
  await stranger.page.waitForSelector('[data-testid="record-check"]:has-text("✓")', { timeout: 30_000 });
  assert.equal(await stranger.page.textContent(".record-holder"), "山田 花子");
  await expectNoSeriousViolations(stranger.page, "shared record");
  await stranger.context.close();
});

test("a course the municipality put me on waits in my inbox until I accept it, in both languages", async () => {
  const email = `inbox-course-${Date.now()}@example.jp`;
  const { client } = await registerResident(server.base, email);
  assert.equal((await client.put("/api/v1/me/profile", profileInput())).status, 201);
  const city = await login(server.base, DEMO.municipality);
  const municipality = (await city.get("/api/v1/me")).body.role.municipality;
  const course = (await city.post("/api/v1/programs", {
    name_ja: `表計算の講座 ${Date.now()}`, description_ja: "表計算の基本を学びます。", municipality,
    kind: "course", certifies: ["data.entry"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
  })).body;
  assert.equal((await city.post(`/api/v1/programs/${course.id}/enrolments`, { csv: `氏名,メール/電話,講座\r\n受講 さくら,${email},\r\n` })).status, 201);
  const linked = async () => (await city.get(`/api/v1/programs/${course.id}/enrolments`)).body.items[0].linked;
  assert.equal(await linked(), false, "not linked before the resident answers");

  const page = await loggedInPage(browser, server.base, email, PASSWORD, "/me", PHONE);
  await page.click('.area-nav a[href="/me/inbox"]');
  const invitation = page.locator('[data-testid="course-invitation"]');
  await invitation.waitFor({ timeout: 30_000 });
  assert.equal(await invitation.getAttribute("data-state"), "invited");
  assert.ok((await invitation.textContent()).includes(course.name.ja), "the course is named");
  const accept = invitation.locator('[data-testid="course-accept"]');
  const box = await accept.boundingBox();
  assert.ok(box.height >= 44, `the main action is at least 44 px tall (${box.height})`);
  await expectNoSeriousViolations(page, "inbox with a course invitation");
  await accept.click();
  await page.waitForSelector('[data-testid="course-invitation"][data-state="accepted"]', { timeout: 30_000 });
  assert.equal(await linked(), true, "linked once accepted");
  await page.click('[data-testid="lang-switch"]');
  assert.match(await invitation.textContent(), /You said you will take it/);
  assert.match(await invitation.locator('[data-testid="course-decline"]').textContent(), /Not this time/);
  await expectNoSeriousViolations(page, "inbox in English");
  await page.context().close();
});

