// Engagements in the region desk, against a real `wrangler dev`: every console view and hot path
// stays within 12 storage operations (KV operations + desk calls, read from Server-Timing), and
// the public summary's "working now" follows the engagements' states in the desk.
import { after, before, test as nodeTest } from "node:test";
import assert from "node:assert/strict";
import { allTalent, demoWorld, enrolAndAccept, registerResident, agreeTerms } from "../support/client.mjs";
import { cardOf } from "../support/cards.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";
import { withServerLog } from "../support/server.mjs";

const LIMIT = 12;
/** Most cards one job's shortlist keeps (`domain::talent::MAX_SHORTLIST`). */
const SHORTLIST = 30;
let world;
let n = 0;
const uniqueEmail = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@example.jp`;

before(async () => { world = await demoWorld(); });
// A failure here (most tests race concurrent requests) also shows what the server printed.
const test = (name, body) => nodeTest(name, () => withServerLog(world.server, body));
after(async () => { await world?.server.dispose(); });

/** KV operations and desk calls of one answer (`storage;dur=..;desc="kv=n do=m"`). */
function storage(res) {
  const header = res.headers.get("server-timing") ?? "";
  const m = header.match(/desc="kv=(\d+) do=(\d+)"/);
  assert.ok(m, `Server-Timing: ${header}`);
  return { kv: Number(m[1]), desk: Number(m[2]) };
}

/** A new resident with a profile, matched with the demo company on a new job of its own. */
async function matched(job) {
  const { client, account } = await registerResident(world.server.base, uniqueEmail("desk"));
  assert.equal((await client.put("/api/v1/me/profile", profileInput())).status, 201);
  const opened = await client.post(`/api/v1/jobs/${job.id}/interest`);
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const back = await world.company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, account.id)}/interest`);
  assert.equal(back.status, 201, JSON.stringify(back.body));
  return { client, account, id: opened.body.id };
}

async function event(client, id, body) {
  const res = await client.post(`/api/v1/engagements/${id}/events`, body);
  assert.equal(res.status, 201, `${body.type}: ${JSON.stringify(res.body)}`);
  return res;
}

test(`the console views and hot paths make at most ${LIMIT} storage operations`, async () => {
  const companyId = (await world.company.get("/api/v1/me")).body.role.company;
  const municipality = (await world.city.get("/api/v1/me")).body.role.municipality;
  const job = (await world.company.post("/api/v1/jobs", jobInput({ title: "測る仕事" }))).body;
  const { client: resident, account, id } = await matched(job);
  const region = (await world.hub.get("/api/v1/hub/pipeline")).body;
  const someResident = region.columns.flatMap((c) => c.cards)[0]?.resident ?? account.id;
  // A course with a learner on it, who has accepted it.
  const course = await newCourse("測る講座");
  const learnerEmail = uniqueEmail("learner");
  const { client: learner } = await registerResident(world.server.base, learnerEmail);
  const enrolled = await world.city.post(`/api/v1/programs/${course.id}/enrolments`, { csv: csvOf([["測る 学び子", learnerEmail]]) });
  assert.equal(enrolled.status, 201, JSON.stringify(enrolled.body));
  const accepted = await learner.post(`/api/v1/me/courses/${course.id}`, { decision: "accept" });
  assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
  const routes = [
    ["hub", "GET", "/api/v1/hub/pipeline"],
    ["hub", "GET", "/api/v1/hub/pipeline?limit=20"],
    ["hub", "GET", "/api/v1/hub/due"],
    ["hub", "GET", "/api/v1/hub/attention"],
    ["hub", "GET", "/api/v1/hub/companies"],
    ["hub", "GET", "/api/v1/invites"],
    ["hub", "GET", `/api/v1/hub/residents/${someResident}/timeline`],
    ["hub", "GET", `/api/v1/hub/companies/${companyId}/timeline`],
    ["hub", "GET", `/api/v1/engagements/${id}`],
    ["city", "GET", `/api/v1/municipalities/${municipality}/metrics`],
    ["city", "GET", "/api/v1/programs"],
    ["city", "GET", `/api/v1/programs/${course.id}/enrolments`],
    ["learner", "GET", "/api/v1/me/courses"],
    ["resident", "GET", "/api/v1/me/engagements"],
    ["resident", "GET", "/api/v1/me/inbox"],
    ["resident", "GET", "/api/v1/me/matches"],
    ["newResident", "GET", "/api/v1/me/engagements"],
    ["newResident", "GET", `/api/v1/engagements/${id}`],
    ["company", "GET", `/api/v1/companies/${companyId}/engagements`],
    ["company", "GET", `/api/v1/companies/${companyId}/jobs`],
    ["company", "GET", `/api/v1/engagements/${id}`],
    ["company", "GET", `/api/v1/jobs/${job.id}/talent?limit=20`],
    ["company", "GET", `/api/v1/jobs/${job.id}/shortlist`],
  ];
  // A full shortlist: its read stays flat in the list's length.
  const talent = await allTalent(world.company, job.id);
  for (const c of talent.slice(0, SHORTLIST)) {
    assert.equal((await world.company.put(`/api/v1/jobs/${job.id}/shortlist/${c.card}`)).status, 200);
  }
  const figures = [];
  const over = [];
  for (const [who, method, path] of routes) {
    const client = { ...world, newResident: resident, learner }[who];
    const res = await fetch(`${world.server.base}${path}`, { method, headers: { cookie: client.cookie } });
    await res.arrayBuffer();
    assert.equal(res.status, 200, `${who} ${path}`);
    const s = storage(res);
    const name = `${who} ${method} ${path.replace(companyId, "{company}").replace(id, "{engagement}").replace(job.id, "{job}")}`;
    figures.push([name, s]);
    if (s.kv + s.desk > LIMIT) over.push(`${path}: kv=${s.kv} do=${s.desk}`);
  }
  // The hot paths that write: the hub's steps, the company's, interest in a job. (The start
  // waits for the terms both confirmed.)
  await agreeTerms(world.company, resident, id);
  const writes = [
    ["hub trial started", await event(world.hub, id, { type: "trial_started", trial_weeks: 4 })],
    ["hub check-in", await event(world.hub, id, { type: "check_in", mood: 4, hours_worked: 3, note: "順調", follow_up: null, with: "resident", shared_with_company: false })],
    ["company trial passed", await event(world.company, id, { type: "trial_passed" })],
  ];
  const other = (await world.company.post("/api/v1/jobs", jobInput({ title: "もう一つの仕事" }))).body;
  const interest = await fetch(`${world.server.base}/api/v1/jobs/${other.id}/interest`, { method: "POST", headers: { cookie: resident.cookie } });
  assert.equal(interest.status, 201);
  writes.push(["resident interest", interest]);
  writes.push(["city enrolment import", enrolled], ["resident accepts a course", accepted]);
  for (const [name, res] of writes) {
    const s = storage(res);
    figures.push([name, s]);
    if (s.kv + s.desk > LIMIT) over.push(`${name}: kv=${s.kv} do=${s.desk}`);
  }
  console.log("storage operations per request (demo region):");
  for (const [name, s] of figures) console.log(`  ${name.padEnd(64)} kv=${String(s.kv).padStart(3)} do=${s.desk}`);
  assert.deepEqual(over, [], "over the limit");
});

/** A new course of the demo municipality that certifies data checking. */
async function newCourse(name) {
  const municipality = (await world.city.get("/api/v1/me")).body.role.municipality;
  const res = await world.city.post("/api/v1/programs", {
    name_ja: `${name} ${n++}`, description_ja: "入力の確認を学びます。", municipality,
    kind: "course", certifies: ["data.check"], starts_on: "2026-04-01", ends_on: "2026-04-22", online: true, capacity: 20,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

/** An enrolment CSV (氏名, メール/電話, a blank 講座: the course it is sent to). */
const csvOf = (people) => `氏名,メール/電話,講座\r\n${people.map(([name, contact]) => `${name},${contact},\r\n`).join("")}`;

test("a course's placement is kept through writes it does not read and built again when one of its inputs changes", async () => {
  const municipality = (await world.city.get("/api/v1/me")).body.role.municipality;
  const course = (await world.city.get("/api/v1/programs")).body
    .find((p) => p.kind.kind === "course" && p.municipality_id === municipality);
  const path = `/api/v1/programs/${course.id}/placement`;
  const read = async () => {
    const res = await world.city.get(path);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return { body: res.body, ...storage(res) };
  };
  const first = await read();
  assert.ok(first.body.graduates > 0, JSON.stringify(first.body));
  const kept = await read();
  assert.deepEqual([kept.body, kept.desk], [first.body, 1], "read again: the page as kept, one desk call");
  // A check-in changes engagements, not what a placement reads: still kept.
  const board = (await world.hub.get("/api/v1/hub/pipeline")).body;
  const working = board.columns.find((c) => c.column === "working").cards[0];
  const checkIn = await world.hub.post(`/api/v1/engagements/${working.engagement}/events`,
    { type: "check_in", mood: 4, hours_worked: 3, note: "placement", follow_up: null, with: "resident", shared_with_company: false });
  assert.equal(checkIn.status, 201, JSON.stringify(checkIn.body));
  const afterCheckIn = await read();
  assert.deepEqual([afterCheckIn.body, afterCheckIn.desk], [first.body, 1], "kept after a check-in");
  // One graduate more is one of its inputs: built again, by the desk from what it holds.
  const email = uniqueEmail("placed");
  const { client, account } = await registerResident(world.server.base, email);
  assert.equal((await client.put("/api/v1/me/profile", profileInput())).status, 201);
  await enrolAndAccept(world.city, client, course.id, email);
  const done = await world.city.post(`/api/v1/programs/${course.id}/completions`, { residents: [account.id] });
  assert.equal(done.status, 201, JSON.stringify(done.body));
  const rebuilt = await read();
  assert.equal(rebuilt.body.graduates, first.body.graduates + 1);
  assert.deepEqual([rebuilt.kv, rebuilt.desk], [kept.kv, 1], "no profile read: the graduates' marks are in the desk");
  const again = await read();
  assert.deepEqual([again.body, again.desk], [rebuilt.body, 1], "kept again");
});

test("enrolments, 20 rounds: imports beside an acceptance write each person once and never undo the acceptance", async () => {
  const email = uniqueEmail("race-course");
  const { client: me } = await registerResident(world.server.base, email);
  for (let round = 0; round < 20; round++) {
    const course = await newCourse("同時に取り込む講座");
    const path = `/api/v1/programs/${course.id}/enrolments`;
    const first = [["同時 わたし", email], ["同時 ほか一", `other-${round}-${n++}@example.jp`]];
    assert.equal((await world.city.post(path, { csv: csvOf(first) })).status, 201);
    const newcomer = [`同時 あらた${round}`, `new-${round}-${n++}@example.jp`];
    // The person accepts while the municipality imports the same file again, and another
    // file with them and a newcomer, at the same moment.
    const [answer, again, more] = await Promise.all([
      me.post(`/api/v1/me/courses/${course.id}`, { decision: "accept" }),
      world.city.post(path, { csv: csvOf(first) }),
      world.city.post(path, { csv: csvOf([first[0], newcomer]) }),
    ]);
    assert.equal(answer.status, 200, `round ${round}: ${JSON.stringify(answer.body)}`);
    assert.equal(answer.body.state, "accepted");
    assert.deepEqual([again.status, again.body?.created], [200, 0], `round ${round}: the same file again adds nobody ${JSON.stringify(again.body)}`);
    assert.deepEqual([more.status, more.body?.created], [201, 1], `round ${round}: only the newcomer is new ${JSON.stringify(more.body)}`);
    const items = (await world.city.get(path)).body.items;
    assert.equal(items.length, 3, JSON.stringify(items));
    assert.deepEqual(items.filter((i) => i.linked).map((i) => i.name), ["同時 わたし"], `round ${round}: the acceptance stays`);
    assert.equal((await me.get("/api/v1/me/courses")).body.find((o) => o.program === course.id)?.state, "accepted");
  }
});

/** The public summary as the scheduled refresh leaves it (the dev reindex runs the same refresh). */
async function working() {
  const refreshed = await fetch(`${world.server.base}/api/v1/dev/reindex`, { method: "POST" });
  assert.equal(refreshed.status, 200);
  const summary = await world.anonymous.get("/api/v1/public/summary");
  assert.equal(summary.status, 200);
  return summary.body.working;
}

test("the summary's residents working now come from the desk: trial passed raises it, completed or a deletion lowers it", async () => {
  const start = await working();
  assert.ok(Number.isInteger(start) && start >= 5, `the demo region has people working: ${start}`);
  const job = (await world.company.post("/api/v1/jobs", jobInput({ title: "働く人を数える仕事" }))).body;
  const first = await matched(job);
  await agreeTerms(world.company, first.client, first.id);
  await event(world.hub, first.id, { type: "trial_started", trial_weeks: 2 });
  assert.equal(await working(), start, "a trial is not yet work");
  await event(world.company, first.id, { type: "trial_passed" });
  assert.equal(await working(), start + 1, "trial passed: one more working");
  await event(world.hub, first.id, { type: "completed" });
  assert.equal(await working(), start, "completed: one fewer");

  const second = await matched(job);
  await agreeTerms(world.company, second.client, second.id);
  await event(world.hub, second.id, { type: "trial_started", trial_weeks: 2 });
  await event(world.company, second.id, { type: "trial_passed" });
  assert.equal(await working(), start + 1);
  const gone = await second.client.request("DELETE", "/api/v1/me", { body: { confirm: "DELETE" } });
  assert.equal(gone.status, 200, JSON.stringify(gone.body));
  assert.equal(await working(), start, "a deleted resident is no longer counted");
});

test("two parties posting at the same moment both land, in the order the desk took them (20 rounds)", async () => {
  const job = (await world.company.post("/api/v1/jobs", jobInput({ title: "順番の仕事" }))).body;
  const { client, id } = await matched(job);
  await agreeTerms(world.company, client, id);
  await event(world.hub, id, { type: "trial_started", trial_weeks: 4 });
  await event(world.company, id, { type: "trial_passed" });
  for (let round = 0; round < 20; round++) {
    const checkIn = { type: "check_in", mood: 3, hours_worked: 2, note: `ハブ${round}`, follow_up: null, with: "both", shared_with_company: true };
    const note = { type: "note", text: `メモ${round}` };
    const [a, b] = await Promise.all([world.hub.post(`/api/v1/engagements/${id}/events`, checkIn), world.hub.post(`/api/v1/engagements/${id}/events`, note)]);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(b.status, 201, JSON.stringify(b.body));
  }
  const seen = (await world.hub.get(`/api/v1/engagements/${id}`)).body.state;
  assert.equal(seen.checkins.length, 20);
  assert.equal(seen.notes.length, 20);
  // The timeline holds every event once, newest first, in the order the desk applied them.
  const companyId = (await world.company.get("/api/v1/me")).body.role.company;
  const timeline = (await world.hub.get(`/api/v1/hub/companies/${companyId}/timeline`)).body;
  const entries = timeline.entries.filter((e) => e.engagement === id);
  assert.equal(entries.filter((e) => e.kind === "check_in").length, 20);
  assert.equal(entries.filter((e) => e.kind === "note").length, 20);
  const times = entries.map((e) => Date.parse(e.at));
  for (let i = 1; i < times.length; i++) assert.ok(times[i] <= times[i - 1], `entry ${i} is not newer than entry ${i - 1}`);
});

test("the board pages each column: its count stays, at most the limit of cards, and the rest from an offset", async () => {
  const full = (await world.hub.get("/api/v1/hub/pipeline")).body;
  const biggest = full.columns.reduce((a, b) => (b.count > a.count ? b : a));
  assert.ok(biggest.count >= 3, `a column with a few cards: ${biggest.count}`);
  const first = await world.hub.get("/api/v1/hub/pipeline?limit=2");
  assert.equal(first.status, 200);
  assert.equal(first.body.total, full.total);
  for (const col of first.body.columns) {
    const whole = full.columns.find((c) => c.column === col.column);
    assert.equal(col.count, whole.count, `${col.column}: the count of the whole column`);
    assert.ok(col.cards.length <= 2);
    assert.equal(col.more, col.count > col.cards.length, `${col.column}: more`);
    assert.deepEqual(col.cards.map((c) => c.engagement), whole.cards.slice(0, 2).map((c) => c.engagement));
  }
  const next = await world.hub.get(`/api/v1/hub/pipeline?limit=2&column=${biggest.column}&offset=2`);
  assert.equal(next.status, 200);
  const col = next.body.columns.find((c) => c.column === biggest.column);
  assert.equal(col.offset, 2);
  assert.deepEqual(col.cards.map((c) => c.engagement), biggest.cards.slice(2, 4).map((c) => c.engagement));
  const bad = await world.hub.get("/api/v1/hub/pipeline?column=nowhere");
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.message.ja, /列/);
  assert.ok(bad.body.error.message.en.length > 0);
});

test(`the shortlist: cards added at once never pass its ${SHORTLIST}, and a card just added is listed (20 rounds)`, async () => {
  const job = (await world.company.post("/api/v1/jobs", jobInput({ title: "候補を選ぶ仕事" }))).body;
  const cards = (await allTalent(world.company, job.id)).map((c) => c.card);
  assert.ok(cards.length >= SHORTLIST + 8, `enough talent for the race (${cards.length})`);
  const path = `/api/v1/jobs/${job.id}/shortlist`;
  for (let round = 0; round < 20; round++) {
    const first = cards.slice(0, SHORTLIST - 2);
    const racing = cards.slice(SHORTLIST - 2 + (round % 3), SHORTLIST + 4 + (round % 3));
    const filled = await Promise.all(first.map((c) => world.company.put(`${path}/${c}`)));
    assert.deepEqual(filled.map((r) => r.status), first.map(() => 200), `round ${round}: room for the first ${first.length}`);
    // Six cards for the last two places, at once (two members on two phones look the same here).
    const raced = await Promise.all(racing.map((c) => world.company.put(`${path}/${c}`)));
    for (const r of raced) {
      assert.ok(r.status === 200 || (r.status === 409 && r.body.error.code === "shortlist_full"), `round ${round}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const won = racing.filter((_, i) => raced[i].status === 200);
    assert.equal(won.length, 2, `round ${round}: exactly the two places left were taken`);
    const full = raced.find((r) => r.status === 409);
    assert.match(full.body.error.message.ja, /30人まで/);
    const listed = (await world.company.get(path)).body.map((c) => c.card);
    assert.deepEqual([...listed].sort(), [...first, ...won].sort(), `round ${round}: the list is what was accepted`);
    const emptied = await Promise.all(listed.map((c) => world.company.delete(`${path}/${c}`)));
    const refused = emptied.filter((r) => r.status !== 200).map((r) => `${r.status} ${JSON.stringify(r.body)}`);
    assert.deepEqual(refused, [], `round ${round}: every card removed`);
    assert.deepEqual((await world.company.get(path)).body, [], `round ${round}: emptied`);
  }
});
