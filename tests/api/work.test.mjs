// The work loop on a real workerd: a resident's profile and matches, a company's job and its
// anonymous talent, mutual interest revealing contacts, the hub's next steps, who may do what,
// Idempotency-Key and read-your-writes on matching.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { brotliCompressSync, constants } from "node:zlib";
import { allTalent, demoWorld, registerResident, agreeTerms } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf } from "../support/cards.mjs";

let server, resident, company, hub, city, anonymous;
before(async () => {
  ({ server, resident, company, hub, city, anonymous } = await demoWorld());
});
after(async () => { await server?.dispose(); });

const PROFILE = profileInput({
  hours_per_week: "２０",
  windows: ["weekday_morning", "weekday_daytime", "weekday_evening", "weekend_morning"],
});

const JOB = jobInput();

const sum = (reasons) => reasons.reduce((a, r) => a + r.points, 0);

test("the demo resident sees matched jobs with reasons that add up to the score", async () => {
  const profile = await resident.get("/api/v1/me/profile");
  assert.equal(profile.status, 200);
  const matches = await resident.get("/api/v1/me/matches?limit=5");
  assert.equal(matches.status, 200);
  assert.ok(matches.body.items.length > 0, "some open job matches");
  for (const m of matches.body.items) {
    assert.equal(sum(m.score.reasons), m.score.points);
    assert.ok(m.score.reasons.every((r) => r.text.ja && r.text.en));
    // The card's facts say what the job says, in words the card shows as they are.
    const { facts, job } = m;
    assert.equal(facts.min_hours_per_person, job.min_hours_per_person);
    assert.equal(facts.remote, job.place.kind === "remote", JSON.stringify(job.place));
    if (job.pay.kind === "hourly") assert.equal(facts.hourly_yen, job.pay.yen);
    else assert.equal(facts.hourly_yen, Math.floor((job.pay.yen * 60) / Math.max(1, job.pay.minutes_per_task)), JSON.stringify(job.pay));
    assert.ok(facts.hours.ja.includes(String(job.min_hours_per_person)) && facts.hours.en, JSON.stringify(facts.hours));
    assert.ok(facts.pay_schedule.ja.includes("締め") && facts.pay_schedule.en, JSON.stringify(facts.pay_schedule));
    const families = [...new Set(job.tasks.map((t) => t.task.split(".")[0]))];
    assert.deepEqual(facts.families.map((f) => f.id), families, "each family once, in the tasks' order");
    assert.ok(facts.families.every((f) => f.name.ja && f.name.en && f.name.ja !== f.id), JSON.stringify(facts.families));
  }
  const again = await resident.get("/api/v1/me/matches?limit=5", { headers: { "if-none-match": matches.headers.get("etag") } });
  assert.equal(again.status, 304, "an unchanged list is revalidated with its ETag");
});

test("the card view of the matches is the full page as the card shows it, in fewer bytes", async (t) => {
  const full = await resident.get("/api/v1/me/matches?offset=0&limit=10");
  const cards = await resident.get("/api/v1/me/matches?offset=0&limit=10&view=card");
  assert.equal(cards.status, 200);
  assert.ok(cards.body.items.length > 0);
  const card = (m) => ({
    job: { id: m.job.id, title: m.job.title, description: m.job.description },
    score: { reasons: m.score.reasons.map(({ points, text, gap }) => (gap ? { points, text, gap } : { points, text })) },
    place: m.place, sent: m.sent ?? null, facts: m.facts,
  });
  assert.deepEqual(cards.body.items.map((m) => ({ ...m, sent: m.sent ?? null })), full.body.items.map(card));
  for (const key of ["offset", "limit", "has_more", "excluded"]) assert.deepEqual(cards.body[key], full.body[key], key);
  // Bytes as brotli carries them (quality 5, as for a dynamic answer at the edge).
  const bytes = (r) => brotliCompressSync(JSON.stringify(r.body), { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }).length;
  t.diagnostic(`ten matches: ${bytes(cards)} B brotli in the card view, ${bytes(full)} B in full`);
  assert.ok(bytes(cards) < bytes(full), `the card view is ${bytes(cards)} of ${bytes(full)} bytes`);
  assert.equal((await resident.get("/api/v1/me/matches?view=full")).status, 200);
  const bad = await resident.get("/api/v1/me/matches?view=summary");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "bad_view");
  assert.ok(bad.body.error.message.ja.includes("card") && bad.body.error.message.en.includes("card"));
});

test("the profile in words names the place, the tasks and the families, follows a save, and is revalidated", async () => {
  const { client } = await registerResident(server.base, `words-${Date.now()}@example.jp`);
  const region = (await client.get("/api/v1/regions/default")).body;
  const town = region.municipalities[0];
  const saved = await client.put("/api/v1/me/profile", profileInput({
    display_name: "言葉 花子", lives_in: town.id, hours_per_week: "12", windows: ["weekday_morning", "weekend_evening"],
    skills: [{ task: "data.entry", level: "experienced" }], wishes: { families: ["sns"], min_hourly_yen: "1100", team_ok: "true" },
  }));
  assert.ok([200, 201].includes(saved.status), JSON.stringify(saved.body));
  const words = await client.get("/api/v1/me/profile?view=summary");
  assert.equal(words.status, 200);
  assert.deepEqual(words.body.parts.map((p) => p.part), ["place", "skills", "time", "device", "wishes"]);
  const text = (part, lang) => words.body.parts.find((p) => p.part === part).lines.map((l) => `${l.label[lang]}: ${l.value[lang]}`);
  assert.deepEqual(text("place", "ja").slice(0, 2), ["お名前: 言葉 花子", `住んでいる所: ${town.name.ja}`]);
  assert.deepEqual(text("skills", "ja"), ["データ入力: 経験あり"]);
  assert.deepEqual(text("time", "en"), ["Hours a week: 12 h a week", "When: Weekday mornings (8:00–12:00), Weekend evenings (17:00–20:00)"]);
  assert.deepEqual(text("wishes", "ja"), ["やってみたい分野: SNS運用", "希望する最低の時給: 時給1100円以上", "チームの仕事: チームで分担する仕事もしたい"]);
  const again = await client.get("/api/v1/me/profile?view=summary", { headers: { "if-none-match": words.headers.get("etag") } });
  assert.equal(again.status, 304, "an unchanged summary is revalidated with its ETag");
  await client.put("/api/v1/me/profile", profileInput({ display_name: "言葉 花子", hours_per_week: "30" }));
  const after = await client.get("/api/v1/me/profile?view=summary", { headers: { "if-none-match": words.headers.get("etag") } });
  assert.equal(after.status, 200, "a save changes the summary");
  assert.match(JSON.stringify(after.body), /週30時間/);
  const bad = await client.get("/api/v1/me/profile?view=card");
  assert.equal(bad.status, 400);
  assert.ok(bad.body.error.message.ja.includes("summary") && bad.body.error.message.en.includes("summary"));
  assert.equal((await company.get("/api/v1/me/profile?view=summary")).status, 403, "a company has no resident profile");
});

test("a profile with bad input gets every field error at once, in Japanese and English", async () => {
  const { client } = await registerResident(server.base, `bad-${Date.now()}@example.jp`);
  const res = await client.put("/api/v1/me/profile", { ...PROFILE, hours_per_week: "99", windows: [], skills: [{ task: "no.such", level: "x" }] });
  assert.equal(res.status, 422);
  const fields = res.body.error.fields.map((f) => f.field);
  for (const f of ["hours_per_week", "windows"]) assert.ok(fields.includes(f), `${f} in ${fields}`);
  assert.ok(fields.some((f) => f.startsWith("skills")), `a skills error in ${fields}`);
  assert.ok(res.body.error.fields.every((f) => f.message.ja && f.message.en));
  assert.equal((await client.get("/api/v1/me/profile")).status, 404, "nothing was stored");
});

test("post a job once with an Idempotency-Key, see anonymous talent, meet by mutual interest", async () => {
  const key = `job-${Date.now()}-abcdef`;
  const [first, retry] = [
    await company.post("/api/v1/jobs", JOB, { headers: { "idempotency-key": key } }),
    await company.post("/api/v1/jobs", JOB, { headers: { "idempotency-key": key } }),
  ];
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.equal(retry.status, 201);
  assert.equal(retry.body.id, first.body.id, "the retry returns the first job");
  assert.equal(retry.headers.get("idempotent-replayed"), "true");
  const job = first.body;

  // A new resident writes a profile; the company sees the card at once (read-your-writes).
  const email = `hanako-${Date.now()}@example.jp`;
  const { client: hanako, account } = await registerResident(server.base, email);
  const put = await hanako.put("/api/v1/me/profile", PROFILE);
  assert.equal(put.status, 201, JSON.stringify(put.body));
  assert.equal(put.body.hours_per_week, 20, "full-width digits are read");
  const cards = await allTalent(company, job.id);
  const card = cards.find((c) => c.card === cardOf(job.id, account.id));
  assert.ok(card, "the new profile is among the talent before any index rebuild");
  const everything = JSON.stringify(cards);
  assert.ok(!everything.includes("山田") && !everything.includes(email), "cards carry no name or contact");
  for (const c of cards.slice(0, 10)) assert.equal(sum(c.score.reasons), c.score.points);

  // Both sides show interest at the same moment: both events survive, the match is made.
  const [fromCompany, fromResident] = await Promise.all([
    company.post(`/api/v1/jobs/${job.id}/talent/${card.card}/interest`),
    hanako.post(`/api/v1/jobs/${job.id}/interest`),
  ]);
  assert.equal(fromCompany.status, 201, JSON.stringify(fromCompany.body));
  assert.equal(fromResident.status, 201, JSON.stringify(fromResident.body));
  const engagementId = fromCompany.body.id;
  assert.equal(fromResident.body.id, engagementId, "one engagement, whoever starts it");
  const seenByCompany = await company.get(`/api/v1/engagements/${engagementId}`);
  assert.equal(seenByCompany.body.column, "matched");
  assert.equal(seenByCompany.body.contacts.resident_name, "山田 花子");
  assert.equal(seenByCompany.body.contacts.resident_email, email);
  const seenByResident = await hanako.get(`/api/v1/engagements/${engagementId}`);
  assert.ok(seenByResident.body.contacts.company_name, "the resident sees the company's contact");
  assert.equal((await resident.get(`/api/v1/engagements/${engagementId}`)).status, 404, "another resident sees nothing");

  // The hub starts the trial (on terms both confirmed) and checks in; a resident may not post
  // a check-in.
  await agreeTerms(company, hanako, engagementId);
  const trial = await hub.post(`/api/v1/engagements/${engagementId}/events`, { type: "trial_started", trial_weeks: 4 });
  assert.equal(trial.status, 201, JSON.stringify(trial.body));
  assert.equal(trial.body.column, "trial");
  const checkIn = { type: "check_in", mood: 4, hours_worked: 8, note: "順調です", follow_up: null, with: "both", shared_with_company: true };
  assert.equal((await hanako.post(`/api/v1/engagements/${engagementId}/events`, checkIn)).status, 403);
  const done = await hub.post(`/api/v1/engagements/${engagementId}/events`, checkIn);
  assert.equal(done.status, 201, JSON.stringify(done.body));
  assert.equal(done.body.state.checkins.length, 1);
  // A check-in held with the resident alone and the hub's handover note stay with the hub.
  const private_ = { ...checkIn, note: "家庭の事情を聞いた", with: "resident" };
  assert.equal((await hub.post(`/api/v1/engagements/${engagementId}/events`, private_)).status, 201);
  assert.equal((await hub.post(`/api/v1/engagements/${engagementId}/events`, { type: "note", text: "次回は5月に電話" })).status, 201);
  const notesSeenBy = async (client) => {
    const one = (await client.get(`/api/v1/engagements/${engagementId}`)).body.state;
    const listed = (await client.get("/api/v1/me/engagements")).body.find((e) => e.id === engagementId)?.state;
    assert.ok(listed, "the engagement is in the side's own list");
    assert.deepEqual(listed.checkins.map((c) => c.note), one.checkins.map((c) => c.note), "the list reads as the engagement does");
    assert.equal(listed.notes.length, one.notes.length);
    return { checkins: one.checkins.map((c) => c.note), notes: one.notes.length };
  };
  assert.deepEqual(await notesSeenBy(company), { checkins: ["順調です"], notes: 0 });
  assert.deepEqual(await notesSeenBy(hanako), { checkins: ["順調です", "家庭の事情を聞いた"], notes: 0 });
  const seenByHub = (await hub.get(`/api/v1/engagements/${engagementId}`)).body.state;
  assert.equal(seenByHub.checkins.length, 2);
  assert.equal(seenByHub.notes.length, 1);
  const invalid = await hub.post(`/api/v1/engagements/${engagementId}/events`, { type: "resumed" });
  assert.equal(invalid.status, 409, "an invalid transition is refused with its reason");
  assert.ok(invalid.body.error.message.ja);
  const mine = await hanako.get("/api/v1/me/engagements");
  assert.deepEqual(mine.body.map((e) => e.id), [engagementId]);
});

test("who may do what: talent is for the job's company and hub only", async () => {
  const jobs = await resident.get("/api/v1/me/matches?limit=1");
  const jobId = jobs.body.items[0].job.id;
  const talent = `/api/v1/jobs/${jobId}/talent`;
  assert.equal((await anonymous.get(talent)).status, 401);
  assert.equal((await resident.get(talent)).status, 403);
  assert.equal((await city.get(talent)).status, 403);
  assert.equal((await hub.get(talent)).status, 200);
  assert.equal((await resident.post("/api/v1/jobs", JOB)).status, 403);
  assert.equal((await anonymous.get("/api/v1/me/profile")).status, 401);
  assert.equal((await company.get("/api/v1/me/profile")).status, 403);
  const team = await hub.get(`/api/v1/jobs/${jobId}/team?members=3`);
  assert.equal(team.status, 200);
  assert.ok(team.body.members.length >= 1);
});
