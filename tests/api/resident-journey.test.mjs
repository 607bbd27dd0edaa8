// What the resident's journey needs of the API: the script-readable "logged in" marker beside
// the session cookie (so every page's header shows log-in or log-out without a request), the
// matches answer with each card's place named, gaps apart from fits, and the jobs a hard rule
// leaves out counted by rule; the 409 for a taken email in plain words.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { DEMO, assertInstantOrder, demoWorld, registerResident } from "../support/client.mjs";
import { profileInput } from "../support/fixtures.mjs";

let server;
before(async () => {
  ({ server } = await demoWorld());
});
after(async () => { await server?.dispose(); });

const marker = (headers) => headers.getSetCookie().find((c) => c.startsWith("musubi_in="));

test("log-in sets a readable marker naming the role, living as long as the session; log-out clears it", async () => {
  const res = await fetch(`${server.base}/api/v1/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: DEMO.company, password: "musubi-demo-2026" }),
  });
  assert.equal(res.status, 201);
  const set = marker(res.headers);
  assert.ok(set, "the marker is set");
  assert.match(set, /^musubi_in=company_member;/, "the marker names the role (the resident's pages open on it)");
  assert.doesNotMatch(set, /HttpOnly/, "the page must be able to read it");
  assert.match(set, /Max-Age=2592000/);
  const session = res.headers.getSetCookie().find((c) => c.startsWith("__Host-musubi_session="));
  assert.match(session, /HttpOnly/, "the session itself stays unreadable");
  const out = await fetch(`${server.base}/api/v1/sessions/current`, {
    method: "DELETE",
    headers: { cookie: session.split(";")[0] },
  });
  assert.equal(out.status, 204);
  assert.match(marker(out.headers), /^musubi_in=;.*Max-Age=0/);
});

test("registration sets the marker too, and a taken email gets the plain 409", async () => {
  const email = `marker-${Date.now()}@example.jp`;
  const res = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "journey-2026-pass" }),
  });
  assert.equal(res.status, 201);
  assert.match(marker(res.headers), /^musubi_in=resident;/);
  const again = await fetch(`${server.base}/api/v1/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password: "another-password-1" }),
  });
  assert.equal(again.status, 409);
  const body = await again.json();
  assert.equal(body.error.code, "email_taken");
  assert.equal(body.error.message.ja, "このメールアドレスはすでに登録されています。ログインしてください。");
});

test("matches name each card's place, keep gaps apart and count the jobs a hard rule leaves out", async () => {
  const { client } = await registerResident(server.base, `phone-${Date.now()}@example.jp`);
  const region = (await client.get("/api/v1/regions/default")).body;
  // Living in the region, on a smartphone only: PC jobs are left out and counted.
  const put = await client.put("/api/v1/me/profile", profileInput({
    lives_in: region.municipalities[0].id, devices: "smartphone_only", skills: [{ task: "data.entry", level: "beginner" }],
  }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const res = await client.get("/api/v1/me/matches?limit=50");
  assert.equal(res.status, 200);
  const { items, excluded } = res.body;
  assert.ok(items.length > 0);
  for (const m of items) {
    assert.ok(m.place?.ja && m.place?.en, "every card names where the work is");
    if (m.job.place.kind !== "remote") assert.match(m.place.ja, /（.+）/, "on-site and hybrid cards name the town");
    assert.ok(!m.job.needs_pc, "a smartphone-only resident is shown no PC job");
    for (const r of m.score.reasons) {
      assert.ok(r.gap === undefined || r.gap === true, "gap is sent only when true");
      if (/未経験|下回る|重なりません/.test(r.text.ja)) assert.equal(r.gap, true, r.text.ja);
      assert.doesNotMatch(r.text.ja, /募集は週/);
    }
  }
  const rules = Object.fromEntries(excluded.map((g) => [g.rule, g]));
  assert.ok(rules.needs_pc?.jobs.length > 0, JSON.stringify(excluded.map((g) => g.rule)));
  assert.match(rules.needs_pc.reason.ja, /パソコンが必要/);
  const shown = new Set(items.map((m) => m.job.id));
  for (const g of excluded) for (const id of g.jobs) assert.ok(!shown.has(id), `${id} both shown and left out`);
  // Helping from outside the region: work on site there is left out and counted too.
  assert.equal((await client.put("/api/v1/me/profile", profileInput({ lives_in: "related", devices: "pc" }))).status, 200);
  const away = (await client.get("/api/v1/me/matches?limit=50")).body;
  assert.ok(away.items.every((m) => m.job.place.kind === "remote"), "someone living elsewhere is shown remote work only");
  assert.ok(away.excluded.some((g) => g.rule === "on_site" || g.rule === "who_may_apply"), JSON.stringify(away.excluded.map((g) => g.rule)));
  // A left-out job can be opened by the resident (the list shows its title).
  const one = await client.get(`/api/v1/jobs/${rules.needs_pc.jobs[0]}`);
  assert.equal(one.status, 200);
  assert.ok(one.body.title);
});

test("a match card says where my engagement on its job stands, and the interest's answer says the same", async () => {
  const { client } = await registerResident(server.base, `sent-${Date.now()}@example.jp`);
  const region = (await client.get("/api/v1/regions/default")).body;
  const put = await client.put("/api/v1/me/profile", profileInput({ lives_in: region.municipalities[0].id, devices: "pc" }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const before = (await client.get("/api/v1/me/matches?limit=50")).body.items;
  assert.ok(before.length > 1);
  assert.ok(before.every((m) => m.sent == null), "no card says sent before anything was sent");
  const job = before[0].job.id;
  const sent = await client.post(`/api/v1/jobs/${job}/interest`);
  assert.equal(sent.status, 201, JSON.stringify(sent.body));
  assert.equal(sent.body.stage.stage, "interest");
  const after = (await client.get("/api/v1/me/matches?limit=50")).body.items;
  const card = after.find((m) => m.job.id === job);
  assert.ok(card, "the job is still on the list, marked");
  assert.deepEqual(card.sent, sent.body.stage);
  assert.ok(after.filter((m) => m.job.id !== job).every((m) => m.sent == null), "only that card says sent");
});

test("my inbox lists what changed, newest first, with the day in Japan and when it appeared", async () => {
  const { client } = await registerResident(server.base, `inbox-${Date.now()}@example.jp`);
  const region = (await client.get("/api/v1/regions/default")).body;
  const put = await client.put("/api/v1/me/profile", profileInput({ lives_in: region.municipalities[0].id, devices: "pc" }));
  assert.equal(put.status, 201, JSON.stringify(put.body));
  const empty = await client.get("/api/v1/me/inbox");
  assert.equal(empty.status, 200, JSON.stringify(empty.body));
  assert.deepEqual(empty.body.items, [], "nothing before any engagement");
  const offered = (await client.get("/api/v1/me/matches?limit=50")).body.items;
  const [first, second] = offered.map((m) => m.job.id);
  const titleOf = new Map(offered.map((m) => [m.job.id, m.job.title]));
  const sentFrom = Date.now();
  for (const job of [first, second]) assert.equal((await client.post(`/api/v1/jobs/${job}/interest`)).status, 201);
  const inbox = await client.get("/api/v1/me/inbox");
  assert.equal(inbox.status, 200);
  const items = inbox.body.items;
  assert.deepEqual(items.map((i) => i.kind), ["you_interested", "you_interested"]);
  assert.deepEqual(new Set(items.map((i) => i.job)), new Set([first, second]));
  assertInstantOrder(items.map((i) => i.at), "newest first");
  for (const i of items) {
    assert.match(i.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, "UTC with milliseconds");
    assert.equal(i.appeared_ms, Date.parse(i.at), "an event appears when it happens");
    assert.ok(i.appeared_ms >= sentFrom - 60_000, `${i.at} is now`);
    const inJapan = new Date(i.appeared_ms + 9 * 3600_000).toISOString().slice(0, 10);
    assert.equal(i.day, inJapan, "the day in Japan");
    assert.ok(i.text.ja && i.text.en);
    assert.equal(i.job_title, titleOf.get(i.job), "each entry names its job");
  }
  // The list of my engagements names each job too: no request per card.
  const mine = (await client.get("/api/v1/me/engagements")).body;
  assert.equal(mine.length, 2);
  for (const e of mine) assert.equal(e.job_title, titleOf.get(e.state.parties.job), JSON.stringify(e.state.parties));
  const again = await client.get("/api/v1/me/inbox", { headers: { "if-none-match": inbox.headers.get("etag") } });
  assert.equal(again.status, 304, "an unchanged inbox is revalidated with its ETag");
});
