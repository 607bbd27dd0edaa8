// A lost connection mid-write loses no acknowledged write (issue 14), against a real `wrangler dev`:
// clients post events and save profiles concurrently and drop many of those requests mid-flight
// (AbortController). Afterwards every write that got a 2xx answer is stored, exactly once, and
// nothing is half-written: each stored note is one that was sent, whole; the engagement's state
// and the company's view of it agree; the profile is one of the bodies sent, entire.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { demoWorld, registerResident, agreeTerms } from "../support/client.mjs";
import { cardOf } from "../support/cards.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";

const ROUNDS = 20;
const PER_ROUND = 6;
let world;
let n = 0;
const uniqueEmail = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@example.jp`;

before(async () => { world = await demoWorld(); });
after(async () => { await world?.server.dispose(); });

/** A request that neither answers nor is dropped within this time fails the test, naming it. */
const SETTLE_MS = 60_000;

/**
 * Sends one request that the client may drop after `dropAfterMs` (null: never). Answers
 * `{ status }` when an answer arrived, `{ dropped: true }` when the client gave up first.
 *
 * The drop settles the request itself, not through the fetch: Node 20's fetch leaves a body read
 * (ours, or the API check's clone in tests/support/openapi.mjs) pending forever when its signal
 * aborts while the body arrives. Measured here: 3 of 3 runs of 1,200 such requests had one that
 * never settled, which kept this file open until the test timeout (CI, stop 24).
 */
function send(client, method, path, body, dropAfterMs) {
  const controller = new AbortController();
  const answered = (async () => {
    const res = await fetch(`${world.server.base}${path}`, {
      method,
      headers: { cookie: client.cookie, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: controller.signal,
    });
    await res.arrayBuffer();
    return { status: res.status };
  })().catch((e) => {
    if (controller.signal.aborted) return { dropped: true };
    throw e;
  });
  let dropTimer;
  let settleTimer;
  const droppedOrLate = new Promise((resolve, reject) => {
    if (dropAfterMs !== null) {
      dropTimer = setTimeout(() => {
        controller.abort();
        resolve({ dropped: true });
      }, dropAfterMs);
    }
    settleTimer = setTimeout(() => {
      controller.abort();
      reject(new Error(`${method} ${path} neither answered nor was dropped within ${SETTLE_MS / 1000} s`));
    }, SETTLE_MS);
  });
  return Promise.race([answered, droppedOrLate]).finally(() => {
    clearTimeout(dropTimer);
    clearTimeout(settleTimer);
  });
}

/** 0 to 40 ms, or never for every third request: some land before the drop, some after. */
const dropAfter = (i) => (i % 3 === 2 ? null : (i * 7) % 41);

test(`events posted while connections drop: every acknowledged one is stored once, none half-written (${ROUNDS} rounds)`, async () => {
  const job = (await world.company.post("/api/v1/jobs", jobInput({ title: "切れても残る仕事" }))).body;
  const { client: resident, account } = await registerResident(world.server.base, uniqueEmail("drop"));
  assert.equal((await resident.put("/api/v1/me/profile", profileInput())).status, 201);
  const opened = await resident.post(`/api/v1/jobs/${job.id}/interest`);
  assert.equal(opened.status, 201, JSON.stringify(opened.body));
  const back = await world.company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, account.id)}/interest`);
  assert.equal(back.status, 201, JSON.stringify(back.body));
  const id = opened.body.id;
  const path = `/api/v1/engagements/${id}/events`;
  await agreeTerms(world.company, resident, id);
  assert.equal((await world.hub.post(path, { type: "trial_started", trial_weeks: 4 })).status, 201);
  assert.equal((await world.company.post(path, { type: "trial_passed" })).status, 201);

  const sent = new Set();
  const acknowledged = [];
  let dropped = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const posts = [];
    for (let i = 0; i < PER_ROUND; i++) {
      const k = round * PER_ROUND + i;
      const text = `引き継ぎメモ ${round}-${i} ${"・".repeat(k % 50)}終わり`;
      sent.add(text);
      posts.push(send(world.hub, "POST", path, { type: "note", text }, dropAfter(k)).then((r) => ({ ...r, text })));
    }
    for (const r of await Promise.all(posts)) {
      if (r.dropped) dropped += 1;
      else {
        assert.equal(r.status, 201, `round ${round}: ${r.text}`);
        acknowledged.push(r.text);
      }
    }
  }
  // Let requests the clients dropped finish on the server before reading.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const state = (await world.hub.get(`/api/v1/engagements/${id}`)).body.state;
  const stored = state.notes.map((note) => note.text);
  console.log(`notes sent ${sent.size}, acknowledged ${acknowledged.length}, dropped by the client ${dropped}, stored ${stored.length}`);
  assert.ok(acknowledged.length > 0 && dropped > 0, "some answers arrived and some requests were dropped");
  for (const text of acknowledged) assert.ok(stored.includes(text), `acknowledged and lost: ${text}`);
  for (const text of stored) assert.ok(sent.has(text), `stored but never sent whole: ${text}`);
  assert.equal(new Set(stored).size, stored.length, "no note stored twice");
  // The state the resident reads agrees with the hub's: one state row, written with its events.
  const mine = (await resident.get(`/api/v1/engagements/${id}`)).body;
  assert.deepEqual(mine.state.stage, state.stage);
  // Still a working engagement: later steps land on the state the dropped requests left.
  const checkIn = { type: "check_in", mood: 4, hours_worked: 2, note: "切断のあと", follow_up: null, with: "resident", shared_with_company: false };
  assert.equal((await world.hub.post(path, checkIn)).status, 201);
  const after = (await world.hub.get(`/api/v1/engagements/${id}`)).body.state;
  assert.equal(after.notes.length, stored.length);
  assert.equal(after.checkins.at(-1).note, "切断のあと");
});

test(`profiles saved while connections drop: the stored profile is one that was sent, entire (${ROUNDS} rounds)`, async () => {
  const { client: resident } = await registerResident(world.server.base, uniqueEmail("drop-profile"));
  assert.equal((await resident.put("/api/v1/me/profile", profileInput({ display_name: "最初の名前", hours_per_week: 5 }))).status, 201);
  let acknowledged = 0;
  let dropped = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const saves = [];
    for (let i = 0; i < 3; i++) {
      const k = round * 3 + i;
      // Name and hours go together: a stored profile with one body's name and another's hours
      // would be half of one write.
      const body = profileInput({ display_name: `名前 ${k}`, hours_per_week: 1 + (k % 30) });
      saves.push(send(resident, "PUT", "/api/v1/me/profile", body, dropAfter(k)).then((r) => ({ ...r, k })));
    }
    const results = await Promise.all(saves);
    for (const r of results) {
      if (r.dropped) dropped += 1;
      else {
        assert.equal(r.status, 200, `round ${round}`);
        acknowledged += 1;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = (await resident.get("/api/v1/me/profile")).body;
    const m = /^名前 (\d+)$/.exec(stored.display_name);
    if (round === 0 && !m) {
      assert.equal(stored.display_name, "最初の名前", "either a new body or the first");
      continue;
    }
    assert.ok(m, `a name that was sent: ${stored.display_name}`);
    const k = Number(m[1]);
    assert.ok(k <= round * 3 + 2, "a body of this round or before");
    assert.equal(stored.hours_per_week, 1 + (k % 30), "the name and the hours of one body");
    // The profile is also what matching sees (the desk's facts and the index row follow it).
    const matches = await resident.get("/api/v1/me/matches");
    assert.equal(matches.status, 200);
  }
  console.log(`profile saves acknowledged ${acknowledged}, dropped by the client ${dropped}`);
  assert.ok(acknowledged > 0 && dropped > 0);
});
