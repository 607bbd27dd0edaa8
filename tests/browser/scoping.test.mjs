// Work scoping in a real browser (headless Chromium), the hub and the company taking turns: the
// company asks in its own words, the hub's workspace splits the request into task cards and
// forms a team with backups for each, a wrong card is named and nothing is sent, the company
// declines with a reason, the hub revises, and the company's accept posts the jobs. Every page
// has no serious or critical accessibility violation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startSeededServer } from "../support/server.mjs";
import { DESKTOP, launch, PHONE, seriousViolations, loggedInPage, screenshot } from "../support/browser.mjs";
import { DEMO, DEMO_PASSWORD, login } from "../support/client.mjs";

let server, browser, hubApi, companyApi;
before(async () => {
  server = await startSeededServer();
  browser = await launch();
  [hubApi, companyApi] = await Promise.all([login(server.base, DEMO.hub), login(server.base, DEMO.company)]);
});
after(async () => {
  await browser?.close();
  await server?.dispose();
});

const loggedIn = (email, path, viewport = PHONE) => loggedInPage(browser, server.base, email, DEMO_PASSWORD, path, viewport);
const ROUGH = "月末の請求書と記帳が重い。インスタの更新も止まっている。";
let requestId;

test("the company asks the hub in its own words; an empty request is named, not sent", async () => {
  const page = await loggedIn(DEMO.company, "/company/requests");
  await page.waitForSelector('[data-testid="ask-form"]', { timeout: 30_000 });
  await page.click('[data-testid="ask-submit"]');
  await page.waitForSelector("#ask-text-error:not(:empty)");
  assert.match(await page.textContent("#ask-text-error"), /ご相談の内容/);
  assert.deepEqual(await seriousViolations(page), [], "ask form with its error");

  await page.fill('[data-testid="ask-text"]', ROUGH);
  await page.fill('[data-testid="ask-hours"]', "30");
  await page.click('[data-testid="ask-submit"]');
  await page.waitForSelector('[data-testid="ask-sent"]');
  await page.waitForSelector('[data-testid="company-request"][data-state="new"]');
  requestId = await page.getAttribute('[data-testid="company-request"]', "data-request");
  const stored = (await companyApi.get(`/api/v1/work-requests/${requestId}`)).body;
  assert.equal(stored.request.text, ROUGH);
  assert.equal(stored.request.hours_per_week, 30);
  await page.context().close();
});

test("the hub splits the request into task cards, checks the teams and proposes; a wrong card is named", async () => {
  const list = await loggedIn(DEMO.hub, "/hub/requests", DESKTOP);
  await list.waitForSelector(`[data-testid="request"][data-request="${requestId}"]`, { timeout: 30_000 });
  assert.equal(await list.getAttribute('[data-testid="request"]', "data-request"), requestId, "the new request comes first");
  assert.deepEqual(await seriousViolations(list), [], "/hub/requests");
  await list.click(`[data-testid="request"][data-request="${requestId}"] a`);

  await list.waitForSelector('[data-testid="scope-card"]');
  assert.equal(await list.locator('[data-testid="scope-card"]').count(), 2, "one card per need named");
  const hours = await Promise.all([0, 1].map((i) => list.inputValue(`#card-${i}-hours`)));
  assert.equal(hours.map(Number).reduce((a, b) => a + b), 30, "the stated hours are spread over the cards");

  await list.click('[data-testid="check-scope"]');
  await list.waitForSelector('[data-testid="card-check"]');
  assert.equal(await list.locator('[data-testid="card-check"]').count(), 2);
  const check = (await hubApi.post(`/api/v1/work-requests/${requestId}/check`, (await hubApi.get(`/api/v1/work-requests/${requestId}/workspace`)).body)).body;
  const names = new Map(check.names);
  const firstMember = check.cards[0].team.members[0];
  assert.ok(firstMember, "the demo region has someone for the first card");
  const shown = await list.locator('[data-testid="scope-card"]').first().locator('[data-testid="team-member"] a').first().textContent();
  assert.equal(shown, names.get(firstMember.resident), "the hub sees the member by name");
  assert.ok(await list.locator('[data-testid="team-backup"][data-has-backup="true"]').count() > 0, "a task has a backup");
  assert.deepEqual(await seriousViolations(list), [], "workspace with the teams");
  await screenshot(list, "hub-scoping", { fullPage: true });

  await list.fill('#card-1-hours', "0");
  await list.click('[data-testid="propose-scope"]');
  await list.waitForSelector('[data-testid="cards-invalid"]');
  assert.match(await list.textContent("#card-1-hours-error"), /^作業カード2: /);
  assert.equal((await hubApi.get(`/api/v1/work-requests/${requestId}`)).body.status.state, "new", "nothing was sent");
  assert.deepEqual(await seriousViolations(list), [], "workspace with a card's error");

  await list.fill('#card-1-hours', "10");
  await list.fill('[data-testid="scope-note"]', "まず3か月、2つに分けて始めましょう");
  await list.click('[data-testid="propose-scope"]');
  await list.waitForSelector('[data-testid="proposal-sent"]');
  const sent = (await hubApi.get(`/api/v1/work-requests/${requestId}`)).body;
  assert.deepEqual(sent.status, { state: "proposed", version: 1 });
  assert.equal(sent.proposal.cards[1].job.hours_per_week, 10, "the edit was proposed");
  await list.context().close();
});

test("the company declines with a reason, the hub revises from it, and the accept posts the jobs", async () => {
  const page = await loggedIn(DEMO.company, "/company");
  await page.waitForSelector('[data-testid="proposals-waiting"]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid="proposals-waiting"]'), /提案が 1 件/);
  await page.click('[data-testid="proposals-waiting"] a');
  const item = page.locator(`[data-testid="company-request"][data-request="${requestId}"]`);
  await item.locator('[data-testid="proposal"]').waitFor({ timeout: 30_000 });
  assert.equal(await item.locator('[data-testid="proposal-card"]').count(), 2);
  assert.match(await item.locator('[data-testid="team-outline"]').first().textContent(), /人（週/);
  assert.deepEqual(await seriousViolations(page), [], "a proposal to answer");
  await screenshot(page, "company-proposal", { fullPage: true });
  await item.locator('[data-testid="decline-proposal"]').click();
  await item.locator('[data-testid="field-error"]:not(:empty)').waitFor();
  assert.match(await item.locator('[data-testid="field-error"]').textContent(), /見送る理由/);
  await item.locator('[data-testid="decline-reason"]').fill("SNSは社内でやります。経理だけお願いしたい");
  await item.locator('[data-testid="decline-proposal"]').click();
  await page.waitForSelector(`[data-testid="company-request"][data-request="${requestId}"][data-state="declined"]`);

  const hub = await loggedIn(DEMO.hub, `/hub/requests/${requestId}`, DESKTOP);
  await hub.waitForSelector('[data-testid="decline-reason"]', { timeout: 30_000 });
  assert.match(await hub.textContent('[data-testid="decline-reason"]'), /経理だけ/);
  assert.equal(await hub.locator('[data-testid="scope-card"]').count(), 2, "the revision starts from the proposal");
  // The titles are in inputs: find the SNS card by its title's value.
  const titles = await Promise.all([0, 1].map((i) => hub.inputValue(`#card-${i}-title`)));
  const sns = titles.findIndex((t) => /Instagram/.test(t));
  assert.ok(sns >= 0, titles.join(" / "));
  await hub.locator('[data-testid="scope-card"]').nth(sns).locator('[data-testid="remove-card"]').click();
  assert.equal(await hub.locator('[data-testid="scope-card"]').count(), 1);
  await hub.click('[data-testid="propose-scope"]');
  await hub.waitForSelector('[data-testid="proposal-sent"]');
  await hub.context().close();

  await page.reload();
  const revised = page.locator(`[data-testid="company-request"][data-request="${requestId}"]`);
  await revised.locator('[data-testid="proposal"][data-version="2"]').waitFor({ timeout: 30_000 });
  assert.equal(await revised.locator('[data-testid="proposal-card"]').count(), 1);
  await revised.locator('[data-testid="accept-proposal"]').click();
  await page.waitForSelector('[data-testid="proposal-accepted"]');
  const jobs = (await companyApi.get(`/api/v1/work-requests/${requestId}`)).body.status.jobs;
  assert.equal(jobs.length, 1);
  const link = await page.getAttribute('[data-testid="accepted-job"]', "href");
  assert.equal(link, `/company/jobs/${jobs[0]}/team`);
  const job = (await companyApi.get(`/api/v1/jobs/${jobs[0]}`)).body;
  assert.equal(job.status, "open");
  assert.match(job.title, /記帳/);
  await page.context().close();
});
