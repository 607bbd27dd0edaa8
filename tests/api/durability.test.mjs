// Durability: what was written survives stopping wrangler dev and starting it again on the same
// state folder (Miniflare's on-disk KV): a new resident, the profile, a job, the interest, and
// the sessions themselves.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { seedDemo, startServer } from "../support/server.mjs";
import { Client, DEMO, login, registerResident } from "../support/client.mjs";
import { jobInput, profileInput } from "../support/fixtures.mjs";

let first, second;
after(async () => {
  await first?.stop();
  await second?.stop();
  if (first) rmSync(first.state, { recursive: true, force: true });
});

const PROFILE = profileInput({
  display_name: "永続 テスト",
  skills: [{ task: "data.entry", level: "experienced" }],
  hours_per_week: 12,
  windows: ["weekday_evening", "weekend_morning"],
  wishes: { families: [], min_hourly_yen: "", team_ok: false },
});
const JOB = jobInput({
  title: "会員名簿の整理",
  description: "会員名簿の表記ゆれを直します。",
  hours_per_week: 6,
  min_hours_per_person: 3,
  windows: ["weekday_evening", "weekend_morning"],
  duration_weeks: 6,
  pay_yen: 1100, // above 長野県's minimum wage (1,061 yen from 2025-10-03): lower pay is refused
});

test("writes survive a restart of the server on the same state folder", async () => {
  first = await startServer();
  await seedDemo(first.base);
  const email = `durable-${Date.now()}@example.jp`;
  const { client: resident, account } = await registerResident(first.base, email);
  assert.equal((await resident.put("/api/v1/me/profile", PROFILE)).status, 201);
  const company = await login(first.base, DEMO.company);
  const job = await company.post("/api/v1/jobs", JOB);
  assert.equal(job.status, 201, JSON.stringify(job.body));
  const interest = await resident.post(`/api/v1/jobs/${job.body.id}/interest`);
  assert.equal(interest.status, 201);
  const engagementId = interest.body.id;

  second = await first.restart();
  assert.notEqual(second.base, first.base, "a new process on a new port");
  assert.equal(second.state, first.state);
  // The same cookies, against the new process: the sessions are in KV, not in memory.
  const r = new Client(second.base, resident.cookie);
  const c = new Client(second.base, company.cookie);
  const me = await r.get("/api/v1/me");
  assert.equal(me.status, 200);
  assert.equal(me.body.id, account.id);
  const profile = await r.get("/api/v1/me/profile");
  assert.equal(profile.status, 200);
  assert.equal(profile.body.display_name, PROFILE.display_name);
  const stored = await c.get(`/api/v1/jobs/${job.body.id}`);
  assert.equal(stored.status, 200);
  assert.equal(stored.body.title, JOB.title);
  const engagement = await c.get(`/api/v1/engagements/${engagementId}`);
  assert.equal(engagement.status, 200);
  assert.ok(engagement.body.state.resident_interest_at, "the resident's interest is still there");
  assert.equal(engagement.body.state.parties.job, job.body.id);
  assert.deepEqual((await r.get("/api/v1/me/engagements")).body.map((e) => e.id), [engagementId]);
  let found = false;
  for (let offset = 0; !found; offset += 50) {
    const page = await r.get(`/api/v1/me/matches?limit=50&offset=${offset}`);
    assert.equal(page.status, 200);
    found = page.body.items.some((m) => m.job.id === job.body.id);
    if (!page.body.has_more) break;
  }
  assert.ok(found, "the job is still open and matched");
  // A fresh login with the stored password hash works, and the demo seed is not redone.
  await login(second.base, email, "midori-2026-pass");
  const reseed = await fetch(`${second.base}/api/v1/dev/seed`, { method: "POST" });
  assert.equal((await reseed.json()).seeded, false, "the seed marker survived too");
});
