// The hub's console and the municipality's programs on a real workerd: the pipeline board, who
// may use it, company approval, skill verification merged into the resident, programs, course
// enrolment by CSV (all-or-nothing, no duplicates), course completion, and the region's metrics.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { allTalent, demoWorld, enrolAndAccept, registerResident, agreeTerms, assertInstantOrder } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

let server, resident, company, hub, city, anonymous, municipality, companyId;
before(async () => {
  ({ server, resident, company, hub, city, anonymous } = await demoWorld());
  municipality = (await city.get("/api/v1/me")).body.role.municipality;
  companyId = (await company.get("/api/v1/me")).body.role.company;
  assert.ok(municipality && companyId);
});
after(async () => { await server?.dispose(); });

const PROFILE = profileInput({
  display_name: "田中 一郎",
  skills: [{ task: "data.entry", level: "beginner" }, { task: "sns.post", level: "beginner" }],
});

const JOB = jobInput({
  title: "アンケート結果の入力",
  description: "紙のアンケートを表計算ソフトに入力します。",
  duration_weeks: 8,
  pay_yen: 1100,
});

const COURSE = () => ({
  name_ja: `はじめてのデータ入力講座 ${Date.now()}`,
  description_ja: "全4回で表計算ソフトへの入力を学びます。",
  municipality,
  kind: "course",
  certifies: ["data.entry", "sns.post"],
  starts_on: "2026-04-01",
  ends_on: "2026-05-13",
  online: true,
  capacity: 20,
});

async function newResident(tag) {
  const email = `${tag}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.jp`;
  const { client, account } = await registerResident(server.base, email);
  const put = await client.put("/api/v1/me/profile", PROFILE);
  assert.equal(put.status, 201, JSON.stringify(put.body));
  return { client, account, email };
}

const cardsOf = (board, column) => board.columns.find((c) => c.column === column).cards;

let job, matched; // shared: the job posted and the resident matched in the pipeline test

test("the pipeline shows a freshly matched engagement under matched, with filters", async () => {
  const posted = await company.post("/api/v1/jobs", JOB);
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  job = posted.body;
  matched = await newResident("pipe");
  const [a, b] = [
    await company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, matched.account.id)}/interest`),
    await matched.client.post(`/api/v1/jobs/${job.id}/interest`),
  ];
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(b.status, 201, JSON.stringify(b.body));
  const engagement = b.body.id;

  const board = await hub.get("/api/v1/hub/pipeline");
  assert.equal(board.status, 200, JSON.stringify(board.body));
  assert.deepEqual(board.body.columns.map((c) => c.column),
    ["proposed", "interest", "matched", "trial", "working", "renewed", "ended"]);
  assert.ok(board.body.columns.every((c) => c.label.ja && c.label.en));
  const card = cardsOf(board.body, "matched").find((c) => c.engagement === engagement);
  assert.ok(card, "the engagement is in the matched column");
  assert.equal(card.job_title, JOB.title);
  assert.ok(card.company_name, "the company's name is on the card");
  assert.deepEqual(card.tasks, ["data.entry"]);
  assert.equal(card.days_since_activity, 0);
  // A card leaves out what is false or unset: absent reads as "not stalled", "no date".
  assert.equal(card.stalled, undefined);
  assert.equal(card.overdue, undefined);
  assert.equal(card.next_checkin_due, undefined, "no check-in schedule before the trial");
  assert.equal(board.body.stalled_days, 14);
  const unchanged = await hub.get("/api/v1/hub/pipeline", { headers: { "if-none-match": board.headers.get("etag") } });
  assert.equal(unchanged.status, 304, "an unchanged board is revalidated with its ETag");

  const byTask = await hub.get("/api/v1/hub/pipeline?task=data.entry");
  assert.ok(cardsOf(byTask.body, "matched").some((c) => c.engagement === engagement));
  const otherTask = await hub.get("/api/v1/hub/pipeline?task=sns.post");
  assert.ok(!cardsOf(otherTask.body, "matched").some((c) => c.engagement === engagement));
  const byCompany = await hub.get(`/api/v1/hub/pipeline?company=${companyId}&stalled_days=1`);
  assert.ok(cardsOf(byCompany.body, "matched").some((c) => c.engagement === engagement));
  assert.equal((await hub.get("/api/v1/hub/pipeline?company=nobody")).body.total, 0);
  assert.equal((await hub.get("/api/v1/hub/pipeline?stalled_days=0")).status, 400);

  // Trial started (on terms both confirmed): the first check-in is two weeks away, so nothing
  // is due today.
  await agreeTerms(company, matched.client, engagement);
  const trial = await hub.post(`/api/v1/engagements/${engagement}/events`, { type: "trial_started", trial_weeks: 4 });
  assert.equal(trial.status, 201, JSON.stringify(trial.body));
  const after = await hub.get("/api/v1/hub/pipeline");
  const inTrial = cardsOf(after.body, "trial").find((c) => c.engagement === engagement);
  assert.ok(inTrial && inTrial.next_checkin_due, "a trial has its next check-in date");
  const { all: due } = await everyPage("/api/v1/hub/due", (b) => b.items, (b) => b.more, 50);
  assert.ok(!due.some((c) => c.engagement === engagement));
});

test("hub routes: 401 without a session, 403 for resident, company and municipality", async () => {
  const calls = [
    (c) => c.get("/api/v1/hub/pipeline"),
    (c) => c.get("/api/v1/hub/due"),
    (c) => c.post(`/api/v1/companies/${companyId}/approval`, { decision: "approve" }),
    (c) => c.post(`/api/v1/residents/${matched.account.id}/verifications`, { task: "data.entry", level: "experienced", note: "見学" }),
  ];
  for (const call of calls) {
    assert.equal((await call(anonymous)).status, 401);
    for (const who of [resident, company, city]) assert.equal((await call(who)).status, 403);
  }
});

test("the hub rejects a company (with a reason) and approves it again; the company feels both", async () => {
  const path = `/api/v1/companies/${companyId}/approval`;
  const noReason = await hub.post(path, { decision: "reject" });
  assert.equal(noReason.status, 422);
  assert.deepEqual(noReason.body.error.fields.map((f) => f.field), ["reason"]);
  assert.equal((await hub.post("/api/v1/companies/no-such-company/approval", { decision: "approve" })).status, 404);

  const rejected = await hub.post(path, { decision: "reject", reason: "事業内容を確認できませんでした。" });
  assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
  assert.equal(rejected.body.state, "rejected");
  const refused = await company.post("/api/v1/jobs", JOB);
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, "company_not_approved");

  const approved = await hub.post(path, { decision: "approve" });
  assert.equal(approved.status, 200);
  assert.equal(approved.body.state, "approved");
  assert.equal((await company.post("/api/v1/jobs", JOB)).status, 201);
});

test("a hub verification shows in the resident's profile and on the company's talent card", async () => {
  const id = matched.account.id;
  const bad = await hub.post(`/api/v1/residents/${id}/verifications`, { task: "no.such", level: "experienced", note: "" });
  assert.equal(bad.status, 422);
  const badFields = bad.body.error.fields.map((f) => f.field);
  assert.ok(badFields.includes("task") && badFields.includes("note"), badFields.join());
  assert.equal((await hub.post("/api/v1/residents/nobody-here/verifications",
    { task: "data.entry", level: "experienced", note: "見学" })).status, 404);

  const note = "試しに3件入力してもらい、誤りなし";
  const res = await hub.post(`/api/v1/residents/${id}/verifications`, { task: "data.entry", level: "experienced", note });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  assert.equal(res.body.verification.by, "hub");

  const profile = await matched.client.get("/api/v1/me/profile");
  const skill = profile.body.skills.find((s) => s.task === "data.entry");
  assert.equal(skill.verification.by, "hub");
  assert.equal(skill.verification.note, note);
  assert.equal(skill.level, "experienced", "the level the hub confirmed");

  const cards = await allTalent(company, job.id);
  const card = cards.find((c) => c.card === cardOf(job.id, id));
  assert.ok(card, "the resident's card is among the talent");
  assert.equal(card.skills.find((s) => s.task === "data.entry").verified_by, "hub");

  // The resident edits the profile: the verification stays (it is not the resident's to write).
  const edit = await matched.client.put("/api/v1/me/profile", { ...PROFILE, hours_per_week: 15 });
  assert.equal(edit.status, 200);
  const again = await matched.client.get("/api/v1/me/profile");
  assert.equal(again.body.skills.find((s) => s.task === "data.entry").verification.by, "hub");
});

test("the rebuilt index holds the hub's verification, read from KV list metadata alone", async () => {
  // The cron rebuild cannot be triggered under wrangler dev; this is the same rebuild, on demand.
  const id = matched.account.id;
  const res = await anonymous.post(`/api/v1/dev/reindex?resident=${id}&task=data.entry`, {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.ok(res.body.residents > 300, `${res.body.residents} residents indexed`);
  // One list of the resident markers (rows as metadata), one of the verifications, one write:
  // no profile or verification is read.
  assert.equal(res.body.kv_ops, 3, `the rebuild took ${res.body.kv_ops} KV operations`);
  // The resident claimed "beginner"; the hub confirmed "experienced" (level 2).
  assert.deepEqual(res.body.skill, { level: 2, verified: true });
  const none = await anonymous.post(`/api/v1/dev/reindex?resident=${id}&task=sns.post`, {});
  assert.deepEqual(none.body.skill, { level: 1, verified: false }, "an unverified claim stays as claimed");
});

let course;
test("municipality staff creates and edits a course; hub and company may not; everyone lists", async () => {
  assert.equal((await hub.post("/api/v1/programs", COURSE())).status, 403);
  assert.equal((await company.post("/api/v1/programs", COURSE())).status, 403);
  assert.equal((await anonymous.post("/api/v1/programs", COURSE())).status, 401);
  const invalid = await city.post("/api/v1/programs", { ...COURSE(), certifies: ["no.such"], kind: "course" });
  assert.equal(invalid.status, 422);

  const created = await city.post("/api/v1/programs", COURSE());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  course = created.body;
  assert.equal(course.kind.kind, "course");
  assert.equal(course.municipality_id, municipality);

  const scheme = await city.post("/api/v1/programs", {
    name_ja: "テレワーク機器購入補助", description_ja: "パソコン購入費の半額を補助します。", municipality,
    kind: "support_scheme", for_whom: "市内在住の方",
  });
  assert.equal(scheme.status, 201, JSON.stringify(scheme.body));

  const edited = await city.put(`/api/v1/programs/${course.id}`, { ...COURSE(), name_ja: "データ入力講座（改）" });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.id, course.id);
  course = edited.body;
  assert.equal((await hub.put(`/api/v1/programs/${course.id}`, COURSE())).status, 403);
  assert.equal((await city.put("/api/v1/programs/no-such-program", COURSE())).status, 404);

  for (const who of [resident, company, hub, city]) {
    const list = await who.get("/api/v1/programs");
    assert.equal(list.status, 200);
    const ids = list.body.map((p) => p.id);
    assert.ok(ids.includes(course.id) && ids.includes(scheme.body.id));
  }
  assert.equal((await anonymous.get("/api/v1/programs")).status, 401);
});

const CSV = "氏名,メール/電話,講座\r\n山田 花子,hanako.csv@example.jp,\r\n佐藤 次郎,090-1234-5678,\r\n";

test("enrolment by CSV: the same file twice enrols each person once", async () => {
  const path = `/api/v1/programs/${course.id}/enrolments`;
  assert.equal((await hub.post(path, { csv: CSV })).status, 403);
  const first = await city.post(path, { csv: CSV });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.deepEqual([first.body.rows, first.body.created, first.body.unchanged], [2, 2, 0]);
  const second = await city.post(path, { csv: `\ufeff${CSV.replace("090-1234-5678", "０９０ー１２３４ー５６７８")}` });
  assert.equal(second.status, 200, JSON.stringify(second.body));
  assert.deepEqual([second.body.created, second.body.unchanged], [0, 2], "no duplicate, even written differently");
});

test("enrolment by CSV: a bad row is a 422 naming row and column, and nothing is written", async () => {
  const path = `/api/v1/programs/${course.id}/enrolments`;
  const good = "鈴木 三郎,saburo@example.jp,\r\n";
  const bad = `氏名,メール/電話,講座\r\n${good}高橋 四郎,not-an-email@,\r\n`;
  const preview = await city.post(`${path}?preview=1`, { csv: bad });
  assert.equal(preview.status, 422, "the preview checks every row as the import does");
  const goodPreview = await city.post(`${path}?preview=1`, { csv: `氏名,メール/電話,講座\r\n${good}` });
  assert.equal(goodPreview.status, 200, JSON.stringify(goodPreview.body));
  assert.deepEqual([goodPreview.body.rows.length, goodPreview.body.new, goodPreview.body.rows[0].line], [1, 1, 2]);
  const res = await city.post(path, { csv: bad });
  assert.equal(res.status, 422, JSON.stringify(res.body));
  const field = res.body.error.fields.find((f) => f.field === "rows[3].contact");
  assert.ok(field, JSON.stringify(res.body.error.fields));
  assert.match(field.message.ja, /3行目/);
  assert.match(field.message.en, /row 3/);
  const otherCourse = await city.post(path, { csv: `氏名,メール/電話,講座\r\n${good.replace(",\r\n", ",別の講座\r\n")}` });
  assert.equal(otherCourse.status, 422, "a row naming another course is refused");
  // The good row of the refused file was not written: uploading it alone enrols one new person.
  const alone = await city.post(path, { csv: `氏名,メール/電話,講座\r\n${good}` });
  assert.equal(alone.status, 201);
  assert.equal(alone.body.created, 1);
});

test("course completion verifies the course's task kinds for each resident", async () => {
  const graduate = await newResident("grad");
  const path = `/api/v1/programs/${course.id}/completions`;
  assert.equal((await hub.post(path, { residents: [graduate.account.id] })).status, 403);
  // Not enrolled (never accepted the course in the inbox): no completion is credited.
  const notEnrolled = await city.post(path, { residents: [graduate.account.id] });
  assert.equal(notEnrolled.status, 422, JSON.stringify(notEnrolled.body));
  assert.deepEqual(notEnrolled.body.error.fields.map((f) => f.field), ["residents[0]"]);
  await enrolAndAccept(city, graduate.client, course.id, graduate.email);
  const bad = await city.post(path, { residents: [graduate.account.id, "nobody-here"] });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.fields.map((f) => f.field), ["residents[1]"]);
  const before = await graduate.client.get("/api/v1/me/profile");
  assert.ok(before.body.skills.every((s) => s.verification === null), "nothing written by the refused request");

  const done = await city.post(path, { residents: [graduate.account.id] });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.deepEqual(done.body.verified[0].tasks, ["data.entry", "sns.post"]);
  const profile = await graduate.client.get("/api/v1/me/profile");
  for (const task of ["data.entry", "sns.post"]) {
    const skill = profile.body.skills.find((s) => s.task === task);
    assert.equal(skill.verification.by, "course", task);
    assert.equal(skill.verification.program, course.id);
  }
});

test("metrics: JSON with small cells suppressed, CSV with a BOM; staff and hub only", async () => {
  const path = `/api/v1/municipalities/${municipality}/metrics`;
  const report = await city.get(path);
  assert.equal(report.status, 200, JSON.stringify(report.body));
  const stages = report.body.funnel.map((r) => r.stage);
  assert.deepEqual(stages, ["registered", "trained", "verified", "matched", "working", "retained90", "renewed"]);
  assert.ok(report.body.funnel[0].count.value >= 5, "the demo region has registered residents");
  const cells = JSON.stringify(report.body);
  assert.ok(cells.includes('"suppressed"'), "cells of fewer than 5 people are suppressed");
  assert.equal(report.body.funnel.find((r) => r.stage === "renewed").count, "suppressed");
  assert.ok(!cells.includes("田中") && !cells.includes("@"), "no personal data");
  assert.equal((await hub.get(path)).status, 200);
  for (const who of [resident, company]) assert.equal((await who.get(path)).status, 403);
  assert.equal((await anonymous.get(path)).status, 401);
  assert.equal((await city.get("/api/v1/municipalities/nowhere/metrics")).status, 404);
  assert.equal((await city.get(`${path}?month=2026-13`)).status, 400);
  assert.equal((await city.get(`${path}?month=2026-04`)).status, 200);

  const csv = await fetch(`${server.base}${path}?format=csv`, { headers: { cookie: city.cookie } });
  assert.equal(csv.status, 200);
  assert.equal(csv.headers.get("content-type"), "text/csv; charset=utf-8");
  const bytes = new Uint8Array(await csv.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 BOM first");
  const text = new TextDecoder().decode(bytes.slice(3));
  assert.ok(text.startsWith("地域,期間,区分,講座,項目,値,単位\r\n"), text.slice(0, 60));
  assert.ok(text.includes(",X,"), "suppressed cells are X");
});

// ---------------------------------------------------------------- hub console (issue 8)

const allCards = (board) => board.columns.flatMap((c) => c.cards);

test("a check-in names its coordinator on the card; the board filters by coordinator", async () => {
  const hubId = (await hub.get("/api/v1/me")).body.id;
  const board = await hub.get("/api/v1/hub/pipeline");
  const card = allCards(board.body).find((c) => c.resident === matched.account.id && c.column === "trial");
  assert.ok(card, "the matched resident's trial is on the board");
  const before = card.next_checkin_due;
  const checkin = await hub.post(`/api/v1/engagements/${card.engagement}/events`,
    { type: "check_in", mood: 4, hours_worked: 6, note: "慣れてきた", follow_up: "来週に電話", with: "both" });
  assert.equal(checkin.status, 201, JSON.stringify(checkin.body));
  const after = allCards((await hub.get("/api/v1/hub/pipeline")).body).find((c) => c.engagement === card.engagement);
  assert.equal(after.coordinator, hubId);
  // Two weeks before the first slot: an extra check-in, kept, that satisfies no slot (it is more
  // than CHECKIN_EARLY_DAYS early), so the schedule stays. A due one moves it (browser test).
  assert.equal(after.next_checkin_due, before);
  assert.equal(after.days_since_checkin, 0);
  const mine = await hub.get(`/api/v1/hub/pipeline?coordinator=${hubId}`);
  assert.ok(allCards(mine.body).some((c) => c.engagement === card.engagement));
  assert.ok(allCards(mine.body).every((c) => c.coordinator === hubId));
  assert.equal((await hub.get("/api/v1/hub/pipeline?coordinator=nobody")).body.total, 0);
});

test("the handover timeline of a resident and of a company holds engagements, check-ins and notes", async () => {
  const id = matched.account.id;
  const board = allCards((await hub.get("/api/v1/hub/pipeline")).body);
  const engagement = board.find((c) => c.resident === id && c.column === "trial").engagement;
  const note = await hub.post(`/api/v1/engagements/${engagement}/events`, { type: "note", text: "月曜午前は通院のため連絡不可" });
  assert.equal(note.status, 201, JSON.stringify(note.body));
  const t = await hub.get(`/api/v1/hub/residents/${id}/timeline`);
  assert.equal(t.status, 200, JSON.stringify(t.body));
  assert.ok(t.body.engagements.some((e) => e.engagement === engagement));
  const kinds = t.body.entries.map((e) => e.kind);
  assert.equal(kinds[0], "note", "newest first");
  assert.equal(t.body.entries[0].text, "月曜午前は通院のため連絡不可");
  for (const k of ["check_in", "trial_started", "proposed"]) assert.ok(kinds.includes(k), k);
  const checkin = t.body.entries.find((e) => e.kind === "check_in");
  assert.deepEqual([checkin.mood, checkin.hours, checkin.follow_up], [4, 6, "来週に電話"]);
  const times = t.body.entries.map((e) => e.at);
  assertInstantOrder(times, "newest first");

  const c = await hub.get(`/api/v1/hub/companies/${companyId}/timeline`);
  assert.equal(c.status, 200);
  assert.ok(c.body.entries.some((e) => e.engagement === engagement && e.kind === "note"));
  assert.equal((await hub.get("/api/v1/hub/residents/nobody-here/timeline")).status, 404);
  for (const who of [resident, company, city]) {
    assert.equal((await who.get(`/api/v1/hub/residents/${id}/timeline`)).status, 403);
  }
});

test("attention: idle graduates have no work since their course; at-risk work ends soon with nothing next", async () => {
  const res = await hub.get("/api/v1/hub/attention");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.idle_days, 30);
  assert.ok(res.body.idle.length > 0, "the demo region has graduates without work");
  const board = allCards((await hub.get("/api/v1/hub/pipeline")).body);
  const running = new Set(board.filter((c) => ["trial", "working", "renewed"].includes(c.column)).map((c) => c.resident));
  for (const g of res.body.idle) {
    assert.ok(g.days_idle >= 30, JSON.stringify(g));
    assert.ok(!running.has(g.resident), `${g.resident} is idle but has work on the board`);
  }
  const ids = new Set(res.body.idle.map((g) => g.resident));
  assert.equal(ids.size, res.body.idle.length, "each resident once");
  for (const r of res.body.at_risk) {
    assert.ok(r.days_left <= 21, JSON.stringify(r));
    const active = board.filter((c) => c.resident === r.resident && c.column !== "ended" && !c.paused);
    assert.deepEqual(active.map((c) => c.engagement), [r.engagement], "nothing else active for this resident");
  }
  // A shorter window can only find more idle graduates.
  const wider = await hub.get("/api/v1/hub/attention?idle_days=1");
  assert.ok(wider.body.idle_total >= res.body.idle_total);
  assert.equal((await hub.get("/api/v1/hub/attention?idle_days=0")).status, 400);
  for (const who of [resident, company, city]) assert.equal((await who.get("/api/v1/hub/attention")).status, 403);
});

let graduate; // shared: the resident who completed `course` by enrolment
test("the municipality lists its course's participants (contacts masked) and completes them by enrolment", async () => {
  graduate = await newResident("enrolled");
  const csv = `氏名,メール/電話,講座\r\n受講 太郎,${graduate.email},\r\n`;
  assert.equal((await city.post(`/api/v1/programs/${course.id}/enrolments`, { csv })).status, 201);
  const list = await city.get(`/api/v1/programs/${course.id}/enrolments`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  const waiting = list.body.items.find((i) => i.name === "受講 太郎");
  assert.ok(waiting && !waiting.linked, "not linked before the resident accepts, though an account uses the email");
  const refused = await city.post(`/api/v1/programs/${course.id}/completions`, { enrolments: [waiting.enrolment] });
  assert.equal(refused.status, 422, "no completion for a person who has not accepted");
  assert.equal((await graduate.client.post(`/api/v1/me/courses/${course.id}`, { decision: "accept" })).status, 200);
  const item = (await city.get(`/api/v1/programs/${course.id}/enrolments`)).body.items.find((i) => i.name === "受講 太郎");
  assert.ok(item && item.linked, "linked once the resident accepted in the inbox");
  assert.ok(!JSON.stringify(list.body).includes(graduate.email), "contacts are masked");
  assert.ok(list.body.items.some((i) => i.name === "佐藤 次郎" && !i.linked), "a phone-only enrolment is not linked");
  assert.equal((await hub.get(`/api/v1/programs/${course.id}/enrolments`)).status, 403);

  const bad = await city.post(`/api/v1/programs/${course.id}/completions`, { enrolments: ["nope"] });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.error.fields.map((f) => f.field), ["enrolments[0]"]);
  const done = await city.post(`/api/v1/programs/${course.id}/completions`, { enrolments: [item.enrolment] });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.deepEqual(done.body.verified.map((v) => v.resident), [graduate.account.id]);
  const profile = await graduate.client.get("/api/v1/me/profile");
  assert.equal(profile.body.skills.find((s) => s.task === "data.entry").verification.by, "course");
});

test("cohort placement of a demo course: stable, within each job's slots, graduates never named", async () => {
  const programs = (await city.get("/api/v1/programs")).body;
  const demoCourse = programs.find((p) => p.kind.kind === "course" && p.municipality_id === municipality && p.id !== course.id);
  const res = await city.get(`/api/v1/programs/${demoCourse.id}/placement`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const p = res.body;
  assert.equal(p.stable, true);
  assert.ok(p.graduates > 0 && p.placed.length > 0, JSON.stringify(p));
  assert.equal(p.placed.length + p.unplaced.length, p.graduates);
  for (const [job, slots] of p.job_prefs) assert.ok(p.placed.filter((x) => x.job === job).length <= slots);
  assert.ok([...p.placed.map((x) => x.graduate), ...p.unplaced].every((g) => /^G\d+$/.test(g)), "labels only");
  assert.ok(!JSON.stringify(p).includes("res-"), "no resident id");
  assert.equal((await hub.get(`/api/v1/programs/${demoCourse.id}/placement`)).status, 403);
  assert.equal((await city.get("/api/v1/programs/no-such-course/placement")).status, 404);
});

test("a graduate who deletes the account leaves the course's placement", async () => {
  const placement = async () => {
    const res = await city.get(`/api/v1/programs/${course.id}/placement`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const before = await placement();
  assert.ok(before.graduates >= 1, JSON.stringify(before));
  const gone = await graduate.client.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  assert.equal((await placement()).graduates, before.graduates - 1);
});

/** Every item of a paged hub list, asked `limit` at a time until the answer says no more. */
async function everyPage(path, items, more, limit, extra = "") {
  const all = [];
  for (let offset = 0; ; offset += limit) {
    const res = await hub.get(`${path}?limit=${limit}&offset=${offset}${extra}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(items(res.body).length <= limit, "a page holds at most the limit");
    all.push(...items(res.body));
    if (!more(res.body)) return { all, last: res.body };
  }
}

test("the due list and the attention lists come a page at a time, each with its total, and the pages make the whole list", async () => {
  // The attention page: 20 of each list by default, each list's length beside it.
  const first = (await hub.get("/api/v1/hub/attention")).body;
  assert.ok(first.idle.length <= 20 && first.at_risk.length <= 20);
  assert.equal(first.idle_more, first.idle_total > first.idle.length);
  const whole = (await hub.get("/api/v1/hub/attention?limit=50")).body;
  assert.ok(whole.idle_total > 3, `the demo region has idle graduates to page through (${whole.idle_total})`);
  const { all: idle } = await everyPage("/api/v1/hub/attention", (b) => b.idle, (b) => b.idle_more, 3, "&list=idle");
  assert.equal(idle.length, whole.idle_total, "the pages hold every idle graduate");
  assert.equal(new Set(idle.map((g) => g.resident)).size, idle.length, "each once");
  for (let i = 1; i < idle.length; i++) assert.ok(idle[i - 1].days_idle >= idle[i].days_idle, "the longest idle first, page after page");
  assert.deepEqual(idle.slice(0, whole.idle.length).map((g) => g.resident), whole.idle.map((g) => g.resident));
  // Paging one list leaves the other at its first page.
  const other = (await hub.get("/api/v1/hub/attention?limit=3&list=idle&offset=3")).body;
  assert.equal(other.at_risk_offset, 0);
  assert.equal(other.idle_offset, 3);

  // The due list the same way, earliest due first.
  const due = (await hub.get("/api/v1/hub/due")).body;
  assert.ok(due.items.length <= 20);
  assert.equal(due.more, due.total > due.items.length);
  const { all: dueAll, last } = await everyPage("/api/v1/hub/due", (b) => b.items, (b) => b.more, 2);
  assert.equal(dueAll.length, last.total, "the pages hold every check-in due");
  assert.equal(new Set(dueAll.map((c) => c.engagement)).size, dueAll.length);
  for (let i = 1; i < dueAll.length; i++) assert.ok(dueAll[i - 1].next_checkin_due <= dueAll[i].next_checkin_due, "earliest first");

  // Wrong paging is refused in both languages, naming what is wrong.
  const tooMany = await hub.get("/api/v1/hub/due?limit=500");
  assert.equal(tooMany.status, 422, JSON.stringify(tooMany.body));
  const [field] = tooMany.body.error.fields;
  assert.equal(field.field, "limit");
  assert.match(field.message.ja, /1 から 50/);
  assert.match(field.message.en, /between 1 and 50/);
  assert.equal((await hub.get("/api/v1/hub/attention?offset=-1&list=idle")).status, 422);
  const badList = await hub.get("/api/v1/hub/attention?list=everyone");
  assert.equal(badList.status, 400);
  assert.equal(badList.body.error.code, "bad_list");
  assert.match(badList.body.error.message.en, /idle or at_risk/);
});
