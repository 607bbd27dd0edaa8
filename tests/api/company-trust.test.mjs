// What a company may trust about an anonymous card, and the documents around it, on a real
// workerd: the hub's identity check and a security course show on the card (and filter it);
// the company's confidentiality terms are a document with versions that the resident reads and
// accepts (only the version in force) before contacts open; a review at the end changes the
// card's track record; hybrid work with a place; closing a job with a reason and the closed list.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, enrolAndAccept, registerResident, agreeTerms } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { cardOf as pseudonymOf } from "../support/cards.mjs";

let world, companyId, municipality, resident, residentId, job, engagement;
const NAME = "信頼 花子";
const EMAIL = `trust-${Date.now()}@example.jp`;
/** Every raw body the company's session received before mutual interest. */
const seen = [];

async function asCompany(method, path, body) {
  const res = await world.company.request(method, path, { body });
  seen.push({ path, text: JSON.stringify(res.body) });
  return res;
}

before(async () => {
  world = await demoWorld();
  companyId = (await world.company.get("/api/v1/me")).body.role.company;
  municipality = (await world.city.get("/api/v1/me")).body.role.municipality;
  ({ client: resident } = await registerResident(world.server.base, EMAIL));
  const profile = await resident.put("/api/v1/me/profile", profileInput({
    display_name: NAME,
    skills: [{ task: "data.entry", level: "can_teach" }, { task: "data.check", level: "experienced" }],
    hours_per_week: 30,
  }));
  assert.ok([200, 201].includes(profile.status), JSON.stringify(profile.body));
  residentId = (await resident.get("/api/v1/me")).body.id;
  const posted = await asCompany("POST", "/api/v1/jobs", jobInput({
    title: "会員名簿の入力（社内資料）",
    data_access: "internal",
    tasks: [{ task: "data.entry", level: "beginner" }],
  }));
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  job = posted.body;
});
after(async () => { await world?.server.dispose(); });

/** The resident's card as the company sees it in the job's talent list (identity filter on). */
async function cardOf(query = "identity=1") {
  const page = await asCompany("GET", `/api/v1/jobs/${job.id}/talent?limit=50&${query}`);
  assert.equal(page.status, 200, JSON.stringify(page.body));
  return { page: page.body, card: page.body.items.find((c) => c.card === pseudonymOf(job.id, residentId)) };
}

test("the demo region has residents with a checked identity and a finished security course", async () => {
  const both = await asCompany("GET", `/api/v1/jobs/${job.id}/talent?limit=50&identity=1&security=1`);
  assert.equal(both.status, 200, JSON.stringify(both.body));
  assert.ok(both.body.items.length > 3, `only ${both.body.items.length}`);
  assert.ok(both.body.items.every((c) => c.identity_verified && c.security_course));
  const all = await asCompany("GET", `/api/v1/jobs/${job.id}/talent?limit=50`);
  assert.ok(all.body.items.some((c) => !c.identity_verified), "not everyone is checked");
  const demoCourse = (await world.city.get("/api/v1/programs")).body.find((p) => p.security_course);
  assert.ok(demoCourse, "the demo has a security course");
});

test("the hub checks an identity (the kind of document only); a security course's completion marks the card", async () => {
  assert.equal((await cardOf()).card, undefined, "not checked yet: filtered out");
  const bad = await world.hub.post(`/api/v1/residents/${residentId}/identity`, { method: "1234-5678-9012" });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.fields[0].field, "method");
  assert.ok(bad.body.error.message.ja && bad.body.error.message.en);
  assert.equal((await world.company.post(`/api/v1/residents/${residentId}/identity`, { method: "passport" })).status, 403);
  assert.equal((await world.hub.post("/api/v1/residents/no-such-person/identity", { method: "passport" })).status, 404);
  const checked = await world.hub.post(`/api/v1/residents/${residentId}/identity`, { method: "my_number_card", number: "1234" });
  assert.equal(checked.status, 201, JSON.stringify(checked.body));
  assert.deepEqual(Object.keys(checked.body).sort(), ["at", "by", "method", "resident"], "no number kept");

  let { card } = await cardOf();
  assert.ok(card, "found with the identity filter");
  assert.equal(card.identity_verified, true);
  assert.equal(card.security_course, false);
  assert.equal((await cardOf("identity=1&security=1")).card, undefined);

  const course = await world.city.post("/api/v1/programs", {
    name_ja: `情報セキュリティ講座 ${Date.now()}`, description_ja: "個人情報の扱い方と守秘を学びます。", municipality,
    kind: "course", certifies: ["data.check"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
    security_course: "true",
  });
  assert.equal(course.status, 201, JSON.stringify(course.body));
  assert.equal(course.body.security_course, true);
  // Editing it from a form that does not know the flag keeps it.
  const edited = await world.city.put(`/api/v1/programs/${course.body.id}`, {
    name_ja: course.body.name.ja, description_ja: "個人情報の扱い方と守秘を学びます（改）。", municipality,
    kind: "course", certifies: ["data.check"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  assert.equal(edited.body.security_course, true);
  await enrolAndAccept(world.city, resident, course.body.id, EMAIL);
  const done = await world.city.post(`/api/v1/programs/${course.body.id}/completions`, { residents: [residentId] });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  ({ card } = await cardOf("identity=1&security=1"));
  assert.ok(card, "found with both filters");
  assert.equal(card.security_course, true);
});

test("the company's terms: the default template (v1), its own text as v2, errors in both languages", async () => {
  const path = `/api/v1/companies/${companyId}/terms`;
  const first = await world.company.get(path);
  assert.equal(first.status, 200);
  assert.equal(first.body.version, 1);
  assert.equal(first.body.published_at, null);
  const companyName = (await world.company.get(`/api/v1/companies/${companyId}`)).body.name;
  assert.ok(first.body.body.ja.includes(companyName) && first.body.body.en.includes("confidentiality"));
  assert.equal((await world.hub.get(path)).status, 200, "the region's hub reads them");
  assert.equal((await resident.get(path)).status, 403);

  const empty = await world.company.put(path, { body_ja: "" });
  assert.equal(empty.status, 422);
  assert.equal(empty.body.error.fields[0].field, "body_ja");
  assert.ok(empty.body.error.fields[0].message.ja && empty.body.error.fields[0].message.en);
  const same = await world.company.put(path, { body_ja: first.body.body.ja });
  assert.equal(same.status, 422, "an unchanged text is no new version");
  assert.equal((await world.hub.put(path, { body_ja: "x".repeat(40) })).status, 403);

  const text = "会員名簿は当社の共有フォルダの中だけで扱い、端末に保存しません。作業が終わったら、手元の写しをすべて消します。";
  const v2 = await world.company.put(path, { body_ja: text, body_en: "" });
  assert.equal(v2.status, 200, JSON.stringify(v2.body));
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.body.en, text, "English falls back to the Japanese");
  assert.equal((await world.company.get(path)).body.version, 2);
});

test("the resident reads the terms in force and can accept only that version; contacts open after", async () => {
  const interest = await asCompany("POST", `/api/v1/jobs/${job.id}/talent/${pseudonymOf(job.id, residentId)}/interest`);
  assert.equal(interest.status, 201, JSON.stringify(interest.body));
  engagement = interest.body.id;
  assert.equal((await resident.post(`/api/v1/jobs/${job.id}/interest`)).status, 201);
  for (const { path, text } of seen) {
    assert.ok(!text.includes(NAME) && !text.includes(EMAIL), `personal data in ${path}`);
  }

  const terms = await resident.get(`/api/v1/engagements/${engagement}/terms`);
  assert.equal(terms.status, 200, JSON.stringify(terms.body));
  assert.equal(terms.body.needs_terms, true);
  assert.equal(terms.body.terms.version, 2);
  assert.equal(terms.body.accepted_version, null);
  assert.equal(terms.body.job_title, job.title);
  assert.equal((await world.city.get(`/api/v1/engagements/${engagement}/terms`)).status, 404);

  const stale = await resident.post(`/api/v1/engagements/${engagement}/events`, { type: "terms_accepted", version: 1 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, "terms_not_current");
  assert.match(stale.body.error.message.ja, /第2版/);
  assert.match(stale.body.error.message.en, /version 2/);
  assert.equal((await world.company.get(`/api/v1/engagements/${engagement}`)).body.contacts, null);

  const accepted = await resident.post(`/api/v1/engagements/${engagement}/events`, { type: "terms_accepted", version: 2 });
  assert.equal(accepted.status, 201, JSON.stringify(accepted.body));
  const after = (await resident.get(`/api/v1/engagements/${engagement}/terms`)).body;
  assert.equal(after.accepted_version, 2);
  assert.equal(after.accepted_current, true);
  assert.ok(Date.parse(after.accepted_at) > Date.now() - 5 * 60_000);
  const listed = (await world.company.get(`/api/v1/companies/${companyId}/engagements`)).body.find((e) => e.id === engagement);
  assert.equal(listed.terms_version, 2);
  assert.match(listed.terms_accepted_at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  const open = await world.company.get(`/api/v1/engagements/${engagement}`);
  assert.equal(open.body.contacts.resident_name, NAME);
});

test("the company's review at the end changes the card's track record", async () => {
  const before = (await cardOf()).card.track;
  assert.deepEqual([before.finished, before.renewed, before.reviews], [0, 0, 0]);
  const step = async (kind, who = world.company) => {
    const r = await who.post(`/api/v1/engagements/${engagement}/events`, kind);
    assert.equal(r.status, 201, JSON.stringify(r.body));
  };
  await agreeTerms(world.company, resident, engagement);
  await step({ type: "trial_started", trial_weeks: 2 });
  let running = (await cardOf()).card.track;
  assert.equal(running.active, 1, "a running engagement shows at once");
  await step({ type: "check_in", mood: 5, hours_worked: 12, note: "順調", follow_up: null, with: "both" }, world.hub);
  await step({ type: "trial_passed" });
  await step({ type: "renewed", weeks: 8 });
  await step({ type: "completed" });
  const finished = (await cardOf()).card.track;
  assert.deepEqual([finished.finished, finished.renewed, finished.active, finished.reviews], [1, 1, 0, 0]);
  await step({ type: "review", rating: 4, note: "正確で丁寧でした" });
  const reviewed = (await cardOf()).card.track;
  assert.equal(reviewed.reviews, 1);
  assert.equal(reviewed.rating_total, 4);
  assert.equal(reviewed.finished, 1);
  // The shortlist shows the same record.
  await world.company.put(`/api/v1/jobs/${job.id}/shortlist/${pseudonymOf(job.id, residentId)}`);
  const short = (await world.company.get(`/api/v1/jobs/${job.id}/shortlist`)).body.find((c) => c.card === pseudonymOf(job.id, residentId));
  assert.equal(short.track.reviews, 1);
  assert.equal(short.identity_verified, true);
});

test("hybrid work names its place and days on site; a missing place is named", async () => {
  const hybrid = await world.company.post("/api/v1/jobs", jobInput({
    title: "窓口のデータ入力（週2日出社）", place_kind: "hybrid", place: municipality, days_on_site: "2",
  }));
  assert.equal(hybrid.status, 201, JSON.stringify(hybrid.body));
  assert.deepEqual(hybrid.body.place, { kind: "hybrid", municipality, days_on_site: 2 });
  const bad = await world.company.post("/api/v1/jobs/preview", jobInput({ place_kind: "hybrid", place: "", days_on_site: "6" }));
  assert.equal(bad.status, 422);
  const fields = bad.body.error.fields.map((f) => f.field);
  assert.ok(fields.includes("place") && fields.includes("days_on_site"), fields.join());
  const onSite = await world.company.post("/api/v1/jobs/preview", jobInput({ place_kind: "on_site", place: municipality }));
  assert.equal(onSite.status, 200, JSON.stringify(onSite.body));
});

test("closing a job needs a reason; the closed list says when and why", async () => {
  const path = `/api/v1/jobs/${job.id}/close`;
  const none = await world.company.post(path, {});
  assert.equal(none.status, 422);
  assert.equal(none.body.error.fields[0].field, "reason");
  const other = await world.company.post(path, { reason: "other", note: "" });
  assert.equal(other.status, 422);
  assert.equal(other.body.error.fields[0].field, "note");
  assert.equal((await resident.post(path, { reason: "filled" })).status, 403);
  const closed = await world.company.post(path, { reason: "filled", note: "信頼さんに決まりました" });
  assert.equal(closed.status, 200, JSON.stringify(closed.body));
  assert.equal(closed.body.status, "closed");
  assert.equal(closed.body.closure.reason, "filled");
  assert.equal((await world.company.post(path, { reason: "no_candidates" })).status, 409, "closed once");

  const open = (await world.company.get(`/api/v1/companies/${companyId}/jobs`)).body;
  assert.ok(!open.some((j) => j.id === job.id));
  const list = await world.company.get(`/api/v1/companies/${companyId}/jobs?status=closed`);
  assert.equal(list.status, 200);
  assert.equal(list.body[0].id, job.id, "most recently closed first");
  assert.equal(list.body[0].closure.note, "信頼さんに決まりました");
  assert.ok(list.body.slice(1).every((j) => j.status === "closed"));
  assert.equal((await world.company.get(`/api/v1/companies/${companyId}/jobs?status=maybe`)).status, 400);
});

test("a deleted account can no longer be checked, and its trust markers go with it", async () => {
  const other = await registerResident(world.server.base, `gone-${Date.now()}@example.jp`);
  await other.client.put("/api/v1/me/profile", profileInput({ display_name: "消える 人" }));
  const id = (await other.client.get("/api/v1/me")).body.id;
  assert.equal((await world.hub.post(`/api/v1/residents/${id}/identity`, { method: "passport" })).status, 201);
  assert.equal((await other.client.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } })).status, 200);
  assert.equal((await world.hub.post(`/api/v1/residents/${id}/identity`, { method: "passport" })).status, 404);
});
