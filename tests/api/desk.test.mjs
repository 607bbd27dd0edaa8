// The region desk (one SQLite-backed Durable Object per region) against a real `wrangler dev`:
// the check-then-writes that raced on KV, each tried ROUNDS times with concurrent requests, and
// the Server-Timing header every API response carries (KV operations and desk calls).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { DEMO, demoWorld, login, registerResident, agreeTerms } from "../support/client.mjs";
import { cardOf } from "../support/cards.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";

const ROUNDS = Number(process.env.DESK_ROUNDS ?? 20);
const PASSWORD = "midori-2026-pass";
let world;
let n = 0;
const uniqueEmail = (tag) => `${tag}-${Date.now().toString(36)}-${n++}@example.jp`;

before(async () => { world = await demoWorld(); });
after(async () => {
  await world?.server.dispose();
  // A restarted server keeps its state folder; this file made it, so it removes it.
  if (world?.server.state) rmSync(world.server.state, { recursive: true, force: true });
});

function post(path, body, headers = {}) {
  return fetch(`${world.server.base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const tally = (statuses) => statuses.reduce((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

test(`invite uses: 20 concurrent registrations with one single-use code create one account (${ROUNDS} rounds)`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const issued = await world.hub.post("/api/v1/invites", { role: "resident", expires_in_days: 7 });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    const code = issued.body.code;
    const emails = Array.from({ length: 20 }, () => uniqueEmail(`inv${round}`));
    const answers = await Promise.all(emails.map((email) => post("/api/v1/accounts", { email, password: PASSWORD, invite_code: code })));
    const statuses = answers.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 1, `round ${round}: ${JSON.stringify(tally(statuses))}`);
    assert.ok(statuses.every((s) => s === 201 || s === 422), `round ${round}: ${JSON.stringify(tally(statuses))}`);
    const refused = await answers.find((r) => r.status === 422).json();
    assert.equal(refused.error.fields[0].field, "invite_code");
    // Exactly one of the twenty can log in.
    const logins = await Promise.all(emails.map((email) => post("/api/v1/sessions", { login: email, password: PASSWORD }, { "cf-connecting-ip": `192.0.2.${round}` })));
    assert.equal(logins.filter((r) => r.status === 201).length, 1, `round ${round}: logins`);
  }
  // The hub's list counts the one use of each code.
  const list = await world.hub.get("/api/v1/invites");
  assert.equal(list.status, 200);
  const recent = list.body.items.slice(0, Math.min(ROUNDS, list.body.items.length));
  assert.ok(recent.every((i) => i.uses === 1), JSON.stringify(recent.map((i) => i.uses)));
});

test(`login throttle: 30 concurrent wrong passwords for one account are refused after 5 (${ROUNDS} rounds)`, async () => {
  for (let round = 0; round < ROUNDS; round++) {
    const email = uniqueEmail(`thr${round}`);
    const reg = await post("/api/v1/accounts", { email, password: PASSWORD });
    assert.equal(reg.status, 201);
    const address = { "cf-connecting-ip": `198.51.100.${round + 1}` };
    const tries = await Promise.all(Array.from({ length: 30 }, (_, i) => post("/api/v1/sessions", { login: email, password: `wrong-${i}` }, address)));
    const statuses = tries.map((r) => r.status);
    assert.deepEqual(tally(statuses), { 401: 5, 429: 25 }, `round ${round}`);
    const refused = tries.find((r) => r.status === 429);
    const retry = Number(refused.headers.get("retry-after"));
    assert.ok(retry > 800 && retry <= 900, `Retry-After ${retry}`);
    // The right password from the same address is refused too: the lock holds for that address.
    assert.equal((await post("/api/v1/sessions", { login: email, password: PASSWORD }, address)).status, 429);
    if (round === 0) {
      // The owner, from another address, is not locked out: at most a short wait, then in.
      const home = { "cf-connecting-ip": "203.0.113.77" };
      let res = await post("/api/v1/sessions", { login: email, password: PASSWORD }, home);
      if (res.status === 429) {
        const wait = Number(res.headers.get("retry-after"));
        assert.ok(wait >= 1 && wait <= 2, `the owner waits ${wait} s`);
        await new Promise((r) => setTimeout(r, wait * 1000 + 50));
        res = await post("/api/v1/sessions", { login: email, password: PASSWORD }, home);
      }
      assert.equal(res.status, 201, "the owner gets in from their own address");
    }
  }
});

test("login throttle: one address failing on many accounts is refused after 30 failures", async () => {
  const address = { "cf-connecting-ip": "198.51.100.250" };
  const statuses = [];
  for (let i = 0; i < 31; i++) {
    // A different (unknown) login name each time: the per-name limit never applies.
    statuses.push((await post("/api/v1/sessions", { login: uniqueEmail("spray"), password: "x" }, address)).status);
  }
  assert.deepEqual(tally(statuses), { 401: 30, 429: 1 });
  // Another address is not affected.
  assert.equal((await post("/api/v1/sessions", { login: uniqueEmail("spray"), password: "x" }, { "cf-connecting-ip": "198.51.100.251" })).status, 401);
});

test(`terms: two members publishing at once get two versions (${ROUNDS} rounds)`, async () => {
  const companyId = (await world.company.get("/api/v1/me")).body.role.company;
  const path = `/api/v1/companies/${companyId}/terms`;
  const other = await login(world.server.base, DEMO.company);
  let last = (await world.company.get(path)).body.version;
  for (let round = 0; round < ROUNDS; round++) {
    const text = (who) => `第${round}版の約束（${who}）：名簿は社内の共有フォルダの中だけで扱い、端末に保存しません。`;
    const [a, b] = await Promise.all([
      world.company.put(path, { body_ja: text("A") }),
      other.put(path, { body_ja: text("B") }),
    ]);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.equal(b.status, 200, JSON.stringify(b.body));
    assert.deepEqual([a.body.version, b.body.version].sort((x, y) => x - y), [last + 1, last + 2], `round ${round}`);
    last += 2;
  }
  assert.equal((await world.company.get(path)).body.version, last);
});

test(`two parties posting at the same moment both land (${ROUNDS} rounds)`, async () => {
  const posted = await world.company.post("/api/v1/jobs", jobInput({ title: "同時に動く仕事" }));
  assert.equal(posted.status, 201, JSON.stringify(posted.body));
  const job = posted.body;
  for (let round = 0; round < ROUNDS; round++) {
    const { client: resident, account } = await registerResident(world.server.base, uniqueEmail(`both${round}`));
    assert.equal((await resident.put("/api/v1/me/profile", profileInput())).status, 201);
    // The resident and the company show interest at once: one engagement, both events, a match.
    const [fromCompany, fromResident] = await Promise.all([
      world.company.post(`/api/v1/jobs/${job.id}/talent/${cardOf(job.id, account.id)}/interest`),
      resident.post(`/api/v1/jobs/${job.id}/interest`),
    ]);
    assert.equal(fromCompany.status, 201, JSON.stringify(fromCompany.body));
    assert.equal(fromResident.status, 201, JSON.stringify(fromResident.body));
    const id = fromCompany.body.id;
    assert.equal(fromResident.body.id, id);
    assert.equal((await world.company.get(`/api/v1/engagements/${id}`)).body.column, "matched", `round ${round}`);
    await agreeTerms(world.company, resident, id);
    const trial = await world.hub.post(`/api/v1/engagements/${id}/events`, { type: "trial_started", trial_weeks: 4 });
    assert.equal(trial.status, 201, JSON.stringify(trial.body));
    // The company passes the trial while the hub records a check-in: both land.
    const checkIn = { type: "check_in", mood: 4, hours_worked: 8, note: `第${round}回`, follow_up: null, with: "both", shared_with_company: true };
    const [passed, checked] = await Promise.all([
      world.company.post(`/api/v1/engagements/${id}/events`, { type: "trial_passed" }),
      world.hub.post(`/api/v1/engagements/${id}/events`, checkIn),
    ]);
    assert.equal(passed.status, 201, JSON.stringify(passed.body));
    assert.equal(checked.status, 201, JSON.stringify(checked.body));
    const seen = (await world.hub.get(`/api/v1/engagements/${id}`)).body;
    assert.equal(seen.column, "working", `round ${round}`);
    assert.deepEqual(seen.state.checkins.map((c) => c.note), [`第${round}回`], `round ${round}`);
  }
});

test("what the desk acknowledged survives a restart of the worker (its SQLite is on disk)", async () => {
  const companyId = (await world.company.get("/api/v1/me")).body.role.company;
  const path = `/api/v1/companies/${companyId}/terms`;
  const published = await world.company.put(path, { body_ja: "再起動の前に出した約束：名簿は社内の共有フォルダの中だけで扱います。" });
  assert.equal(published.status, 200, JSON.stringify(published.body));
  const invites = (await world.hub.get("/api/v1/invites")).body;
  const email = uniqueEmail("restart");
  assert.equal((await post("/api/v1/accounts", { email, password: PASSWORD })).status, 201);
  const address = { "cf-connecting-ip": "198.51.100.240" };
  for (let i = 0; i < 5; i++) await post("/api/v1/sessions", { login: email, password: "wrong" }, address);

  world.server = await world.server.restart();
  for (const who of ["resident", "company", "hub", "city", "anonymous"]) world[who].base = world.server.base;
  const after = await world.company.get(path);
  assert.equal(after.status, 200);
  assert.equal(after.body.version, published.body.version);
  assert.equal(after.body.body.ja, published.body.body.ja);
  const again = (await world.hub.get("/api/v1/invites")).body;
  assert.deepEqual(again.items.map((i) => i.uses), invites.items.map((i) => i.uses));
  assert.equal((await post("/api/v1/sessions", { login: email, password: PASSWORD }, address)).status, 429, "the lock holds");
});

/** The storage figures of one response: `storage;dur=<ms>;desc="kv=<n> do=<m>"`. */
function storage(res) {
  const header = res.headers.get("server-timing");
  assert.ok(header, `${res.url}: a Server-Timing header`);
  const m = header.match(/storage;dur=(\d+);desc="kv=(\d+) do=(\d+)"/);
  assert.ok(m, header);
  return { dur: Number(m[1]), kv: Number(m[2]), desk: Number(m[3]) };
}

test("every API response says what it spent on storage (Server-Timing); these routes stay within 12 operations", async () => {
  const companyId = (await world.company.get("/api/v1/me")).body.role.company;
  const base = world.server.base;
  const cookieOf = (client) => ({ cookie: client.cookie });
  // [who, path]: every route must stay within 12 operations whatever the region's size.
  const routes = [
    ["anonymous", "/api/v1/health", true],
    ["anonymous", "/api/v1/public/summary", true],
    ["anonymous", "/api/v1/vocabulary", true],
    ["resident", "/api/v1/me", true],
    ["resident", "/api/v1/me/profile", true],
    ["company", `/api/v1/companies/${companyId}`, true],
    ["company", `/api/v1/companies/${companyId}/terms`, true],
    ["hub", "/api/v1/invites", true],
    ["resident", "/api/v1/me/matches", true],
    ["resident", "/api/v1/me/engagements", true],
    ["resident", "/api/v1/me/inbox", true],
    ["company", `/api/v1/companies/${companyId}/engagements`, true],
    ["hub", "/api/v1/hub/pipeline", true],
    ["hub", "/api/v1/hub/due", true],
    ["hub", "/api/v1/hub/attention", true],
  ];
  const figures = [];
  for (const [who, path, bounded] of routes) {
    const headers = who === "anonymous" ? {} : cookieOf(world[who]);
    const res = await fetch(`${base}${path}`, { headers });
    await res.arrayBuffer();
    assert.equal(res.status, 200, path);
    const s = storage(res);
    figures.push({ route: path.replace(companyId, "{id}"), bounded, ...s });
    if (bounded) assert.ok(s.kv + s.desk <= 12, `${path}: kv=${s.kv} do=${s.desk}`);
  }
  // Errors carry it too.
  const missing = await fetch(`${base}/api/v1/nope`);
  assert.equal(missing.status, 404);
  assert.deepEqual({ ...storage(missing), dur: 0 }, { dur: 0, kv: 0, desk: 0 });
  const refused = await post("/api/v1/sessions", { login: "a@b.jp", password: "x" }, { "cf-connecting-ip": "198.51.100.252" });
  assert.equal(storage(refused).desk, 1);
  console.log("Server-Timing (demo region):");
  for (const f of figures) {
    console.log(`  ${f.route.padEnd(36)} kv=${String(f.kv).padStart(4)} do=${f.desk} dur=${f.dur}ms${f.bounded ? "" : "  (not yet bounded)"}`);
  }
});
