// The hub's console in a real browser (headless Chromium): the pipeline board shows every
// engagement of the demo region once (a page of each column; 「もっと見る」 loads the next), a due check-in recorded moves its next date (a refused one
// takes a new Idempotency-Key, a dropped one keeps it), stalled engagements and idle graduates are
// listed as the API says, an identity check recorded on a resident's timeline shows in the
// resident's trust, issued invite codes appear in the region's list with their label, a
// municipality account cannot open it, and every page has no serious or critical accessibility
// violation.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { browserWorld, DESKTOP, seriousViolations, screenshot } from "../support/browser.mjs";
import { DEMO, login } from "../support/client.mjs";

const world = browserWorld();
const { loggedIn } = world;
let server, hubApi;
before(async () => {
  ({ server } = await world.ready());
  hubApi = await login(server.base, DEMO.hub);
});

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
  // Each card names its column as the API does (the app's build prints no Debug output).
  const columnOf = Object.fromEntries(board.columns.flatMap((col) => col.cards.map((c) => [c.engagement, col.column])));
  const shownColumns = await page.$$eval('[data-testid="board"] [data-testid="card"]', (els) => els.map((e) => [e.dataset.engagement, e.dataset.column]));
  for (const [engagement, column] of shownColumns) assert.equal(column, columnOf[engagement], engagement);
  assert.equal(Number(await page.textContent('[data-testid="board-total"]')), board.total);
  // The hub sees the names of its region's residents on the cards.
  const named = cardsOf(board).find((c) => c.resident_name);
  assert.ok(named, "the API names the residents");
  const shownName = await page.locator(`[data-testid="board"] [data-engagement="${named.engagement}"] [data-testid="resident-name"]`).textContent();
  assert.equal(shownName, named.resident_name);
  await screenshot(page, "hub-pipeline", { fullPage: false });

  // The filter asks the region's desk for the narrowed board (a page of each column).
  const company = cardsOf(board)[0].company;
  const filtered = (await hubApi.get(`/api/v1/hub/pipeline?company=${company}`)).body;
  const asked = page.waitForResponse((r) => r.url().includes("/api/v1/hub/pipeline") && r.url().includes(`company=${company}`));
  await page.selectOption("#filter-company", company);
  await asked;
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="board"] [data-testid="card"]').length === n, cardsOf(filtered).length);
  const narrowed = await page.$$eval('[data-testid="board"] [data-testid="card"]', (els) => els.map((e) => e.dataset.engagement));
  assert.deepEqual(narrowed.sort(), cardsOf(filtered).map((c) => c.engagement).sort(), "the same cards as the API's filter");
  await page.context().close();
});

test("a column longer than its page offers 「もっと見る」 / Show more (44 px or more), which lays the next cards after the shown", async () => {
  const full = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const biggest = full.columns.reduce((a, b) => (b.count > a.count ? b : a));
  assert.ok(biggest.count >= 3, `a column with a few cards: ${biggest.count}`);
  const page = await loggedIn(DEMO.hub, "/hub", DESKTOP);
  // The demo's columns fit one page of 50: the first page is answered as a page of two would be.
  await page.route((url) => url.pathname === "/api/v1/hub/pipeline" && !url.searchParams.has("column"), async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    const col = body.columns.find((c) => c.column === biggest.column);
    col.cards = col.cards.slice(0, 2);
    col.more = true;
    await route.fulfill({ response, json: body });
  });
  await page.reload();
  const column = page.locator(`[data-testid="board-column"][data-column="${biggest.column}"]`);
  await column.locator('[data-testid="card"]').first().waitFor({ timeout: 30_000 });
  assert.equal(await column.locator('[data-testid="card"]').count(), 2);
  assert.match(await column.locator("h3 .count").first().textContent(), new RegExp(`^${biggest.count}$`), "the column's whole count");
  const more = column.locator('[data-testid="column-more"]');
  assert.match(await more.textContent(), /もっと見る/);
  await page.click('[data-testid="lang-switch"]');
  assert.match(await more.textContent(), /Show more/);
  const box = await more.boundingBox();
  assert.ok(box.height >= 44, `the button is ${box.height} px tall`);
  assert.deepEqual(await seriousViolations(page), [], "axe with the button");
  const next = page.waitForResponse((r) => r.url().includes(`column=${biggest.column}`) && r.url().includes("offset=2"));
  await more.click();
  await next;
  await page.waitForFunction(({ column, n }) => document.querySelectorAll(`[data-testid="board-column"][data-column="${column}"] [data-testid="card"]`).length === n, { column: biggest.column, n: biggest.cards.length });
  const shown = await column.locator('[data-testid="card"]').evaluateAll((els) => els.map((e) => e.dataset.engagement));
  assert.deepEqual(shown, biggest.cards.map((c) => c.engagement), "the first two, then the rest in the desk's order");
  assert.equal(await column.locator('[data-testid="column-more"]').count(), 0, "nothing more follows");
  await page.context().close();
});

const TABLET = { width: 768, height: 1024 };

test("the board starts with today (check-ins due, stalled by days, idle graduates), then readable columns, at 1280 and 768 px", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  // The board shows the first 10 idle graduates (its "today"), with how many there are in all.
  const attention = (await hubApi.get("/api/v1/hub/attention?limit=10")).body;
  const stalledApi = board.today.stalled.map((c) => c.engagement);
  assert.ok(stalledApi.length > 1, "the demo region has stalled engagements");
  for (const c of board.today.checkins) assert.ok(Date.parse(c.next_checkin_due) <= Date.now() + 86_400_000, "only due or overdue");
  for (const viewport of [DESKTOP, TABLET]) {
    const page = await loggedIn(DEMO.hub, "/hub", viewport);
    await page.waitForSelector('[data-testid="board"] [data-testid="card"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="today-idle"] ol', { timeout: 30_000 });
    const top = (sel) => page.$eval(sel, (e) => e.getBoundingClientRect().top + window.scrollY);
    const todayTop = await top('[data-testid="today"]');
    assert.ok(todayTop < viewport.height, `"today" starts on the first screen (y=${todayTop})`);
    assert.ok(todayTop < (await top('[data-testid="board"]')), "today comes before the columns");
    // Stalled: exactly the API's, the longest quiet first.
    const days = await page.$$eval('[data-testid="today-stalled"]', (els) => els.map((e) => Number(e.dataset.days)));
    assert.equal(days.length, stalledApi.length);
    assert.deepEqual(days, [...days].sort((a, b) => b - a), `sorted by days stalled: ${days.slice(0, 8).join(", ")}`);
    assert.equal(await page.locator('[data-testid="today-checkin"]').count(), board.today.checkins.length);
    assert.equal(await page.locator('[data-testid="today-idle-row"]').count(), attention.idle.length);
    assert.match(await page.locator('[data-testid="today-idle-total"]').textContent(), new RegExp(String(attention.idle_total)));
    // Cards at a readable width, one per row in a column; the columns scroll sideways.
    const widths = await page.$$eval('[data-testid="board"] [data-testid="card"]', (els) => els.map((e) => e.getBoundingClientRect().width));
    const sideBySide = await page.$$eval('[data-testid="board-column"]', (cols) => cols.filter((c) => {
      const tops = [...c.querySelectorAll('[data-testid="card"]')].map((e) => Math.round(e.getBoundingClientRect().top));
      return new Set(tops).size !== tops.length;
    }).length);
    const { scrollWidth, clientWidth, height } = await page.$eval('[data-testid="board"]', (b) => ({ scrollWidth: b.scrollWidth, clientWidth: b.clientWidth, height: document.documentElement.scrollHeight }));
    console.log(`# board at ${viewport.width}px: ${widths.length} cards, narrowest ${Math.min(...widths).toFixed(0)} px, board ${clientWidth}/${scrollWidth} px wide, page ${height} px tall, today at y=${todayTop.toFixed(0)}`);
    assert.ok(Math.min(...widths) >= 160, `narrowest card ${Math.min(...widths)} px`);
    assert.equal(sideBySide, 0, "no two cards side by side in a column");
    assert.ok(scrollWidth > clientWidth, "seven columns scroll sideways");
    assert.deepEqual(await seriousViolations(page), [], `axe at ${viewport.width}px`);
    await page.context().close();
  }
});

test("the filters name task kinds and coordinators in words, not codes", async () => {
  const page = await loggedIn(DEMO.hub, "/hub", DESKTOP);
  await page.waitForSelector('[data-testid="board"] [data-testid="card"]', { timeout: 30_000 });
  const labels = await page.$$eval("#filter-task option, #filter-coordinator option", (os) => os.map((o) => o.textContent));
  assert.ok(labels.length > 3);
  for (const l of labels) assert.doesNotMatch(l, /^[a-z]+\.[a-z_]+$|^hub-|^u[0-9a-f]{6,}/, `a code in a filter: ${l}`);
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
  const eventsUrl = `/engagements/${engagement}/events`;
  const keys = [];
  page.on("request", (r) => { if (r.url().includes(eventsUrl) && r.method() === "POST") keys.push(r.headers()["idempotency-key"]); });
  // The server refuses too many hours: its message shows, and nothing is recorded.
  await item.locator('[data-testid="hours"]').fill("900");
  const refused = page.waitForResponse((r) => r.url().includes(eventsUrl) && r.request().method() === "POST");
  await item.locator('[data-testid="checkin-submit"]').click();
  const refusal = await refused;
  assert.ok(refusal.status() >= 400 && refusal.status() < 500, `refused: ${refusal.status()}`);
  await page.waitForFunction(() => document.querySelector('[data-testid="due-item"] [data-testid="form-error"]')?.textContent.includes("稼働時間が多すぎます"), null, { timeout: 30_000 });
  await item.locator('[data-testid="hours"]').fill("12");
  await item.locator('[data-testid="mood"]').selectOption("4");
  await item.locator('[data-testid="note"]').fill("先方と本人の三者で確認。作業は順調。");
  await item.locator('[data-testid="share-with-company"]').check();
  // The corrected check-in is a new submission; its first attempt gets no answer (dropped).
  await page.route(`**${eventsUrl}`, (route) => route.abort("connectionreset"), { times: 1 });
  await item.locator('[data-testid="checkin-submit"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="due-item"] [data-testid="form-error"]')?.textContent.includes("通信できませんでした"), null, { timeout: 30_000 });
  const posted = page.waitForResponse((r) => r.url().includes(eventsUrl) && r.request().method() === "POST");
  await item.locator('[data-testid="checkin-submit"]').click();
  assert.equal((await posted).status(), 201, "the retry is recorded, not the refusal replayed");
  assert.equal(keys.length, 3);
  assert.notEqual(keys[1], keys[0], "a new key after the refusal");
  assert.equal(keys[2], keys[1], "the same key when resending a submission that got no answer");
  const sent = JSON.parse((await posted).request().postData());
  assert.equal(sent.shared_with_company, true, "the form sends the sharing flag");
  const next = await item.locator('[data-testid="next-due"]').textContent({ timeout: 30_000 });
  assert.ok(next > wasDue, `next check-in ${next} after ${wasDue}`);
  const card = cardsOf((await hubApi.get("/api/v1/hub/pipeline")).body).find((c) => c.engagement === engagement);
  assert.equal(jstDate(card.next_checkin_due), next, "the board has the same next date");
  assert.equal(card.days_since_checkin, 0);
  const stillDue = (await hubApi.get("/api/v1/hub/due?limit=50")).body.items.find((c) => c.engagement === engagement);
  assert.ok(!stillDue || jstDate(stillDue.next_checkin_due) === next, "no longer due at the old date");
  await page.context().close();
});

test("a long due list comes ten at a time: 「もっと見る」 lays the next after the shown, none skipped though one was recorded, in both languages", async () => {
  // Six weeks on, more check-ins are due than a page holds (the development clock; sessions
  // live 30 days of it, so everyone logs in again).
  const clock = (now) => fetch(`${server.base}/api/v1/dev/clock`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify({ now }) });
  assert.equal((await clock("2027-01-15T12:00:00+09:00")).status, 200);
  try {
    const api = await login(server.base, DEMO.hub);
    const whole = (await api.get("/api/v1/hub/due?limit=50")).body;
    assert.ok(whole.total > 10 && !whole.more, `more than a page due (${whole.total})`);
    const order = whole.items.map((c) => c.engagement);
    const page = await loggedIn(DEMO.hub, "/hub", DESKTOP);
    await page.click('a[href="/hub/due"]');
    await page.waitForSelector('[data-testid="due-item"]', { timeout: 30_000 });
    const shown = () => page.$$eval('[data-testid="due-item"]', (els) => els.map((e) => e.dataset.engagement));
    assert.deepEqual(await shown(), order.slice(0, 10), "the first ten, earliest due first");
    assert.match(await page.getByTestId("due-total").textContent(), new RegExp(`10件を表示（全${whole.total}件）`));
    // One check-in recorded on the first page: it leaves the server's list.
    const first = page.locator('[data-testid="due-item"]').first();
    await first.locator('[data-testid="hours"]').fill("2");
    await first.locator('[data-testid="checkin-submit"]').click();
    await first.getByTestId("checkin-saved").waitFor({ timeout: 30_000 });
    const more = page.getByTestId("due-more");
    assert.ok((await more.boundingBox()).height >= 44, "a large touch target");
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="due-item"]').length === n, whole.total, { timeout: 30_000 });
    assert.deepEqual(await shown(), order, "every check-in due once, in order: none skipped");
    assert.ok(await first.getByTestId("checkin-saved").isVisible(), "the recorded one keeps its answer");
    assert.equal(await more.count(), 0, "nothing more to show");
    // The same page in English.
    await page.click('[data-testid="lang-switch"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="due-total"]')?.textContent.includes("shown of"));
    assert.match(await page.getByTestId("due-total").textContent(), new RegExp(`${whole.total} shown of ${whole.total}`));
    assert.deepEqual(await seriousViolations(page), []);
    await page.context().close();
  } finally {
    await clock(null);
  }
});

test("on /hub/due a label in form 2 focuses form 2's field, and the next check-in date stays within the work's dates, in both languages", async () => {
  const due = (await hubApi.get("/api/v1/hub/due")).body;
  assert.ok(due.items.length >= 2, `two forms at least (${due.items.length})`);
  const page = await loggedIn(DEMO.hub, "/hub", DESKTOP);
  await page.click('a[href="/hub/due"]');
  await page.waitForSelector('[data-testid="due-item"] [data-testid="checkin-form"]', { timeout: 30_000 });
  const forms = page.locator('[data-testid="due-item"]:has([data-testid="checkin-form"])');
  assert.ok((await forms.count()) >= 2);
  const ids = await page.$$eval("[id]", (els) => els.map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, "every element id on the page is unique");
  const tomorrow = new Date(Date.now() + 9 * 3600_000 + 86_400_000).toISOString().slice(0, 10);
  for (const lang of ["ja", "en"]) {
    if (lang === "en") await page.click('[data-testid="lang-switch"]');
    const second = forms.nth(1);
    const labels = second.locator("label[for]");
    const n = await labels.count();
    assert.ok(n >= 4, `the second form has its labels (${n})`);
    for (let i = 0; i < n; i++) {
      const label = labels.nth(i);
      const target = await label.getAttribute("for");
      await label.click();
      const focused = await page.evaluate(() => document.activeElement?.id);
      assert.equal(focused, target, `${lang}: the label "${await label.textContent()}" focuses its own field`);
      assert.equal(await second.locator(`#${target}`).count(), 1, `${lang}: ${target} is in form 2`);
    }
    // The next check-in can be chosen from tomorrow to the work's planned end.
    for (let i = 0; i < 2; i++) {
      const form = forms.nth(i);
      const engagement = await form.getAttribute("data-engagement");
      const item = due.items.find((d) => d.engagement === engagement);
      const input = form.locator('[data-testid="next-on"]');
      assert.equal(await input.getAttribute("min"), tomorrow);
      if (item.planned_end) assert.equal(await input.getAttribute("max"), jstDate(item.planned_end), `${engagement}: not after the planned end`);
    }
    assert.deepEqual(await seriousViolations(page), [], `axe (${lang})`);
  }
  await page.context().close();
});

test("idle graduates appear in the idle list, exactly those the API names, a page at a time", async () => {
  const attention = (await hubApi.get("/api/v1/hub/attention")).body;
  assert.ok(attention.idle.length > 0, "the demo region has idle graduates");
  const page = await loggedIn(DEMO.hub, "/hub/attention");
  await page.waitForSelector('[data-testid="idle-list"]', { timeout: 30_000 });
  const listed = await page.$$eval('[data-testid="idle-row"]', (els) => els.map((e) => e.dataset.resident));
  assert.deepEqual(listed.sort(), attention.idle.map((g) => g.resident).sort());
  assert.equal(await page.locator('[data-testid="idle-count"]').textContent(), String(attention.idle_total), "the heading counts the whole list");
  if (attention.idle_more) {
    // "Show more" lays the next page after the rows shown, until the whole list is there.
    const whole = (await hubApi.get("/api/v1/hub/attention?limit=50")).body.idle.slice(0, 40);
    await page.getByTestId("idle-more").click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="idle-row"]').length === n, Math.min(40, attention.idle_total), { timeout: 30_000 });
    const more = await page.$$eval('[data-testid="idle-row"]', (els) => els.map((e) => e.dataset.resident));
    assert.deepEqual(more, whole.map((g) => g.resident), "the first page, then the next, in the list's order");
  }
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

/** Registers a company (pending) and answers its id. */
async function newCompany() {
  const res = await fetch(`${server.base}/api/v1/companies`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "株式会社 ひかり印刷", industry: "印刷業", prefecture: "熊本", municipality: "阿蘇市",
      size: "small", contact_person: "佐藤 花", email: `hikari-${Date.now()}@example.jp`, password: "midori-2026-pass",
    }),
  });
  const body = await res.json();
  assert.equal(res.status, 201, JSON.stringify(body));
  return body.company.id;
}

test("a pending company is rejected only with a reason, then leaves the queue", async () => {
  const id = await newCompany();
  const page = await loggedIn(DEMO.hub, "/hub/companies");
  const item = page.locator(`[data-testid="pending-company"][data-company="${id}"]`);
  await item.waitFor({ timeout: 30_000 });
  await item.locator('[data-testid="reject"]').click();
  await page.waitForFunction((id) => document.querySelector(`[data-company="${id}"] [data-testid="field-error"]`)?.textContent.includes("理由"), id, { timeout: 30_000 });
  await item.locator('[data-testid="reason"]').fill("所在地と事業内容を確認できませんでした。");
  await item.locator('[data-testid="reject"]').click();
  await item.locator('[data-testid="decision-done"]').waitFor({ timeout: 30_000 });
  const queue = (await hubApi.get("/api/v1/hub/companies")).body;
  assert.ok(!queue.pending.some((c) => c.company === id));
  const decided = queue.decided.find((c) => c.company === id);
  assert.equal(decided.approval.state, "rejected");
  assert.equal(decided.approval.reason, "所在地と事業内容を確認できませんでした。");
  await page.reload();
  await page.locator(`[data-testid="decided-company"][data-company="${id}"][data-state="rejected"]`).waitFor({ timeout: 30_000 });
  await page.context().close();
});

test("the hub verifies a resident's skill from the timeline: errors by field, then recorded", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const card = cardsOf(board).find((c) => c.resident_name);
  const page = await loggedIn(DEMO.hub, `/hub/residents/${card.resident}`);
  await page.waitForSelector('[data-testid="timeline"]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid="party-name"]'), card.resident_name);
  await page.click('[data-testid="verify-skill"] summary');
  await page.waitForSelector('[data-testid="verify-task"] option[value="data.entry"]', { state: "attached", timeout: 30_000 });
  await page.click('[data-testid="verify-submit"]');
  await page.waitForFunction(() => document.querySelector("#verify-note-error")?.textContent.length > 0, null, { timeout: 30_000 });
  assert.ok((await page.textContent("#verify-task-error")).length > 0, "the task is named");
  await page.selectOption('[data-testid="verify-task"]', "data.entry");
  await page.selectOption('[data-testid="verify-level"]', "experienced");
  await page.fill('[data-testid="verify-note"]', "試しに伝票30件を入力してもらい、誤りなし");
  const answer = page.waitForResponse((r) => r.url().includes(`/residents/${card.resident}/verifications`));
  await page.click('[data-testid="verify-submit"]');
  const res = await answer;
  assert.equal(res.status(), 201);
  const record = await res.json();
  assert.equal(record.task, "data.entry");
  assert.equal(record.level, "experienced");
  await page.waitForSelector('[data-testid="verified"]', { timeout: 30_000 });
  await page.context().close();
});

test("the hub records an identity check from the resident's timeline and sees the resident's trust change", async () => {
  const board = (await hubApi.get("/api/v1/hub/pipeline")).body;
  const card = cardsOf(board).find((c) => c.resident_name);
  const path = `/api/v1/hub/residents/${card.resident}/timeline`;
  const before = (await hubApi.get(path)).body.trust.identity_checks.length;
  const page = await loggedIn(DEMO.hub, `/hub/residents/${card.resident}`);
  await page.waitForSelector('[data-testid="identity-state"]', { timeout: 30_000 });
  /** The kinds the trust line names, newest first. */
  const methods = async () => (await page.getAttribute('[data-testid="identity-state"]', "data-methods")).split(",").filter(Boolean);
  assert.equal((await methods()).length, before, "the checks the API lists");
  const keys = [];
  page.on("request", (r) => { if (r.url().endsWith(`/residents/${card.resident}/identity`)) keys.push(r.headers()["idempotency-key"]); });
  await page.click('[data-testid="identity-check"] summary');
  // Nothing chosen: the server's message by the field, in Japanese, then in English.
  await page.click('[data-testid="identity-submit"]');
  await page.waitForFunction(() => document.querySelector("#identity-method-error")?.textContent === "確認した本人確認書類の種類を一覧から選んでください。", null, { timeout: 30_000 });
  assert.equal(await page.getAttribute("#identity-method", "aria-invalid"), "true");
  await page.click('[data-testid="lang-switch"]');
  await page.waitForFunction(() => document.querySelector("#identity-method-error")?.textContent === "Choose the kind of identity document you checked from the list.", null, { timeout: 30_000 });
  await page.click('[data-testid="lang-switch"]');
  await page.selectOption('[data-testid="identity-method"]', "passport");
  const answer = page.waitForResponse((r) => r.url().endsWith(`/residents/${card.resident}/identity`));
  await page.click('[data-testid="identity-submit"]');
  const res = await answer;
  assert.equal(res.status(), 201, "a new key after the refusal: not the refusal replayed");
  assert.equal(keys.length, 2);
  assert.notEqual(keys[0], keys[1]);
  const recorded = await res.json();
  assert.deepEqual(Object.keys(recorded).sort(), ["at", "by", "method", "resident"], "only the kind of document is kept");
  await page.waitForFunction(() => document.querySelector('[data-testid="identity-state"]')?.textContent.startsWith("記録しました。"), null, { timeout: 30_000 });
  const shown = await methods();
  assert.equal(shown[0], "passport");
  assert.equal(shown.length, before + 1);
  const line = await page.textContent('[data-testid="identity-state"]');
  assert.match(line, new RegExp(`本人確認済み（${jstDate(recorded.at)} パスポート`), line);
  assert.equal(await page.inputValue('[data-testid="identity-method"]'), "", "the form is ready for another check");
  // The server has it too: the timeline's trust and, after a reload, the page.
  const trust = (await hubApi.get(path)).body.trust;
  assert.deepEqual(trust.identity_checks[0], { method: "passport", at: recorded.at });
  await page.reload();
  await page.waitForSelector('[data-testid="identity-state"]', { timeout: 30_000 });
  assert.deepEqual(await methods(), shown);
  assert.match(await page.textContent('[data-testid="identity-state"]'), /^本人確認済み（/);
  await page.context().close();
});

test("the hub issues an invite code for an event and for a course, and shows it", async () => {
  const page = await loggedIn(DEMO.hub, "/hub/invites");
  await page.waitForSelector('[data-testid="invite-form"]', { timeout: 30_000 });
  await page.check('[data-testid="purpose-event"]');
  assert.equal(await page.inputValue('[data-testid="invite-uses"]'), "30", "an event code is for many people");
  await page.fill('[data-testid="invite-days"]', "0");
  await page.click('[data-testid="invite-submit"]');
  await page.waitForFunction(() => document.querySelector("#invite-days-error")?.textContent.length > 0, null, { timeout: 30_000 });
  await page.fill('[data-testid="invite-days"]', "7");
  // A label too long for the list: the server's own message under the field.
  await page.fill("#invite-label", "あ".repeat(61));
  await page.click('[data-testid="invite-submit"]');
  await page.waitForFunction(() => document.querySelector("#invite-label-error")?.textContent === "「ラベル」は60文字以内にしてください（いまは61文字です）。", null, { timeout: 30_000 });
  await page.fill("#invite-label", "3月 SNS講座 説明会");
  await page.click('[data-testid="invite-submit"]');
  const code = (await page.locator('[data-testid="invite-code"]').first().textContent({ timeout: 30_000 })).trim();
  assert.match(code, /^[a-z0-9]{4}(-[a-z0-9]{4})+$/, code);
  assert.match(await page.textContent('[data-testid="issued-invite"]'), /3月 SNS講座 説明会 · 最大30人 · 有効期限 /);
  // The region's list shows it with its label, what it is for, its expiry and no use yet.
  const listed = page.locator(`[data-testid="listed-invite"][data-code="${code}"]`);
  await listed.waitFor({ timeout: 30_000 });
  const issuedEvent = (await hubApi.get("/api/v1/invites")).body.items.find((i) => i.code === code);
  const listedText = await listed.textContent();
  assert.ok(listedText.startsWith("3月 SNS講座 説明会"), listedText);
  assert.ok(listedText.includes(`説明会・イベント用 · 発行 ${jstDate(issuedEvent.issued_at)} · 有効期限 ${jstDate(issuedEvent.expires_at)} · 使用 0/30人 · 有効`), listedText);
  assert.equal(await listed.getAttribute("data-uses"), "0");
  assert.equal(await listed.getAttribute("data-status"), "active");
  await page.check('[data-testid="purpose-course"]');
  await page.fill('[data-testid="invite-uses"]', "1");
  const course = await page.locator('[data-testid="invite-program"] option:checked').textContent();
  await page.click('[data-testid="invite-submit"]');
  await page.waitForFunction((c) => { const shown = document.querySelector('[data-testid="invite-code"]')?.textContent.trim(); return shown && shown !== c; }, code, { timeout: 30_000 });
  const second = (await page.locator('[data-testid="invite-code"]').textContent()).trim();
  assert.notEqual(second, code, "a new code per issue");
  assert.equal(await page.inputValue("#invite-label"), "", "the label is for one code");
  // Updated after issuing: the newest first, named by its course.
  await page.waitForFunction((c) => document.querySelector('[data-testid="listed-invite"]')?.dataset.code === c, second, { timeout: 30_000 });
  const newest = await page.locator('[data-testid="listed-invite"]').first().textContent();
  assert.ok(newest.startsWith("（ラベルなし）"), newest);
  assert.ok(newest.includes(`${second} · ${course} · 発行 `), newest);
  assert.ok(newest.includes("使用 0/1人 · 有効"), newest);
  const api = (await hubApi.get("/api/v1/invites")).body;
  assert.deepEqual(api.items.slice(0, 2).map((i) => i.code), [second, code]);
  assert.equal(await page.locator('[data-testid="listed-invite"]').count(), api.items.length);
  // The event code lets a resident register (it is a real invite of the region).
  const reg = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `event-${Date.now()}@example.jp`, password: "midori-2026-pass", invite_code: code }),
  });
  assert.equal(reg.status, 201, await reg.text());
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
    ["/hub/companies", '[data-testid="decided-list"]'],
    ["/hub/invites", '[data-testid="invites-count"]'],
  ];
  const page = await loggedIn(DEMO.hub, "/hub");
  for (const [path, ready] of pages) {
    await page.goto(`${server.base}${path}`);
    await page.waitForSelector(ready, { timeout: 30_000 });
    assert.deepEqual(await seriousViolations(page), [], path);
  }
  // The verification form open, with its field errors.
  await page.goto(`${server.base}/hub/residents/${card.resident}`);
  await page.waitForSelector('[data-testid="timeline"]', { timeout: 30_000 });
  await page.click('[data-testid="verify-skill"] summary');
  await page.click('[data-testid="verify-submit"]');
  await page.waitForFunction(() => document.querySelector("#verify-note-error")?.textContent.length > 0, null, { timeout: 30_000 });
  assert.deepEqual(await seriousViolations(page), [], "verification form with errors");
  // The identity check form open, with the server's error by its field.
  await page.click('[data-testid="identity-check"] summary');
  await page.click('[data-testid="identity-submit"]');
  await page.waitForFunction(() => document.querySelector("#identity-method-error")?.textContent.length > 0, null, { timeout: 30_000 });
  assert.deepEqual(await seriousViolations(page), [], "identity check form with its error");
  // The invite form with a label refused, above the list of codes.
  await page.goto(`${server.base}/hub/invites`);
  await page.waitForSelector('[data-testid="invites-count"]', { timeout: 30_000 });
  await page.fill("#invite-label", "い".repeat(61));
  await page.click('[data-testid="invite-submit"]');
  await page.waitForFunction(() => document.querySelector("#invite-label-error")?.textContent.length > 0, null, { timeout: 30_000 });
  assert.deepEqual(await seriousViolations(page), [], "invite form with a label error and the list");
  await page.context().close();
});
