// Privacy on a real workerd: the export holds my profile and engagements; deleting the account
// ends every session and login, the company never sees the person's name or contact again (the
// engagement itself stays, anonymised), matching drops them at once, and the next summary
// refresh counts one resident fewer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { deskDump, kv, kvDump, startSeededServer } from "../support/server.mjs";
import { Client, DEMO, allTalent, login, registerResident, agreeTerms } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";


let server, company, hub;
before(async () => {
  server = await startSeededServer();
  [company, hub] = await Promise.all([DEMO.company, DEMO.hub].map((e) => login(server.base, e)));
});
after(async () => { await server?.dispose(); });

const NAME = "削除 テスト花子";
const PROFILE = profileInput({
  display_name: NAME,
  skills: [{ task: "data.entry", level: "experienced" }],
  windows: ["weekday_morning", "weekday_daytime"],
});
const JOB = jobInput({
  title: "アンケートの集計",
  description: "紙のアンケートを表計算ソフトに入力します。",
  duration_weeks: 8,
  pay_yen: 1100,
});

/**
 * Recomputes the public summary as its refresh does: the summary is derived, so dropping the
 * stored copy makes the next read count the membership markers again. (The cron handler cannot
 * be triggered locally: wrangler 4.86 fails to pass workers-rs its ScheduledController.)
 */
async function refreshSummary() {
  await kv(server, "delete", "summary:midori");
}

async function residentsCount() {
  const res = await fetch(`${server.base}/api/v1/public/summary`);
  return (await res.json()).residents;
}

test("export holds everything about me; deletion erases the person but keeps the engagement anonymised", async () => {
  const email = `forget-me-${Date.now()}@example.jp`;
  const { client: me, account } = await registerResident(server.base, email);
  assert.equal((await me.put("/api/v1/me/profile", PROFILE)).status, 201);
  const otherDevice = await login(server.base, email, "midori-2026-pass");

  const job = await company.post("/api/v1/jobs", JOB);
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const jobId = job.body.id;
  assert.ok((await allTalent(company, jobId)).some((c) => c.card === cardOf(jobId, account.id)), "listed before deletion");
  const mine = await me.post(`/api/v1/jobs/${jobId}/interest`);
  assert.equal(mine.status, 201);
  const engagementId = mine.body.id;
  assert.equal((await company.post(`/api/v1/jobs/${jobId}/talent/${cardOf(jobId, account.id)}/interest`)).status, 201);
  const before = await company.get(`/api/v1/engagements/${engagementId}`);
  assert.equal(before.body.contacts.resident_name, NAME, "mutual interest reveals the name");

  // Export: account without the hash, the profile, the engagement with its events.
  const exported = await me.get("/api/v1/me/export");
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get("content-disposition") ?? "", /attachment/);
  const x = exported.body;
  assert.equal(x.account.id, account.id);
  assert.equal(x.account.email, email);
  assert.ok(!JSON.stringify(x).includes("hash_hex") && !JSON.stringify(x).includes("salt"), "no password hash");
  assert.equal(x.resident_profile.display_name, NAME);
  const eng = x.engagements.find((e) => e.id === engagementId);
  assert.ok(eng, "the engagement is in the export");
  const kinds = eng.events.map((e) => e.kind.type);
  assert.ok(kinds.includes("proposed") && kinds.includes("interest_shown"), kinds.join());
  assert.ok(Array.isArray(x.other_records));
  assert.ok(x.note.ja && x.note.en);

  await refreshSummary();
  const residentsBefore = await residentsCount();

  // Deletion needs the exact confirmation.
  const noBody = await me.delete("/api/v1/me");
  assert.equal(noBody.status, 400);
  const wrong = await me.request("DELETE", "/api/v1/me", { body: { confirm: "yes" } });
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.error.code, "confirmation_required");
  assert.ok(wrong.body.error.message.ja && wrong.body.error.message.en);
  assert.equal((await me.get("/api/v1/me")).status, 200, "nothing was deleted yet");

  const gone = await me.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  assert.equal(gone.body.deleted, true);
  assert.ok(gone.body.sessions_ended >= 2, "both sessions ended");
  assert.ok(gone.headers.getSetCookie().some((c) => c.startsWith("__Host-musubi_session=;") || c.includes("Max-Age=0")));

  // Logged out everywhere, and the login is gone.
  assert.equal((await me.get("/api/v1/me")).status, 401);
  assert.equal((await otherDevice.get("/api/v1/me")).status, 401, "the other device's session ended too");
  assert.equal((await otherDevice.put("/api/v1/me/profile", PROFILE)).status, 401, "no profile can be re-created");
  const relogin = await fetch(`${server.base}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: email, password: "midori-2026-pass" }),
  });
  assert.equal(relogin.status, 401);

  // The engagement stays for the company and the hub, but never names the person again.
  for (const viewer of [company, hub]) {
    const after = await viewer.get(`/api/v1/engagements/${engagementId}`);
    assert.equal(after.status, 200);
    assert.equal(after.body.contacts.resident_deleted, true);
    assert.equal(after.body.contacts.resident_name, "");
    assert.equal(after.body.contacts.resident_email, null);
    const text = JSON.stringify(after.body);
    assert.ok(!text.includes(NAME) && !text.includes(email), "no name or email anywhere");
    assert.equal(after.body.column, "matched", "the engagement's history is kept");
  }
  assert.ok(!(await allTalent(company, jobId)).some((c) => c.card === cardOf(jobId, account.id)), "matching drops the person at once");
  assert.equal((await company.post(`/api/v1/jobs/${jobId}/talent/${cardOf(jobId, account.id)}/interest`)).status, 404);

  await refreshSummary();
  assert.equal(await residentsCount(), residentsBefore - 1, "the refreshed summary counts one resident fewer");

  // The same email may register again, as a new person with nothing of the old one.
  const again = await registerResident(server.base, email);
  assert.notEqual(again.account.id, account.id);
  assert.equal((await again.client.get("/api/v1/me/profile")).status, 404);
  const fresh = await again.client.get("/api/v1/me/export");
  assert.deepEqual(fresh.body.engagements, []);
});

test("a company member's export holds the events they posted; anonymous gets 401", async () => {
  const res = await company.get("/api/v1/me/export");
  assert.equal(res.status, 200);
  assert.equal(res.body.account.email, DEMO.company);
  assert.equal(res.body.resident_profile, null);
  const me = (await company.get("/api/v1/me")).body.id;
  for (const e of res.body.engagements) {
    assert.ok(e.events.every((ev) => ev.actor.user === me), "only my own events");
  }
  const anonymous = new Client(server.base);
  assert.equal((await anonymous.get("/api/v1/me/export")).status, 401);
  assert.equal((await anonymous.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } })).status, 401);
});

/**
 * A new resident with a profile, matched with the demo company on a new job: the resident's
 * client and account, the engagement's id and a poster of its events.
 */
async function matchedOnNewJob(tag) {
  const { client: me, account } = await registerResident(server.base, `${tag}-${Date.now()}@example.jp`);
  assert.equal((await me.put("/api/v1/me/profile", PROFILE)).status, 201);
  const job = (await company.post("/api/v1/jobs", JOB)).body;
  const opened = await me.post(`/api/v1/jobs/${job.id}/interest`);
  assert.equal((await company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, account.id)}/interest`)).status, 201);
  const id = opened.body.id;
  await agreeTerms(company, me, id);
  const post = (who, body) => who.post(`/api/v1/engagements/${id}/events`, body);
  return { me, account, id, post };
}

test("each side's export holds only what its views show", async () => {
  const { me, account, post } = await matchedOnNewJob("export-views");
  assert.equal((await post(hub, { type: "trial_started", trial_weeks: 4 })).status, 201);
  assert.equal((await post(hub, { type: "note", text: "ハブ内の引き継ぎメモ" })).status, 201);
  assert.equal((await post(hub, { type: "check_in", mood: 3, hours_worked: 4, note: "会社とだけ話したメモ", with: "company" })).status, 201);
  assert.equal((await post(hub, { type: "check_in", mood: 4, hours_worked: 4, note: "本人と話したメモ", with: "resident" })).status, 201);
  assert.equal((await post(company, { type: "trial_passed" })).status, 201);
  assert.equal((await post(company, { type: "completed" })).status, 201);
  assert.equal((await post(company, { type: "review", rating: 2, note: "会社だけの評価コメント" })).status, 201);

  const mine = JSON.stringify((await me.get("/api/v1/me/export")).body);
  assert.ok(mine.includes("本人と話したメモ"), "what the resident was told is theirs");
  for (const hidden of ["ハブ内の引き継ぎメモ", "会社とだけ話したメモ", "会社だけの評価コメント"]) {
    assert.ok(!mine.includes(hidden), `the resident's export holds "${hidden}"`);
  }
  const companyExport = JSON.stringify((await company.get("/api/v1/me/export")).body);
  assert.ok(companyExport.includes("会社だけの評価コメント"), "the company's own review");
  for (const hidden of ["ハブ内の引き継ぎメモ", "本人と話したメモ", account.id]) {
    assert.ok(!companyExport.includes(hidden), `the company's export holds "${hidden}"`);
  }
});

test("deletion leaves no personal value in any stored key; the rebuilt index drops the person", async () => {
  const NAME2 = "消去 確認太郎";
  const invite = await hub.post("/api/v1/invites", { role: "resident", expires_in_days: 7 });
  assert.equal(invite.status, 201, JSON.stringify(invite.body));
  const code = invite.body.code;
  const reg = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ invite_code: code, password: "midori-2026-pass" }),
  });
  assert.equal(reg.status, 201);
  const account = await reg.json();
  const cookie = reg.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session=")).split(";")[0];
  const me = new Client(server.base, cookie);
  const phone = `090${String(Date.now()).slice(-8)}`;
  assert.equal((await me.put("/api/v1/me/profile", profileInput({ display_name: NAME2, phone: `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}` }))).status, 201);
  // The municipality put the person on a course by phone only (no email).
  const city = await login(server.base, DEMO.municipality);
  const municipality = (await city.get("/api/v1/me")).body.role.municipality;
  const course = (await city.post("/api/v1/programs", {
    name_ja: `電話だけの講座 ${Date.now()}`, description_ja: "入力の確認を学びます。", municipality,
    kind: "course", certifies: ["data.check"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
  })).body;
  const PHONE_NAME = "電話 のみ子";
  assert.equal((await city.post(`/api/v1/programs/${course.id}/enrolments`, { csv: `氏名,メール/電話,講座\r\n${PHONE_NAME},${phone},\r\n` })).status, 201);
  assert.equal((await me.get("/api/v1/me/courses")).body.find((o) => o.program === course.id)?.state, "invited", "the phone's invitation is in the inbox");
  assert.equal((await me.post(`/api/v1/me/courses/${course.id}`, { decision: "accept" })).status, 200);
  const job = (await company.post("/api/v1/jobs", JOB)).body;
  const opened = await me.post(`/api/v1/jobs/${job.id}/interest`, undefined, { headers: { "idempotency-key": `erase-${Date.now()}` } });
  assert.equal(opened.status, 201);
  assert.equal((await company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, account.id)}/interest`)).status, 201);
  const id = opened.body.id;
  await agreeTerms(company, me, id);
  const post = (who, body) => who.post(`/api/v1/engagements/${id}/events`, body);
  assert.equal((await post(hub, { type: "trial_started", trial_weeks: 4 })).status, 201);
  assert.equal((await post(hub, { type: "check_in", mood: 4, hours_worked: 4, note: `${NAME2}さんは順調`, with: "both", follow_up: `${NAME2}さんに電話` })).status, 201);
  assert.equal((await post(hub, { type: "note", text: `${NAME2}さんの引き継ぎ` })).status, 201);
  assert.equal((await post(company, { type: "cancelled", reason: `${NAME2}さんの都合` })).status, 201);
  assert.equal((await me.get("/api/v1/me/record")).status, 200, "a skill record issued");
  // The company keeps the person on its shortlist (a desk row that names the resident).
  const shortlisted = `/api/v1/jobs/${job.id}/shortlist`;
  assert.equal((await company.put(`${shortlisted}/${cardOf(job.id, account.id)}`)).status, 200);
  assert.ok((await company.get(shortlisted)).body.some((c) => c.card === cardOf(job.id, account.id)));

  // The export holds the phone-only enrolment the person accepted.
  const exported = (await me.get("/api/v1/me/export")).body;
  const enrolment = exported.other_records.find((r) => r.kind === "enrolments" && r.value.program === course.id);
  assert.equal(enrolment?.value.name, PHONE_NAME, JSON.stringify(exported.other_records));
  assert.equal(enrolment.value.accepted_by, account.id);
  // And the fair-work terms of the engagement, naming the person as the contractor.
  const terms = exported.other_records.find((r) => r.kind === "fair_work" && r.key.startsWith(`desk:fair_terms:${id}:`));
  assert.equal(terms?.value.statement.contractor.name, NAME2, JSON.stringify(exported.other_records.map((r) => r.key)));

  const gone = await me.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  assert.deepEqual((await company.get(shortlisted)).body, [], "the deleted person left the shortlist");
  // The read-your-writes overlay expires after 30 minutes: drop it now, then rebuild the index,
  // as the cron does, so what the talent list shows comes from the index alone.
  await kv(server, "delete", `recent:midori:${account.id}`);
  const rebuilt = await fetch(`${server.base}/api/v1/dev/reindex`, { method: "POST" });
  assert.equal(rebuilt.status, 200);
  assert.ok(!(await allTalent(company, job.id)).some((c) => c.card === cardOf(job.id, account.id)), "not in the rebuilt index");

  const dump = await kvDump(server);
  assert.ok(dump.length > 1000, `the whole store is read (${dump.length} keys)`);
  const sha = (t) => createHash("sha256").update(t).digest("hex");
  const leftKeys = dump.map((k) => k.name).filter((n) => n.includes(account.id));
  assert.deepEqual(leftKeys.filter((n) => !n.startsWith("gone:")), [], "only the tombstone is named after the account");
  assert.ok(!dump.some((k) => k.name === `login:${sha(code.toLowerCase())}` || k.name === `login:${sha(code)}`), "the code login is gone");
  for (const { name, value } of dump) {
    assert.ok(!value.includes(NAME2), `${name} still holds the name`);
    assert.ok(!value.includes(PHONE_NAME) && !value.includes(phone), `${name} still holds the phone-only enrolment`);
  }
  const phoneHash = sha(`phone:${phone}`);
  assert.deepEqual(dump.map((k) => k.name).filter((n) => n.includes(phoneHash)), [], "no key names the phone's hash");
  // The region desk's rows: no idempotency answer or any other row names the account.
  const desk = await deskDump(server);
  assert.ok(desk.files >= 1 && desk.text.includes("CREATE TABLE idempotency"), `the desk is read (${desk.files} files)`);
  assert.ok(!desk.text.includes(account.id), "no desk row names the account");
  assert.ok(!desk.text.includes(NAME2) && !desk.text.includes(phone), "no desk row holds the name or phone");
  assert.ok(!desk.text.includes(PHONE_NAME) && !desk.text.includes(phoneHash), "no desk row holds the phone-only enrolment");
});

/** Sets the development clock `days` from the real now (null: back to the real time). */
async function clockAhead(days) {
  const now = days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString();
  const res = await fetch(`${server.base}/api/v1/dev/clock`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ now }),
  });
  assert.equal(res.status, 200, await res.text());
}

test("five years after an engagement ended its words are erased; its shape stays for the record", async () => {
  const { id, post } = await matchedOnNewJob("retention");
  const words = ["五年で消える面談メモ", "五年で消える次の一手", "五年で消える引き継ぎ"];
  assert.equal((await post(hub, { type: "trial_started", trial_weeks: 4 })).status, 201);
  assert.equal((await post(hub, { type: "check_in", mood: 4, hours_worked: 6, note: words[0], follow_up: words[1], with: "both" })).status, 201);
  assert.equal((await post(hub, { type: "note", text: words[2] })).status, 201);
  assert.equal((await post(company, { type: "trial_passed" })).status, 201);
  assert.equal((await post(company, { type: "completed" })).status, 201);
  // The scheduled refresh (the dev reindex runs it) at a later time, then the hub reads the state.
  const stateAt = async (days) => {
    await clockAhead(days);
    assert.equal((await fetch(`${server.base}/api/v1/dev/reindex`, { method: "POST" })).status, 200);
    const hubNow = await login(server.base, DEMO.hub); // sessions last 30 days of the clock's time
    return (await hubNow.get(`/api/v1/engagements/${id}`)).body.state;
  };
  try {
    const fourYears = await stateAt(4 * 365);
    assert.ok(JSON.stringify(fourYears).includes(words[2]), "four years after the end the words are kept");
    const fiveYears = await stateAt(5 * 365 + 3);
    const text = JSON.stringify(fiveYears);
    for (const w of words) assert.ok(!text.includes(w), `"${w}" is still in the state`);
    assert.deepEqual(fiveYears.stage, { stage: "completed" }, "the shape stays");
    assert.equal(fiveYears.checkins.length, 1);
    assert.equal(fiveYears.checkins[0].hours_worked, 6, "the hours stay for the record");
    const desk = await deskDump(server);
    for (const w of words) assert.ok(!desk.text.includes(w), `"${w}" is still in a desk row`);
  } finally {
    await clockAhead(null);
  }
});
