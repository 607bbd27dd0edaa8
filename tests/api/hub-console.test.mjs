// The hub console's invite codes and identity checks on a real workerd: codes carry a label and
// are listed again to the region's hub only (newest first, with what they are for, expiry and
// uses counted from registrations), a bad label is refused with its own message, and an identity
// check shows on the resident's timeline as the resident's trust.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, registerResident, assertInstantOrder } from "../support/client.mjs";

let server, hub, city, resident, company, anonymous;
before(async () => {
  ({ server, hub, city, resident, company, anonymous } = await demoWorld());
});
after(async () => { await server?.dispose(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Registers someone with an invite code (by email) and checks it worked. */
async function registerWith(code) {
  const res = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `invited-${Date.now()}-${Math.random().toString(36).slice(2)}@example.jp`, password: "midori-2026-pass", invite_code: code }),
  });
  assert.equal(res.status, 201, await res.text());
}

test("the hub lists its region's codes newest first with label, purpose, expiry and uses", async () => {
  const course = (await hub.get("/api/v1/programs")).body.find((p) => p.kind.kind === "course");
  assert.ok(course, "the demo region has a course");
  const event = await hub.post("/api/v1/invites", { role: "resident", label: "3月 SNS講座 説明会", max_uses: 30, expires_in_days: 7 });
  assert.equal(event.status, 201, JSON.stringify(event.body));
  assert.equal(event.body.label, "3月 SNS講座 説明会", "the answer carries the label");
  await sleep(5);
  const personal = await hub.post("/api/v1/invites", { role: "resident", label: "　データ入力講座　受講者 ", program: course.id, max_uses: 1 });
  assert.equal(personal.status, 201, JSON.stringify(personal.body));
  await sleep(5);
  const byCity = await city.post("/api/v1/invites", { role: "resident", label: "市役所の窓口" });
  assert.equal(byCity.status, 201, JSON.stringify(byCity.body));

  const list = await hub.get("/api/v1/invites");
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const codes = list.body.items.map((i) => i.code);
  assert.deepEqual(codes.slice(0, 3), [byCity.body.code, personal.body.code, event.body.code], "newest first, the municipality's code too");
  assert.equal(list.body.total, list.body.items.length);
  const times = list.body.items.map((i) => i.issued_at);
  assertInstantOrder(times, "newest first");
  const [, second, third] = list.body.items;
  assert.deepEqual(second, {
    code: personal.body.code, label: "データ入力講座 受講者", role: "resident", program: course.id,
    issued_at: personal.body.issued_at, expires_at: personal.body.expires_at, max_uses: 1, uses: 0, status: "active",
  }, "trimmed label, the course, 14 days by default");
  assert.deepEqual(third, {
    code: event.body.code, label: "3月 SNS講座 説明会", role: "resident", program: null,
    issued_at: event.body.issued_at, expires_at: event.body.expires_at, max_uses: 30, uses: 0, status: "active",
  });
  assert.equal(Date.parse(third.expires_at) - Date.parse(third.issued_at), 7 * 86_400_000);

  // Uses are counted from registrations: two for the event, one uses up the personal code.
  await registerWith(event.body.code);
  await registerWith(event.body.code);
  await registerWith(personal.body.code);
  const after = (await hub.get("/api/v1/invites")).body.items;
  const find = (code) => after.find((i) => i.code === code);
  assert.deepEqual([find(event.body.code).uses, find(event.body.code).status], [2, "active"]);
  assert.deepEqual([find(personal.body.code).uses, find(personal.body.code).status], [1, "used_up"]);
  assert.equal(find(byCity.body.code).uses, 0);
});

test("only the region's hub lists its codes", async () => {
  // The list is always the caller's own region (no region in the path or query), so another
  // region's hub can only ever see its own; every other role is refused.
  assert.equal((await anonymous.get("/api/v1/invites")).status, 401);
  for (const [who, client] of [["resident", resident], ["company", company], ["municipality", city]]) {
    const res = await client.get("/api/v1/invites");
    assert.equal(res.status, 403, who);
    assert.ok(res.body.error.message.ja && res.body.error.message.en, `${who}: a bilingual refusal`);
    assert.equal(res.body.items, undefined, `${who}: no list`);
  }
  const { client: newcomer } = await registerResident(server.base, `newcomer-${Date.now()}@example.jp`);
  assert.equal((await newcomer.get("/api/v1/invites")).status, 403);
});

test("a label over 60 characters or with control characters is refused with its own message", async () => {
  const before = (await hub.get("/api/v1/invites")).body.total;
  const long = await hub.post("/api/v1/invites", { role: "resident", label: "あ".repeat(61) });
  assert.equal(long.status, 422, JSON.stringify(long.body));
  const field = long.body.error.fields.find((f) => f.field === "label");
  assert.equal(field.code, "too_long");
  assert.equal(field.message.ja, "「ラベル」は60文字以内にしてください（いまは61文字です）。");
  assert.equal(field.message.en, "The label can be at most 60 characters (it has 61).");
  const hidden = await hub.post("/api/v1/invites", { role: "resident", label: "説明会\u202egpj.exe" });
  assert.equal(hidden.status, 422);
  const bad = hidden.body.error.fields.find((f) => f.field === "label");
  assert.equal(bad.code, "invalid_characters");
  assert.match(bad.message.ja, /「ラベル」に使えない文字/);
  // Exactly 60 fit, and a code without a label is still fine (a personal code needs none).
  assert.equal((await hub.post("/api/v1/invites", { role: "resident", label: "い".repeat(60) })).status, 201);
  await sleep(5);
  const unlabelled = await hub.post("/api/v1/invites", { role: "resident" });
  assert.equal(unlabelled.status, 201);
  assert.equal(unlabelled.body.label, null);
  const list = (await hub.get("/api/v1/invites")).body;
  assert.equal(list.total, before + 2, "the refused ones were not issued");
  assert.equal(list.items[0].label, null);
});

test("an identity check shows on the resident's timeline as the resident's trust", async () => {
  const { account } = await registerResident(server.base, `trust-${Date.now()}@example.jp`);
  // A resident without a profile is not the hub's to check yet.
  assert.equal((await hub.get(`/api/v1/hub/residents/${account.id}/timeline`)).status, 404);
  const card = (await hub.get("/api/v1/hub/pipeline")).body.columns.flatMap((c) => c.cards)[0];
  const path = `/api/v1/hub/residents/${card.resident}/timeline`;
  const before = (await hub.get(path)).body.trust;
  assert.ok(Array.isArray(before.identity_checks) && typeof before.security_course === "boolean", JSON.stringify(before));
  const checked = await hub.post(`/api/v1/residents/${card.resident}/identity`, { method: "residence_card" });
  assert.equal(checked.status, 201, JSON.stringify(checked.body));
  const trust = (await hub.get(path)).body.trust;
  assert.equal(trust.identity_checks.length, before.identity_checks.length + 1);
  assert.deepEqual(trust.identity_checks[0], { method: "residence_card", at: checked.body.at }, "the newest first, only the kind and when");
  const company = (await hub.get(`/api/v1/hub/companies/${card.company}/timeline`)).body;
  assert.equal(company.trust, null, "a company's timeline carries no trust");
});

// ---- Issue 18: a board a coordinator runs the day from; work that ends; words, not codes.

const cardsOf = (board) => board.columns.flatMap((c) => c.cards);

test("work past its planned end leaves 就業中; attention lists only future ends; nothing past its end is due", async () => {
  const board = (await hub.get("/api/v1/hub/pipeline")).body;
  const now = Date.now();
  const running = board.columns.filter((c) => ["trial", "working", "renewed"].includes(c.column)).flatMap((c) => c.cards);
  assert.ok(running.length > 0, "the demo region has running work");
  for (const c of running) {
    assert.ok(!c.ended_by_plan, c.engagement);
    assert.ok(!c.planned_end || Date.parse(c.planned_end) > now, `${c.engagement} runs past its end ${c.planned_end}`);
  }
  const ended = cardsOf(board).filter((c) => c.ended_by_plan);
  assert.ok(ended.length > 0, "the demo region has work that ran past its planned end");
  for (const c of ended) {
    assert.equal(c.column, "ended");
    assert.ok(Date.parse(c.planned_end) <= now);
    assert.equal(c.next_checkin_due, undefined);
    assert.ok(!c.overdue && !c.stalled);
  }
  const attention = (await hub.get("/api/v1/hub/attention?limit=50")).body;
  assert.ok(!attention.at_risk_more, "every resident at risk is on this page");
  assert.ok(attention.at_risk.every((r) => r.days_left >= 0 && Date.parse(r.ends_at) >= now - 86_400_000),
    `negative days left: ${attention.at_risk.filter((r) => r.days_left < 0).map((r) => r.days_left).join(", ")}`);
  const due = (await hub.get("/api/v1/hub/due?limit=50")).body;
  assert.ok(!due.more, "every check-in due is on this page");
  const endedIds = new Set(ended.map((c) => c.engagement));
  assert.ok(due.items.every((c) => !endedIds.has(c.engagement)), "no check-in due on ended work");
  for (const c of due.items) {
    assert.ok(!c.planned_end || Date.parse(c.next_checkin_due) <= Date.parse(c.planned_end), "a check-in within the work's dates");
  }
});

test("the board's today: check-ins due or overdue, then stalled by days without activity, longest first", async () => {
  const board = (await hub.get("/api/v1/hub/pipeline")).body;
  const { checkins, stalled } = board.today;
  assert.ok(stalled.length > 1, "the demo region has stalled engagements");
  const days = stalled.map((c) => c.days_since_activity);
  assert.deepEqual(days, [...days].sort((a, b) => b - a), days.join(", "));
  const dues = checkins.map((c) => Date.parse(c.next_checkin_due));
  assert.deepEqual(dues, [...dues].sort((a, b) => a - b));
  const all = cardsOf(board);
  // A screen's worth of each list (10), and how many there are in all.
  const SHOWN = 10;
  // Due: the check-in's day in Japan is today (the board's as_of) or earlier.
  const jstDay = (iso) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 10);
  const dueAll = all.filter((c) => c.next_checkin_due && jstDay(c.next_checkin_due) <= board.as_of);
  assert.equal(board.today.checkins_total, dueAll.length, "every check-in due is counted");
  assert.equal(checkins.length, Math.min(SHOWN, dueAll.length));
  const dueIds = new Set(dueAll.map((c) => c.engagement));
  const stalledAll = all.filter((c) => c.stalled && !dueIds.has(c.engagement))
    .sort((a, b) => b.days_since_activity - a.days_since_activity || (a.engagement < b.engagement ? -1 : 1));
  assert.equal(board.today.stalled_total, stalledAll.length, "every stalled engagement is counted");
  assert.deepEqual(stalled.map((c) => c.engagement), stalledAll.slice(0, SHOWN).map((c) => c.engagement),
    "the longest quiet first");
});

test("cards and timelines carry words: task names, the coordinator by email or as a numbered coordinator, names of company, resident and job, event labels", async () => {
  const board = (await hub.get("/api/v1/hub/pipeline")).body;
  const card = cardsOf(board).find((c) => c.coordinator && c.tasks.length > 0);
  assert.ok(card);
  // The task kinds' names come once for the page: every task on every card is named there.
  const tasks = new Set([...cardsOf(board), ...board.today.checkins, ...board.today.stalled].flatMap((c) => c.tasks));
  assert.deepEqual(Object.keys(board.task_names).sort(), [...tasks].sort());
  assert.ok(Object.values(board.task_names).every((n) => n.ja && n.en && !/\./.test(n.ja)), JSON.stringify(board.task_names));
  // A page carries hundreds of cards: nothing null or false is written on one.
  const empty = [...cardsOf(board), ...board.today.checkins].flatMap((c) => Object.entries(c)).filter(([, v]) => v === null || v === false);
  assert.deepEqual(empty, [], "a card leaves out what it does not have");
  assert.ok(card.coordinator_name && !/hub-|^u[0-9a-f]{6}/.test(card.coordinator_name), card.coordinator_name);
  const timeline = (await hub.get(`/api/v1/hub/companies/${card.company}/timeline`)).body;
  assert.ok(timeline.engagements.every((e) => e.company_name && e.job_title), "names on the company's engagements");
  assert.ok(timeline.engagements.some((e) => e.resident_name));
  assert.ok(timeline.entries.every((e) => e.label?.ja && !/_/.test(e.label.ja)), "each event in words");
  assert.ok(timeline.entries.some((e) => e.label.ja === "住民が興味あり" || e.label.ja === "推進ハブが提案"));
});

test("the hub's request form names both empty fields at once", async () => {
  const res = await hub.post("/api/v1/work-requests", { company: "", text: "" });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const fields = res.body.error.fields.map((f) => f.field).sort();
  assert.deepEqual(fields, ["company", "text"]);
});
